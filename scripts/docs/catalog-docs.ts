import type { CurrentProduct } from '../catalog-build/current-templates';
import type { PriceTable } from '../cost/prices';
import { egressDiagram } from './egress-diagram';
import type { DocLanguage } from './product-docs';
import { renderDocs } from './render';

/** The catalog documents of these products, with egress diagrams from the contract analysis. */
export function renderCatalogDocs(products: CurrentProduct[], table: PriceTable, languages: readonly DocLanguage[]): Map<string, string> {
  return renderDocs(products, table, { languages, diagram: (p) => egressDiagram(p.template) });
}
