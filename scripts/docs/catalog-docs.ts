import type { CatalogConfig } from '../../config/schema';
import type { CurrentProduct } from '../catalog-build/current-templates';
import type { PriceTable } from '../cost/prices';
import { egressDiagram } from './egress-diagram';
import type { DocLanguage } from './product-docs';
import { renderDocs } from './render';

/**
 * The catalog documents of these products, with egress diagrams from the contract analysis; the contact and the
 * launch role's name come from the catalog configuration (`portfolio.support`, `launchRole.name`).
 */
export function renderCatalogDocs(products: CurrentProduct[], table: PriceTable, languages: readonly DocLanguage[], config?: CatalogConfig): Map<string, string> {
  return renderDocs(products, table, {
    languages,
    diagram: (p, lang) => egressDiagram(p.template, lang),
    support: config?.portfolio.support,
    launchRoleName: config?.launchRole.name,
  });
}
