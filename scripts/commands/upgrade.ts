import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error';
import { operationsContext, resolveRegion } from '../operations/aws-clients';
import { repositoryReleases } from '../operations/catalog-versions';
import { applyUpgrade, planUpgrade } from '../operations/upgrade';
import { renderUpgradeOutcome, renderUpgradePlan, upgradeJson } from '../operations/upgrade-report';

interface UpgradeFlags {
  product: string;
  to: string;
  region?: string;
  provisioned?: string;
  all?: boolean;
  apply?: boolean;
  batchSize: number;
  allowBreaking?: boolean;
  json?: boolean;
}

function batchSize(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 50) throw new InvalidArgumentError('allowed: a whole number from 1 to 50');
  return Number(value);
}

/** `catalog upgrade`: plan, then apply, the update of provisioned products to a released version. */
export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description(
      'Show the upgrade verdict of every provisioned product of a catalog product to a released version; with --apply, ' +
        'update them in batches keeping their parameter values, stopping at the first failure.',
    )
    .requiredOption('--product <id>', 'catalog product id, e.g. public-ip')
    .requiredOption('--to <version>', 'released version to upgrade to, e.g. v1.1.0')
    .option('--region <region>', 'region of the provisioned products (default: AWS_REGION)')
    .option('--provisioned <name>', 'only this provisioned product')
    .option('--all', 'every provisioned product of the product (required with --apply unless --provisioned)')
    .option('--apply', 'perform the updates (default: print the plan)')
    .option('--batch-size <n>', 'updates run side by side per batch', batchSize, 5)
    .option('--allow-breaking', 'also perform upgrades whose verdict is breaking or unknown')
    .option('--json', 'print the plan and outcome as JSON')
    .action(async (flags: UpgradeFlags) => {
      if (flags.provisioned !== undefined && flags.all) throw new CliError('--provisioned and --all: give one, not both');
      if (flags.apply && flags.provisioned === undefined && !flags.all) {
        throw new CliError('--apply: say which provisioned products to update, with --provisioned NAME or --all');
      }
      const ctx = operationsContext({ region: resolveRegion(flags.region) });
      const plan = await planUpgrade(ctx, repositoryReleases(), {
        productId: flags.product,
        to: flags.to,
        provisioned: flags.provisioned,
        allowBreaking: flags.allowBreaking ?? false,
      });
      if (!flags.apply) {
        process.stdout.write(flags.json ? `${JSON.stringify(upgradeJson(plan), null, 2)}\n` : renderUpgradePlan(plan, false));
        return;
      }
      if (!flags.json) process.stdout.write(renderUpgradePlan(plan, true));
      const outcome = await applyUpgrade(ctx, plan, flags.batchSize);
      process.stdout.write(flags.json ? `${JSON.stringify(upgradeJson(plan, outcome), null, 2)}\n` : renderUpgradeOutcome(plan, outcome));
      // The one product asked for by name was not updated because of its status: that request failed.
      const namedButSkipped = flags.provisioned !== undefined && plan.items.some((i) => i.action === 'skip');
      if (outcome.failed.length > 0 || namedButSkipped) process.exitCode = 1;
    });
}
