import * as path from 'path';
import { repoRoot } from '../../products/shared/repo-root';
import type { CurrentProduct } from '../catalog-build/current-templates';
import { CliError } from '../cli-error';
import { azCountParameters } from '../cost/az-count';
import type { Template } from '../cost/evaluate';
import { costProduct, type ProductCost } from '../cost/model';
import { PRICE_KEYS, priceRegions, type PriceKey, type PriceTable } from '../cost/prices';
import { describeCondition } from './conditions';
import { productDocsFile, readProductDocs, readSharedDocs, sharedDocsFile, type DocLanguage, type ProductDocs, type SharedDocs } from './product-docs';

/** What the page templates render, computed once per product (no timestamps: output is deterministic). */
export interface ParameterRow {
  readonly name: string;
  /** The console label (the template's ParameterLabels), as the customer sees it on screen. */
  readonly consoleLabel: string;
  /** Japanese name of the parameter, if the docs data gives one. */
  readonly jaLabel?: string;
  readonly description: Record<DocLanguage, string>;
  /** No Default in the template: the console refuses to launch without a value. */
  readonly required: boolean;
  readonly type: string;
  readonly allowedValues?: string[];
  readonly min?: string;
  readonly max?: string;
  readonly constraint?: string;
  readonly default: string;
  readonly group: string;
  readonly groupJa: string;
}

export interface OutputRow {
  readonly name: string;
  readonly description: Record<DocLanguage, string>;
  /** Only present under these parameter choices (the output's Condition, in words). */
  readonly condition?: Record<DocLanguage, string>;
}

export interface ProductModel {
  readonly id: string;
  readonly version: string;
  readonly docs: ProductDocs;
  readonly parameters: ParameterRow[];
  readonly outputs: OutputRow[];
  /** One cost report per region of the price table, with the parameter defaults. */
  readonly costs: ProductCost[];
  /** The docs data's cost variants, per region. */
  readonly variants: { label: Record<DocLanguage, string>; costs: ProductCost[] }[];
  /** Always-on cost per region and billed AZ count, when a parameter changes the AZ count. */
  readonly azVariants?: { parameters: string[]; counts: number[]; fixed: Record<string, (number | null)[]> };
  readonly releases: { version: string; date: string; status: string; verdict?: string; notes: Record<DocLanguage, string> }[];
  /** Prices of a region the table has no sourced price for, taken from another region to give a labelled reference figure. */
  readonly borrowed: Borrowed[];
}

export interface Borrowed {
  readonly region: string;
  readonly key: PriceKey;
  readonly from: string;
  /** The pricing page and the date of the region's own (unsourced) entry: where the reader finds the real price. */
  readonly source: string;
  readonly checked: string;
}

export const DOCS_RUN_MINUTES = 30;

const NO_JAPANESE_NOTES = 'このバージョンのリリースノートは英語版のページに記載しています。';

/** Every product's model; fails once, naming every missing Japanese description (file and key), before anything renders. */
export function productModels(products: CurrentProduct[], table: PriceTable): ProductModel[] {
  const shared = readSharedDocs();
  const missing: string[] = [];
  const models = products.map((p) => productModel(p, table, shared, missing));
  if (missing.length > 0) {
    throw new CliError(
      `the Japanese documents would have English in them: every parameter, output and parameter group of a product's latest version, and its latest release, needs a Japanese description. Add:\n  - ${missing.join('\n  - ')}\n` +
        `(a parameter or output that several products share may instead go once into ${path.relative(repoRoot(), sharedDocsFile())}; its format is described at the top of that file)`,
    );
  }
  return models;
}

/** A price table where each unsourced price is the first other region's, with the list of what was borrowed. */
export function withReferencePrices(table: PriceTable): { table: PriceTable; borrowed: Borrowed[] } {
  const regions = priceRegions(table);
  const borrowed: Borrowed[] = [];
  const patched: PriceTable = { ...table, regions: {} };
  for (const region of regions) {
    const prices = { ...table.regions[region] };
    for (const key of PRICE_KEYS) {
      if (prices[key].usd !== null) continue;
      const from = regions.find((r) => r !== region && table.regions[r][key].usd !== null);
      if (!from) continue;
      const own = prices[key];
      prices[key] = table.regions[from][key];
      borrowed.push({ region, key, from, source: own.source, checked: own.checked });
    }
    patched.regions[region] = prices;
  }
  return { table: patched, borrowed };
}

