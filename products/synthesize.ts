import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { ProductStackHistory } from 'aws-cdk-lib/aws-servicecatalog';
import type { CatalogConfig } from '../config/schema';
import { PRODUCTS, type ProductDefinition } from './catalog';
import { templateApp } from './shared/template-app';
import { latestRelease, readReleases, ReleaseError, snapshotFile, type ReleaseManifest } from './versioning/release-records';

/** The current version of one product, synthesized, with the history that holds its released snapshots. */
export interface SynthesizedProduct {
  readonly definition: ProductDefinition;
  readonly version: string;
  readonly history: ProductStackHistory;
  /** The current template as synthesized into the output folder. */
  readonly templateFile: string;
  readonly manifest?: ReleaseManifest;
}

/**
 * Synthesizes the current version of products into `outdir` (phase 1 of a catalog build). Each product stack
 * lives in a host stack named after the product (never deployed), so its snapshot file name is the same for every
 * region's portfolio. ProductStackHistory (locked) writes the snapshot of the current version and fails when a
 * released version's template would change.
 *
 * It writes that snapshot on every synthesis, even when unchanged, by truncating and rewriting the file
 * (aws-cdk-lib product-stack-history.js, `_writeTemplateToSnapshot`). Pointed at the committed versions/ folder, every
 * synthesis would rewrite a committed file in place, and anything reading it meanwhile (another synthesis, a test,
 * `catalog verify`) could read it empty. So by default it compares against a copy of the committed snapshot in a
 * temporary folder, removed after the synthesis: the same check, and the committed files are only ever read.
 */
export function synthesizeProducts(
  config: CatalogConfig,
  outdir: string,
  options: {
    products?: readonly ProductDefinition[];
    versionOverride?: Record<string, string>;
    /** Where ProductStackHistory writes (and checks) snapshots; default the product's committed `versions/` folder. */
    snapshotDirectory?: (definition: ProductDefinition) => string;
  } = {},
): SynthesizedProduct[] {
  // Only the pinned template context reaches product templates (whoever runs the synthesis: catalog, CDK CLI, tests).
  // The bundled CloudFormation validator does not see ProductStack templates anyway; `catalog verify` runs it on them.
  const app = templateApp({ outdir });
  const staging = options.snapshotDirectory ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-snapshot-check-'));
  const built = (options.products ?? PRODUCTS).map((definition) => {
    const manifest = options.versionOverride?.[definition.id] ? undefined : readReleases(definition.id);
    const version = options.versionOverride?.[definition.id] ?? latestRelease(manifest!).version;
    const host = new Stack(app, definition.constructId);
    const productStack = definition.create(host, 'Template', { version, config });
    const history = new ProductStackHistory(host, 'History', {
      productStack,
      currentVersionName: version,
      currentVersionLocked: true,
      directory: options.snapshotDirectory?.(definition) ?? stagedSnapshot(staging!, definition, manifest ? version : undefined),
    });
    return { definition, version, history, templateFile: path.join(outdir, productStack.templateFile), manifest };
  });
  try {
    app.synth();
  } catch (e) {
    const message = (e as Error).message;
    const changed = /Template has changed for ProductStack Version (\S+)\./.exec(message);
    if (changed) {
      // The error comes from the ProductStackHistory construct `<constructId>/History`.
      const hostId = (e as { constructPath?: string }).constructPath?.split('/')[0];
      const product = built.find((b) => b.definition.constructId === hostId)?.definition.id ?? 'a product';
      throw new ReleaseError(
        `${product} ${changed[1]}: the template of this released version changed. Released versions never change: ` +
          `revert the change, or release it as a new version with \`catalog release ${product} <next version> --notes "..."\`.`,
      );
    }
    throw e;
  } finally {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
  return built;
}

/** A folder holding a copy of the committed snapshot of a released `version` (the one ProductStackHistory compares with). */
function stagedSnapshot(staging: string, definition: ProductDefinition, version: string | undefined): string {
  const dir = path.join(staging, definition.id);
  fs.mkdirSync(dir);
  if (version !== undefined) {
    const committed = snapshotFile(definition.id, version);
    fs.copyFileSync(committed, path.join(dir, path.basename(committed)));
  }
  return dir;
}
