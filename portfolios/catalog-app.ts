import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { CatalogConfig } from '../config/schema';
import { synthesizeProducts, type SynthesizedProduct } from '../products/synthesize';
import { LaunchRoleStack } from './launch-role-stack';
import { LaunchRoleStackSetStack } from './launch-role-stackset-stack';
import { PortfolioStack } from './portfolio-stack';

export const PORTFOLIO_STACK_PREFIX = 'AgentNetworkCatalog';
export const LAUNCH_ROLE_STACK_ID = 'AgentNetworkCatalogLaunchRole';
export const LAUNCH_ROLE_STACKSET_STACK_ID = 'AgentNetworkCatalogLaunchRoleStackSet';

export interface CatalogApp {
  readonly app: App;
  readonly products: SynthesizedProduct[];
  readonly portfolioStacks: PortfolioStack[];
  readonly launchRoleStack: LaunchRoleStack;
  /** Only when `launchRole.stackSet` is configured: the launch role in every account of the target OUs. */
  readonly launchRoleStackSetStack?: LaunchRoleStackSetStack;
}

/**
 * The whole catalog in two phases: (1) the current version of every product is synthesized into
 * `<outdir>/product-templates`, which writes and locks its snapshot; (2) one portfolio stack per configured
 * region reads every released version from the snapshots, plus the launch-role stack.
 */
export function buildCatalogApp(config: CatalogConfig, app: App): CatalogApp {
  const products = synthesizeProducts(config, path.join(app.outdir, 'product-templates'));
  const portfolioStacks = config.portfolio.regions.map(
    (region) =>
      new PortfolioStack(app, `${PORTFOLIO_STACK_PREFIX}-${region}`, {
        env: { region },
        config,
        products,
        description: `${config.portfolio.displayName}: Service Catalog portfolio (${region})`,
      }),
  );
  const launchRoleStack = new LaunchRoleStack(app, LAUNCH_ROLE_STACK_ID, {
    roleName: config.launchRole.name,
    config,
    description: 'Agent Network Catalog member-account stack: launch role, product-role boundary, distribution parameters (deploy to every launching account and portfolio region)',
  });
  const stackSet = config.launchRole.stackSet;
  const launchRoleStackSetStack = stackSet
    ? new LaunchRoleStackSetStack(app, LAUNCH_ROLE_STACKSET_STACK_ID, {
        roleName: config.launchRole.name,
        stackSet,
        config,
        description: 'Service-managed StackSet deploying the Agent Network Catalog launch role to the accounts of the configured OUs',
      })
    : undefined;
  return { app, products, portfolioStacks, launchRoleStack, launchRoleStackSetStack };
}
