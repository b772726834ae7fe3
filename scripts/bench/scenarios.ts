import { planSyntheticProducts, addSyntheticProducts, type SyntheticProduct } from './synthetic-products';
import { applyRetainedVersions } from './synthetic-versions';
import { prepareToolchainClone, type ToolchainSide } from './toolchain';
import { createWorkspace, emptyWorkspace, releasedProductIds, type Workspace } from './workspace';

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
  /**
   * A clone of the repository at the `--before` commit or at HEAD, with its own `npm ci` (toolchain.ts), instead of
   * a copy of the working tree.
   */
  readonly clone?: ToolchainSide;
}

const TOOLCHAIN_COMMANDS = ['npm-start', 'npm-start-edited', 'npm-test', 'fresh-clone'];

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
  { id: 'contract', title: 'the contract analysis per template (CPU ms per template, reported in contractPerTemplate)', commands: ['contract-per-template'] },
  { id: 'toolchain-before', title: 'a clone at the --before commit (the toolchain before)', clone: 'before', commands: TOOLCHAIN_COMMANDS },
  { id: 'toolchain-after', title: 'a clone at HEAD (the toolchain now)', clone: 'after', commands: TOOLCHAIN_COMMANDS },
];

/** The commits the toolchain scenarios clone (resolved hashes). */
export interface ToolchainCommits {
  readonly repoRoot: string;
  readonly before: string;
  readonly after: string;
}

export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly workspace: Workspace;
  readonly syntheticProducts: readonly SyntheticProduct[];
}

/** Copies the base workspace and reshapes the copy's releases and registry for the scenario. */
export function prepareScenario(base: string, scenario: Scenario, realProducts: readonly { id: string; constructId: string }[], commits?: ToolchainCommits): PreparedScenario {
  if (scenario.clone) {
    if (!commits) throw new Error(`scenario ${scenario.id} needs --before <commit>`);
    const workspace = emptyWorkspace(scenario.id);
    prepareToolchainClone(commits.repoRoot, commits[scenario.clone], workspace);
    return { scenario, workspace, syntheticProducts: [] };
  }
  const workspace = createWorkspace(base, scenario.id);
  if (scenario.versionsPerProduct !== undefined) {
    for (const id of releasedProductIds(workspace.root)) applyRetainedVersions(workspace.root, id, scenario.versionsPerProduct);
  }
  const syntheticProducts = scenario.products === undefined ? [] : planSyntheticProducts(realProducts, scenario.products);
  addSyntheticProducts(workspace.root, syntheticProducts);
  return { scenario, workspace, syntheticProducts };
}
