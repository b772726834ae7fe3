import type { CurrentProduct } from '../catalog-build/current-templates';
import { azCountParameters } from '../cost/az-count';
import type { Template } from '../cost/evaluate';
import { costProduct, type ProductCost } from '../cost/model';
import { priceRegions, type PriceTable } from '../cost/prices';
import { readProductDocs, type DocLanguage, type ProductDocs } from './product-docs';
import { DOC_STRINGS } from './strings';

/** What the page templates render, computed once per product and language (no timestamps: output is deterministic). */
export interface ParameterRow {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly allowed: string;
  readonly default: string;
  readonly group: string;
}

export interface ProductModel {
  readonly id: string;
  readonly version: string;
  readonly docs: ProductDocs;
  readonly parameters: ParameterRow[];
  readonly outputs: { name: string; description: string }[];
  /** One cost report per region of the price table, with the parameter defaults. */
  readonly costs: ProductCost[];
  /** Always-on cost per region and billed AZ count, when a parameter changes the AZ count. */
  readonly azVariants?: { parameters: string[]; counts: number[]; fixed: Record<string, (number | null)[]> };
  readonly releases: { version: string; date: string; status: string; verdict?: string; notes: string }[];
}

export const DOCS_RUN_MINUTES = 30;

export function productModel(product: CurrentProduct, table: PriceTable): ProductModel {
  const id = product.definition.id;
  const template = product.template;
  const cost = (region: string, azCount?: number) =>
    costProduct({ id, version: product.version, template }, table, { region, azCount, runMinutes: DOCS_RUN_MINUTES });
  const regions = priceRegions(table);
  const azParameters = azCountParameters(template);
  const counts = [...new Set(azParameters.flatMap((p) => p.spreads.map((s) => s.azs)))].sort((a, b) => a - b);
  return {
    id,
    version: product.version,
    docs: readProductDocs(id),
    parameters: parameterRows(template),
    outputs: Object.entries(template.Outputs ?? {}).map(([name, o]) => ({ name, description: String((o as { Description?: string }).Description ?? '') })),
    costs: regions.map((region) => cost(region)),
    azVariants:
      azParameters.length === 0
        ? undefined
        : {
            parameters: azParameters.map((p) => p.name),
            counts,
            fixed: Object.fromEntries(regions.map((region) => [region, counts.map((n) => cost(region, n).fixedMonthlyUsd)])),
          },
    releases: (product.manifest?.releases ?? []).map((r) => ({ version: r.version, date: r.date, status: r.status, verdict: r.upgradeVerdict, notes: r.notes })),
  };
}

/** Parameters in console order: the groups of AWS::CloudFormation::Interface, then any ungrouped ones. */
export function parameterRows(template: Template): ParameterRow[] {
  const ui = (template.Metadata?.['AWS::CloudFormation::Interface'] ?? {}) as {
    ParameterGroups?: { Label?: { default?: string }; Parameters?: string[] }[];
    ParameterLabels?: Record<string, { default?: string }>;
  };
  const declared = (template.Parameters ?? {}) as Record<string, Record<string, unknown>>;
  const grouped = (ui.ParameterGroups ?? []).flatMap((g) => (g.Parameters ?? []).map((name) => ({ name, group: g.Label?.default ?? '' })));
  const ungrouped = Object.keys(declared)
    .filter((name) => !grouped.some((g) => g.name === name))
    .map((name) => ({ name, group: '' }));
  return [...grouped, ...ungrouped]
    .filter(({ name }) => declared[name])
    .map(({ name, group }) => {
      const p = declared[name];
      return {
        name,
        label: ui.ParameterLabels?.[name]?.default ?? name,
        description: String(p.Description ?? ''),
        allowed: allowedValues(p),
        default: p.Default === undefined ? '' : String(p.Default),
        group,
      };
    });
}

function allowedValues(p: Record<string, unknown>): string {
  const parts = [String(p.Type)];
  if (Array.isArray(p.AllowedValues)) parts.push(p.AllowedValues.map((v) => `\`${String(v)}\``).join(', '));
  else if (p.ConstraintDescription) parts.push(String(p.ConstraintDescription));
  if (p.MinValue !== undefined || p.MaxValue !== undefined) parts.push(`${p.MinValue ?? ''}–${p.MaxValue ?? ''}`);
  if (!p.ConstraintDescription && (p.MinLength !== undefined || p.MaxLength !== undefined)) parts.push(`${p.MinLength ?? 0}–${p.MaxLength ?? ''} chars`);
  return parts.join(': ');
}

export function languageStrings(lang: DocLanguage) {
  return DOC_STRINGS[lang];
}
