import { planSyntheticProducts, addSyntheticProducts, type SyntheticProduct } from './synthetic-products';
import { applyRetainedVersions } from './synthetic-versions';
import { createWorkspace, releasedProductIds, type Workspace } from './workspace';

/** One shape of the catalog to measure, built in its own temporary copy of the repository. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** Exactly this many retained versions per product (synthetic older ones added, older real ones dropped). */
  readonly versionsPerProduct?: number;
  /** At least this many products (synthetic copies of the real ones added). */
  readonly products?: number;
  /** Ids of the commands (see commands.ts) timed in this scenario. */
  readonly commands: readonly string[];
}

// Cold verify (no result cache) shows what checking every retained version costs; warm is every build after the first.
const SCALE_COMMANDS = ['synth', 'verify-cold', 'verify', 'docs', 'build'];

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'default',
    title: 'the catalog as it is in the working tree',
    commands: ['startup', 'synth', 'verify-cold', 'verify', 'docs', 'build', 'build-cold', 'npm-start', 'npm-start-edited'],
  },
  { id: 'versions-1', title: '1 retained version per product', versionsPerProduct: 1, commands: SCALE_COMMANDS },
  { id: 'versions-10', title: '10 retained versions per product', versionsPerProduct: 10, commands: SCALE_COMMANDS },
  { id: 'versions-50', title: '50 retained versions per product', versionsPerProduct: 50, commands: SCALE_COMMANDS },
  { id: 'products-5', title: 'at least 5 products (synthetic copies added when there are fewer)', products: 5, commands: ['synth', 'verify-cold', 'build'] },
  { id: 'products-25', title: '25 products (synthetic copies added)', products: 25, commands: SCALE_COMMANDS },
];

export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly workspace: Workspace;
  readonly syntheticProducts: readonly SyntheticProduct[];
}

/** Copies the base workspace and reshapes the copy's releases and registry for the scenario. */
export function prepareScenario(base: string, scenario: Scenario, realProducts: readonly { id: string; constructId: string }[]): PreparedScenario {
  const workspace = createWorkspace(base, scenario.id);
  if (scenario.versionsPerProduct !== undefined) {
    for (const id of releasedProductIds(workspace.root)) applyRetainedVersions(workspace.root, id, scenario.versionsPerProduct);
  }
  const syntheticProducts = scenario.products === undefined ? [] : planSyntheticProducts(realProducts, scenario.products);
  addSyntheticProducts(workspace.root, syntheticProducts);
  return { scenario, workspace, syntheticProducts };
}
