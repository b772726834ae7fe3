import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { repoRoot } from '../../products/shared/repo-root';
import type { CurrentProduct } from '../catalog-build/current-templates';
import { PRICE_KEYS, priceRegions, type PriceTable } from '../cost/prices';
import { usd } from '../cost/render';
import type { DocLanguage } from './product-docs';
import { DOC_STRINGS, type DocStrings } from './strings';
import { DOCS_RUN_MINUTES, productModel, type ProductModel } from './view-model';

/**
 * Renders the catalog documents in memory: `<lang>/index.md` (decision guide, cost comparison, price sources) and
 * `<lang>/<product>.md` per product, from `scripts/docs/templates/*.hbs`. Paths are relative to the docs folder.
 * Deterministic: the same templates and price table always give the same bytes.
 */
export type EgressDiagram = (product: CurrentProduct) => string | undefined;

export function templatesDir(): string {
  return path.join(repoRoot(), 'scripts', 'docs', 'templates');
}

export function renderDocs(
  products: CurrentProduct[],
  table: PriceTable,
  options: { languages: readonly DocLanguage[]; diagram?: EgressDiagram },
): Map<string, string> {
  const hbs = Handlebars.create();
  hbs.registerHelper('cell', (text: unknown) => markdownCell(String(text ?? '')));
  hbs.registerHelper('code', (text: unknown) => (text === '' || text === undefined ? '' : `\`${String(text).replace(/\|/g, '\\|')}\``));
  const compile = (name: string) => hbs.compile(fs.readFileSync(path.join(templatesDir(), name), 'utf8'), { noEscape: true, strict: true });
  const indexTemplate = compile('index.md.hbs');
  const productTemplate = compile('product.md.hbs');

  const models = products.map((p) => ({ product: p, model: productModel(p, table) })).sort((a, b) => a.model.docs.order - b.model.docs.order);
  const files = new Map<string, string>();
  for (const lang of options.languages) {
    const s = DOC_STRINGS[lang];
    for (const { product, model } of models) {
      files.set(`${lang}/${model.id}.md`, tidy(productTemplate(productContext(model, s, lang, options.diagram?.(product)))));
    }
    files.set(`${lang}/index.md`, tidy(indexTemplate(indexContext(models.map((m) => m.model), table, s, lang))));
  }
  return files;
}

function productContext(m: ProductModel, s: DocStrings, lang: DocLanguage, diagram: string | undefined) {
  const number = (x: number) => String(x);
  return {
    s,
    id: m.id,
    prose: prose(m, lang),
    otherLanguage: s.otherLanguage.replace('{file}', `${m.id}.md`),
    currentVersion: s.currentVersion(m.version),
    diagram,
    parameters: m.parameters,
    outputs: m.outputs,
    monthlyCostIntro: s.monthlyCostIntro(DOCS_RUN_MINUTES),
    costs: m.costs.map((c) => ({
      region: c.region,
      lineItems: c.lineItems.map((i) => ({
        name: i.name,
        quantity: number(i.quantity),
        unit: i.unit,
        unitUsd: i.unitUsd === null ? s.notPriced : number(i.unitUsd),
        monthly: i.monthlyUsd === null ? s.notPriced : usd(i.monthlyUsd),
      })),
      fixed: c.fixedMonthlyUsd === null ? s.notPriced : usd(c.fixedMonthlyUsd),
      runs: c.runsMonthlyUsd === null ? s.notPriced : usd(c.runsMonthlyUsd),
      total: c.monthlyUsd === null ? s.notPriced : usd(c.monthlyUsd),
      dataRates: c.dataRates.map((r) => ({ name: r.name, usdPerGb: r.usdPerGb === null ? s.notPriced : `${number(r.usdPerGb)} USD` })),
      unpricedNotes: c.notes.filter((n) => /^[a-zA-Z]+ in [a-z0-9-]+: /.test(n)),
    })),
    azVariants: m.azVariants && {
      title: s.byAzCount(m.azVariants.parameters.map((p) => `\`${p}\``).join(', ')),
      header: m.azVariants.counts.map((n) => s.azs(n)),
      rows: Object.entries(m.azVariants.fixed).map(([region, values]) => ({ region, values: values.map((v) => (v === null ? s.notPriced : usd(v))) })),
    },
    releases: m.releases.map((r, i) => ({
      version: r.version,
      date: r.date,
      status: s.statusNames[r.status] ?? r.status,
      verdict: r.verdict ? (s.verdictNames[r.verdict] ?? r.verdict) : i === 0 ? s.firstRelease : s.notRecorded,
      notes: r.notes,
    })),
  };
}

function indexContext(models: ProductModel[], table: PriceTable, s: DocStrings, lang: DocLanguage) {
  const regions = priceRegions(table);
  const money = (x: number | null) => (x === null ? s.notPriced : usd(x));
  return {
    s,
    otherLanguage: s.otherLanguage.replace('{file}', 'index.md'),
    regions: regions.map((region) => ({ region, fixedHeader: s.fixedMonthly(region), runsHeader: s.runsMonthly(region) })),
    products: models.map((m) => ({
      id: m.id,
      file: `${m.id}.md`,
      prose: prose(m, lang),
      billedAzs: m.costs[0]?.billedAzs ?? 0,
      fixed: regions.map((r) => money(m.costs.find((c) => c.region === r)!.fixedMonthlyUsd)),
      runs: regions.map((r) => money(m.costs.find((c) => c.region === r)!.runsMonthlyUsd)),
    })),
    prices: PRICE_KEYS.map((key) => ({
      key,
      values: regions.map((r) => (table.regions[r][key].usd === null ? s.notPriced : String(table.regions[r][key].usd))),
      source: `${table.regions[regions[0]][key].source} (${table.regions[regions[0]][key].checked})`,
    })),
  };
}

/**
 * The product prose in one language. YAML folds lines with a space, which Japanese text does not use between
 * sentences: drop whitespace after Japanese punctuation and between Japanese characters.
 */
function prose(m: ProductModel, lang: DocLanguage): ProductModel['docs']['en'] {
  const text = m.docs[lang];
  if (lang !== 'ja') return text;
  const join = (t: string) => t.replace(/([。、）」])\s+/g, '$1');
  return { title: text.title, requirement: join(text.requirement), builds: join(text.builds), chooseWhen: join(text.chooseWhen) };
}

/** A Markdown table cell: pipes escaped, line breaks folded. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** One trailing newline and no runs of blank lines (Handlebars blocks leave some). */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
