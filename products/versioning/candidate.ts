import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CatalogConfig } from '../../config/schema';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { productDefinition } from '../catalog';
import { synthesizeProducts } from '../synthesize';

/** What the current product code would release as a given version, synthesized away from the committed snapshots. */
export interface CandidateTemplate {
  readonly productId: string;
  readonly version: string;
  readonly template: CfnTemplate;
  /** The snapshot as ProductStackHistory names and writes it (`<ids>.<version>.product.template.json`), in a temporary folder. */
  readonly snapshotFile: string;
  /** Removes the temporary folder. */
  dispose(): void;
}

/**
 * Synthesizes one product as `version` into a temporary folder, with its ProductStackHistory writing there too, so
 * nothing under `products/<id>/versions/` is touched and a locked version is never compared. `catalog release` uses
 * it to analyze a version before recording it; `catalog diff … current` to show what the code would release.
 */
export function synthesizeCandidate(config: CatalogConfig, productId: string, version: string): CandidateTemplate {
  const definition = productDefinition(productId);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `catalog-candidate-${definition.id}-`));
  const dispose = () => fs.rmSync(workdir, { recursive: true, force: true });
  try {
    const snapshots = path.join(workdir, 'versions');
    synthesizeProducts(config, path.join(workdir, 'out'), {
      products: [definition],
      versionOverride: { [definition.id]: version },
      snapshotDirectory: () => snapshots,
    });
    const suffix = `.${version}.product.template.json`;
    const written = fs.readdirSync(snapshots).filter((f) => f.endsWith(suffix));
    if (written.length !== 1) throw new Error(`${definition.id} ${version}: expected one snapshot *${suffix} in ${snapshots}, found ${written.length}`);
    const snapshotFile = path.join(snapshots, written[0]);
    const template = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as CfnTemplate;
    return { productId: definition.id, version, template, snapshotFile, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
