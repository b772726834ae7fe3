import * as path from 'path';
import { repoRoot } from '../../products/shared/repo-root';
import { currentProductsOf } from '../catalog-build/current-templates';
import type { CatalogSynthesis } from '../catalog-build/synth';
import { loadPriceTable } from '../cost/prices';
import { renderCatalogDocs } from './catalog-docs';
import { DOC_LANGUAGES } from './product-docs';
import { writeDocs } from './write';

/** The committed documents folder of the repository. */
export function docsDir(): string {
  return path.join(repoRoot(), 'docs');
}

/** The docs step of `catalog build`: regenerate docs/ from the build's own synthesis; returns the summary line. */
export function regenerateDocs(synthesis: CatalogSynthesis, outDir = docsDir()): string {
  const files = renderCatalogDocs(currentProductsOf(synthesis), loadPriceTable(), DOC_LANGUAGES, synthesis.config);
  const { written, removed } = writeDocs(outDir, files);
  const changes = [...written.map((f) => `${f} written`), ...removed.map((f) => `${f} removed`)];
  return `Docs: ${files.size} documents in ${path.relative(process.cwd(), outDir) || '.'}/ (${changes.length === 0 ? 'unchanged' : changes.join(', ')})`;
}
