import type { Command } from 'commander';
import { applyAdoption, planAdoption } from '../operations/adopt';
import { adoptionJson, renderAdoptionPlan, renderAdoptionResult } from '../operations/adopt-report';
import { operationsContext, resolveRegion } from '../operations/aws-clients';
import { repositoryReleases } from '../operations/catalog-versions';
import { OperationError } from '../operations/errors';
import { parseStackReference } from '../operations/stack-inspection';

interface AdoptFlags {
  stack: string;
  region?: string;
  product?: string;
  name?: string;
  apply?: boolean;
  registerClosestVersion?: boolean;
  json?: boolean;
}

/** `catalog adopt`: import an existing agent stack as a provisioned product of the matching catalog version. */
export function registerAdopt(program: Command): void {
  program
    .command('adopt')
    .description(
      'Import an existing agent stack (hand-deployed, or left by the retired AWS Proton) into Service Catalog as a provisioned ' +
        'product of the catalog version whose template matches. Dry run unless --apply.',
    )
    .requiredOption('--stack <name|arn>', 'the CloudFormation stack to adopt')
    .option('--region <region>', 'region of the stack and of the portfolio (default: AWS_REGION)')
    .option('--product <id>', 'compare with this catalog product only (default: the product the template declares, else all)')
    .option('--name <name>', 'provisioned product name (default: the stack name)')
    .option('--register-closest-version', "no matching version: register the stack's exact template as version <closest>-adopted-<stack> and import it")
    .option('--apply', 'perform the plan (default: print it)')
    .option('--json', 'print the plan and result as JSON')
    .action(async (flags: AdoptFlags) => {
      const stack = parseStackReference(flags.stack);
      if (stack.arnRegion && flags.region && stack.arnRegion !== flags.region) {
        throw new OperationError(`--region: got "${flags.region}", but the stack ARN is in ${stack.arnRegion}; give the stack's region or omit --region.`);
      }
      const ctx = operationsContext({ region: resolveRegion(flags.region ?? stack.arnRegion) });
      const plan = await planAdoption(ctx, repositoryReleases(), {
        stack,
        productId: flags.product,
        provisionedProductName: flags.name,
        registerClosestVersion: flags.registerClosestVersion ?? false,
      });
      if (!flags.apply || plan.action === 'none') {
        process.stdout.write(flags.json ? `${JSON.stringify(adoptionJson(plan), null, 2)}\n` : renderAdoptionPlan(plan, false));
        // Without a match there is nothing to import: a failure for scripts, even as a dry run.
        if (plan.action === 'none') process.exitCode = 1;
        return;
      }
      if (!flags.json) process.stdout.write(renderAdoptionPlan(plan, true));
      const result = await applyAdoption(ctx, plan);
      process.stdout.write(flags.json ? `${JSON.stringify(adoptionJson(plan, result), null, 2)}\n` : renderAdoptionResult(plan, result));
    });
}
