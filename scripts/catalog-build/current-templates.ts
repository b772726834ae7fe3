import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../config/load';
import type { ProductDefinition } from '../../products/catalog';
import { synthesizeProducts, type SynthesizedProduct } from '../../products/synthesize';
import type { ReleaseManifest } from '../../products/versioning/release-records';
import type { Template } from '../cost/evaluate';
import type { CatalogSynthesis } from './synth';

/** The current version of a product (its latest release) with its synthesized template and release history. */
export interface CurrentProduct {
  readonly definition: ProductDefinition;
  readonly version: string;
  readonly template: Template;
  readonly manifest?: ReleaseManifest;
}

function fromSynthesized(products: SynthesizedProduct[]): CurrentProduct[] {
  return products.map((p) => ({
    definition: p.definition,
    version: p.version,
    template: JSON.parse(fs.readFileSync(p.templateFile, 'utf8')) as Template,
    manifest: p.manifest,
  }));
}

/** The current products of a catalog build, from the same synthesis (never synthesizing twice). */
export function currentProductsOf(synthesis: CatalogSynthesis): CurrentProduct[] {
  return fromSynthesized(synthesis.catalog.products);
}

/** Synthesizes only the products (no portfolio; all, or the given ones) into a temporary folder, for commands that read templates. */
export function synthesizeCurrentProducts(configFile: string, products?: readonly ProductDefinition[]): CurrentProduct[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-products-'));
  try {
    return fromSynthesized(synthesizeProducts(loadConfig(configFile), outdir, { products }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