function productModel(product: CurrentProduct, sourcedTable: PriceTable, shared: SharedDocs, missing: string[]): ProductModel {
  const id = product.definition.id;
  const template = product.template;
  const docs = readProductDocs(id);
  const file = path.relative(repoRoot(), productDocsFile(id));
  const { table, borrowed } = withReferencePrices(sourcedTable);
  const cost = (region: string, options: { azCount?: number; parameters?: Record<string, string> } = {}) =>
    costProduct({ id, version: product.version, template }, table, { region, runMinutes: DOCS_RUN_MINUTES, ...options });
  const regions = priceRegions(table);
  const azParameters = azCountParameters(template);
  const counts = [...new Set(azParameters.flatMap((p) => p.spreads.map((s) => s.azs)))].sort((a, b) => a - b);
  const costs = regions.map((region) => cost(region));
  const used = (c: ProductCost) => new Set([...c.lineItems.map((i) => i.priceKey), ...c.dataRates.map((r) => r.priceKey)]);

  const lookup = (kind: 'parameters' | 'outputs', name: string) => docs[kind][name] ?? shared[kind][name];
  const parameters = parameterRows(template).map((row) => {
    const entry = lookup('parameters', row.name);
    if (!entry) missing.push(`${file}: parameters.${row.name}.ja (parameter ${row.name} of ${id} ${product.version})`);
    const groupJa = row.group === '' ? '' : shared.groups[row.group];
    if (groupJa === undefined) missing.push(`${path.relative(repoRoot(), sharedDocsFile())}: groups."${row.group}" (parameter group of ${id} ${product.version})`);
    return { ...row, jaLabel: entry?.label, groupJa: groupJa ?? row.group, description: { en: entry?.en ?? row.templateDescription, ja: joinJapanese(entry?.ja ?? '') } };
  });
  const outputs = Object.entries(template.Outputs ?? {}).map(([name, o]) => {
    const output = o as { Description?: string; Condition?: string };
    const entry = lookup('outputs', name);
    if (!entry) missing.push(`${file}: outputs.${name}.ja (output ${name} of ${id} ${product.version})`);
    return {
      name,
      description: { en: entry?.en ?? String(output.Description ?? ''), ja: joinJapanese(entry?.ja ?? '') },
      condition: output.Condition ? { en: describeCondition(template, output.Condition, 'en'), ja: describeCondition(template, output.Condition, 'ja') } : undefined,
    };
  });
  // The latest release must have Japanese notes; an older one without them (kept from before) points to the English page.
  const all = product.manifest?.releases ?? [];
  const releases = all.map((r, i) => {
    const ja = docs.releases[r.version]?.ja;
    if (!ja && i === all.length - 1) missing.push(`${file}: releases.${r.version}.ja (release notes of ${id} ${r.version})`);
    return { version: r.version, date: r.date, status: r.status, verdict: r.upgradeVerdict, notes: { en: r.notes, ja: ja ? joinJapanese(ja) : NO_JAPANESE_NOTES } };
  });

  return {
    id,
    version: product.version,
    docs,
    parameters,
    outputs,
    costs,
    variants: docs.costVariants.map((v) => ({ label: { en: v.en, ja: v.ja }, costs: regions.map((region) => cost(region, { parameters: v.parameters })) })),
    azVariants:
      azParameters.length === 0
        ? undefined
        : {
            parameters: azParameters.map((p) => p.name),
            counts,
            fixed: Object.fromEntries(regions.map((region) => [region, counts.map((n) => cost(region, { azCount: n }).fixedMonthlyUsd)])),
          },
    releases,
    borrowed: borrowed.filter((b) => costs.some((c) => c.region === b.region && used(c).has(b.key))),
  };
}

/** Parameters in console order: the groups of AWS::CloudFormation::Interface, then any ungrouped ones. */
export function parameterRows(template: Template): (Omit<ParameterRow, 'description' | 'groupJa' | 'jaLabel'> & { templateDescription: string })[] {
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
      const text = (v: unknown) => (v === undefined ? undefined : String(v));
      return {
        name,
        consoleLabel: ui.ParameterLabels?.[name]?.default ?? name,
        templateDescription: String(p.Description ?? ''),
        required: p.Default === undefined,
        type: String(p.Type),
        allowedValues: Array.isArray(p.AllowedValues) ? p.AllowedValues.map(String) : undefined,
        min: text(p.MinValue ?? p.MinLength),
        max: text(p.MaxValue ?? p.MaxLength),
        constraint: text(p.ConstraintDescription),
        default: p.Default === undefined ? '' : String(p.Default),
        group,
      };
    });
}

/**
 * YAML folds lines with a space, which Japanese text does not use between sentences: drop whitespace after Japanese
 * punctuation (。、）」) and between two Japanese characters.
 */
export function joinJapanese(text: string): string {
  return text.replace(/([。、）」])\s+/g, '$1').replace(/([\u3040-\u30ff\u4e00-\u9fff])\s*\n\s*([\u3040-\u30ff\u4e00-\u9fff])/g, '$1$2');
}
