import { PRODUCT_IDS } from '../../products/shared/identity';
import { releaseProduct } from '../../products/versioning/release';
import { readReleases } from '../../products/versioning/release-records';
import { synthesizeCatalog, type CatalogSynthesis } from '../../scripts/catalog-build/synth';
import { DEFAULT_CONFIG, defaultConfig, tempDir } from '../support/catalog';
import { nextVersions, ProductsCopy } from '../versioning/product-copy';

/**
 * The catalog as it will be once the integrator releases the current code: a temporary copy of the product folders
 * (CATALOG_PRODUCTS_DIR) in which every product's current template is released as the next minor version, then the
 * whole catalog synthesized from it. The repository's releases.json and versions/ are never touched.
 */
export function releasedCatalog(): { synthesis: CatalogSynthesis; copy: ProductsCopy; released: Record<string, string> } {
  const copy = new ProductsCopy();
  const config = defaultConfig();
  const released: Record<string, string> = {};
  for (const id of PRODUCT_IDS) {
    const version = nextVersions(readReleases(id).releases.at(-1)!.version).minor;
    releaseProduct({ productId: id, version, notes: 'Network access scope (test release in a temporary copy).', config, date: '2026-12-03' });
    released[id] = version;
  }
  return { synthesis: synthesizeCatalog({ configFile: DEFAULT_CONFIG, outdir: tempDir() }), copy, released };
}
