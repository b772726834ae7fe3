import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error';
import { operationsContext, resolveRegion } from '../operations/aws-clients';
import { repositoryReleases } from '../operations/catalog-versions';
import { applyUpgrade, planUpgrade } from '../operations/upgrade';
import { renderPlanReviews, renderUpgradeOutcome, renderUpgradePlan, upgradeJson } from '../operations/upgrade-report';
import { ResumeLog } from '../operations/upgrade-resume';
import { reviewPlans } from '../operations/upgrade-waves';

interface UpgradeFlags {
  product: string;
  to: string;
  region?: string;
  provisioned?: string;
  all?: boolean;
  apply?: boolean;
  plan?: boolean;
  batchSize: number;
  maxFailures?: number;
  resume?: string;
  allowBreaking?: boolean;
  json?: boolean;
}

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`allowed: a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

/** `catalog upgrade`: plan, then apply, the update of provisioned products to a released version. */
export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description(
      'Show the upgrade verdict of every provisioned product of a catalog product to a released version; with --plan, beside ' +
        "AWS's own answer (a provisioned product plan per product); with --apply, update them in waves keeping their parameter values.",
    )
    .requiredOption('--product <id>', 'catalog product id, e.g. public-ip')
    .requiredOption('--to <version>', 'released version to upgrade to, e.g. v1.1.0')
    .option('--region <region>', 'region of the provisioned products (default: AWS_REGION)')
    .option('--provisioned <name>', 'only this provisioned product')
    .option('--all', 'every provisioned product of the product (required with --apply unless --provisioned)')
    .option('--apply', 'perform the updates (default: print the plan)')
    .option(
      '--plan',
      "confirm with AWS: create a provisioned product plan (change set) per product and compare its resource changes with the offline " +
        'verdict; with --apply, execute the reviewed plan instead of a fresh update. Plans are deleted when done or refused',
    )
    .option('--batch-size <n>', 'products updated (or planned) side by side per batch', wholeNumber(1, 50), 5)
    .option('--max-failures <n>', 'with --apply: stop after the batch in which this many products failed or were refused (default 1)', wholeNumber(1, 1000))
    .option('--resume <file>', 'with --apply: JSON report written after every product; if it exists, continue the upgrade it records')
    .option('--allow-breaking', "also perform upgrades whose verdict is breaking or unknown, or that AWS's plan blocks")
    .option('--json', 'print the plan and outcome as JSON')
    .action(async (flags: UpgradeFlags) => {
      if (flags.provisioned !== undefined && flags.all) throw new CliError('--provisioned and --all: give one, not both');
      if (flags.apply && flags.provisioned === undefined && !flags.all) {
        throw new CliError('--apply: say which provisioned products to update, with --provisioned NAME or --all');
      }
      if (!flags.apply && flags.resume !== undefined) throw new CliError('--resume: only with --apply (a dry run changes nothing there is to resume)');
      if (!flags.apply && flags.maxFailures !== undefined) throw new CliError('--max-failures: only with --apply');
      if (flags.resume !== undefined && flags.resume.trim() === '') throw new CliError('--resume: allowed: a file path');
      const region = resolveRegion(flags.region);
      const usePlans = flags.plan ?? false;
      // The resume file is checked before anything is asked of AWS.
      const log = flags.resume === undefined ? undefined : ResumeLog.open(flags.resume, { region, product: flags.product, target: { version: flags.to }, usePlans });
      const ctx = operationsContext({ region });
      const plan = await planUpgrade(ctx, repositoryReleases(), {
        productId: flags.product,
        to: flags.to,
        provisioned: flags.provisioned,
        allowBreaking: flags.allowBreaking ?? false,
        plans: usePlans ? { own: log?.ownPlanIds() ?? new Set() } : undefined,
      });
      log?.bind(plan.target.artifactId);
      if (!flags.apply) {
        const review = usePlans ? await reviewPlans(ctx, plan, flags.batchSize) : undefined;
        if (flags.json) process.stdout.write(`${JSON.stringify(upgradeJson(plan, undefined, review), null, 2)}\n`);
        else {
          process.stdout.write(renderUpgradePlan(plan, false));
          if (review) process.stdout.write(`\n${renderPlanReviews(plan, review.reviews, false)}`);
          for (const f of review?.failed ?? []) process.stdout.write(`Plan failed: ${f.name} (${f.id}): ${f.error}\n`);
          for (const p of review?.plansNotDeleted ?? []) process.stdout.write(`Plan not deleted: ${p.planId} of ${p.name}: ${p.error}\n`);
        }
        if ((review?.failed.length ?? 0) > 0 || (review?.plansNotDeleted.length ?? 0) > 0) process.exitCode = 1;
        return;
      }
      if (!flags.json) process.stdout.write(renderUpgradePlan(plan, true));
      const outcome = await applyUpgrade(ctx, plan, flags.batchSize, { maxFailures: flags.maxFailures ?? 1, usePlans, log });
      process.stdout.write(flags.json ? `${JSON.stringify(upgradeJson(plan, outcome), null, 2)}\n` : renderUpgradeOutcome(plan, outcome));
      if (flags.resume !== undefined && !flags.json) process.stdout.write(`Report: ${flags.resume} (re-run with the same --resume to continue)\n`);
      // The one product asked for by name was not updated because of its status: that request failed.
      const namedButSkipped = flags.provisioned !== undefined && plan.items.some((i) => i.action === 'skip') && outcome.earlier.length === 0 && outcome.updated.length === 0;
      if (outcome.failed.length > 0 || outcome.refused.length > 0 || outcome.plansNotDeleted.length > 0 || namedButSkipped) process.exitCode = 1;
    });
}
