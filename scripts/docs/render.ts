import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { repoRoot } from '../../products/shared/repo-root';
import type { CurrentProduct } from '../catalog-build/current-templates';
import type { ProductCost } from '../cost/model';
import { PRICE_KEYS, priceRegions, type PriceTable } from '../cost/prices';
import { usd } from '../cost/render';
import type { EgressDiagram } from './egress-diagram';
import type { DocLanguage } from './product-docs';
import { DOC_STRINGS, type DocStrings } from './strings';
import { DOCS_RUN_MINUTES, joinJapanese, productModels, withReferencePrices, type Borrowed, type ProductModel } from './view-model';

/**
 * Renders the catalog documents in memory, per language: `index.md` (the decision guide and cost comparison),
 * `guide.md` (before launching, launching in the console, after launching, updating, getting help) and a page per
 * product, from `scripts/docs/templates/*.hbs`. Paths are relative to the docs folder. Deterministic: the same
 * templates, docs data and price table always give the same bytes.
 */
export type DiagramOf = (product: CurrentProduct, lang: DocLanguage) => EgressDiagram | undefined;

/** The catalog configuration's contact (`portfolio.support`). */
export interface Support {
  readonly email?: string;
  readonly url?: string;
  readonly description?: string;
}

export function templatesDir(): string {
  return path.join(repoRoot(), 'scripts', 'docs', 'templates');
}

export function renderDocs(
  products: CurrentProduct[],
  table: PriceTable,
  options: { languages: readonly DocLanguage[]; diagram?: DiagramOf; support?: Support; launchRoleName?: string },
): Map<string, string> {
  const hbs = Handlebars.create();
  hbs.registerHelper('cell', (text: unknown) => markdownCell(String(text ?? '')));
  hbs.registerHelper('code', (text: unknown) => (text === '' || text === undefined ? '' : `\`${String(text).replace(/\|/g, '\\|')}\``));
  const compile = (name: string) => hbs.compile(fs.readFileSync(path.join(templatesDir(), name), 'utf8'), { noEscape: true, strict: true });
  const productTemplate = compile('product.md.hbs');

  const byProduct = new Map<string, CurrentProduct>(products.map((p) => [p.definition.id, p]));
  const models = productModels(products, table).sort((a, b) => a.docs.order - b.docs.order);
  const files = new Map<string, string>();
  for (const lang of options.languages) {
    const s = DOC_STRINGS[lang];
    for (const model of models) {
      const diagram = options.diagram?.(byProduct.get(model.id)!, lang);
      files.set(`${lang}/${model.id}.md`, tidy(productTemplate(productContext(model, s, lang, diagram))));
    }
    const index = indexContext(models, table, s, lang);
    files.set(`${lang}/index.md`, tidy(compile(`index.${lang}.md.hbs`)(index)));
    files.set(`${lang}/guide.md`, tidy(compile(`guide.${lang}.md.hbs`)(guideContext(models, s, lang, options.support, options.launchRoleName))));
  }
  return files;
}

const money = (s: DocStrings, x: number | null) => (x === null ? s.notPriced : usd(x));

function productContext(m: ProductModel, s: DocStrings, lang: DocLanguage, diagram: EgressDiagram | undefined) {
  const groups: { name: string; parameters: unknown[] }[] = [];
  for (const p of m.parameters) {
    const name = p.group === '' ? s.ungrouped : lang === 'ja' ? p.groupJa : p.group;
    let group = groups.find((g) => g.name === name);
    if (!group) groups.push((group = { name, parameters: [] }));
    group.parameters.push({
      name: p.name,
      title: lang === 'ja' && p.jaLabel ? p.jaLabel : p.consoleLabel,
      consoleLabel: lang === 'ja' && p.jaLabel ? s.consoleLabel(p.consoleLabel) : undefined,
      badge: p.required ? s.requiredBadge : s.optionalBadge,
      description: p.description[lang],
      facts: parameterFacts(p, s, lang),
    });
  }
  return {
    s,
    id: m.id,
    prose: prose(m, lang),
    otherLanguage: s.otherLanguage.replace('{file}', `${m.id}.md`),
    currentVersion: s.currentVersion(m.version),
    diagram: diagram?.mermaid,
    legend: diagram?.legend ?? [],
    parametersIntro: s.parametersIntro(
      m.parameters.filter((p) => p.required).length,
      m.parameters.filter((p) => p.required).map((p) => `\`${p.name}\``).join(lang === 'ja' ? '、' : ', '),
    ),
    groups,
    outputs: m.outputs.map((o) => ({ name: o.name, description: o.description[lang], condition: o.condition ? s.onlyWhen(o.condition[lang]) : undefined })),
    monthlyCostIntro: s.monthlyCostIntro(DOCS_RUN_MINUTES),
    costs: m.costs.map((c) => costContext(c, m, s)),
    variants: m.variants.map((v) => ({
      label: v.label[lang],
      rows: v.costs.map((c, i) => ({ region: c.region, fixed: money(s, c.fixedMonthlyUsd), defaults: money(s, m.costs[i].fixedMonthlyUsd) })),
    })),
    azVariants: m.azVariants && {
      title: s.byAzCount(m.azVariants.parameters.map((p) => `\`${p}\``).join(', ')),
      header: m.azVariants.counts.map((n) => s.azs(n)),
      rows: Object.entries(m.azVariants.fixed).map(([region, values]) => ({ region, values: values.map((v) => money(s, v)) })),
    },
    elasticIps: prose(m, lang).elasticIps,
    networkCheck: prose(m, lang).networkCheck,
    releases: m.releases.map((r, i) => ({
      version: r.version,
      date: r.date,
      status: s.statusNames[r.status] ?? r.status,
      verdict: r.verdict ? (s.verdictNames[r.verdict] ?? r.verdict) : i === 0 ? s.firstRelease : s.notRecorded,
      notes: r.notes[lang],
    })),
  };
}

function costContext(c: ProductCost, m: ProductModel, s: DocStrings) {
  const borrowed = m.borrowed.filter((b) => b.region === c.region);
  const isBorrowed = (key: string) => borrowed.some((b) => b.key === key);
  const reference = (text: string, keys: string[]) => (keys.some(isBorrowed) ? `${text}${s.referenceMark}` : text);
  const hourlyKeys = c.lineItems.filter((i) => i.kind === 'hourly').map((i) => i.priceKey);
  const runKeys = c.lineItems.filter((i) => i.kind === 'per-run').map((i) => i.priceKey);
  return {
    region: c.region,
    regionName: s.regionNames[c.region] ?? c.region,
    lineItems: c.lineItems.map((i) => ({
      name: s.lineItem(i.name),
      quantity: String(i.quantity),
      unit: s.unit(i.unit),
      unitUsd: i.unitUsd === null ? s.notPriced : reference(String(i.unitUsd), [i.priceKey]),
      monthly: i.monthlyUsd === null ? s.notPriced : reference(usd(i.monthlyUsd), [i.priceKey]),
    })),
    fixed: reference(money(s, c.fixedMonthlyUsd), hourlyKeys),
    runs: reference(money(s, c.runsMonthlyUsd), runKeys),
    total: reference(money(s, c.monthlyUsd), [...hourlyKeys, ...runKeys]),
    dataRates: c.dataRates.map((r) => ({ name: s.dataRate(r.name), usdPerGb: r.usdPerGb === null ? s.notPriced : reference(`${r.usdPerGb} USD`, [r.priceKey]) })),
    referenceNotes: referenceNotes(borrowed, s),
  };
}

/** One note per region and source page: which prices are reference figures, from where, and where the real price is. */
function referenceNotes(borrowed: Borrowed[], s: DocStrings): string[] {
  const groups = new Map<string, Borrowed[]>();
  for (const b of borrowed) {
    const key = `${b.region}|${b.from}|${b.source}|${b.checked}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  return [...groups.values()].map((g) => s.referenceNote(g.map((b) => s.priceNames[b.key]), g[0].region, g[0].from, s.pricingPage(g[0].source), g[0].checked));
}

function parameterFacts(p: ProductModel['parameters'][number], s: DocStrings, lang: DocLanguage): string[] {
  const facts: string[] = [];
  facts.push(p.required ? s.requiredFact : p.default === '' ? s.optionalEmpty : s.optionalDefault(`\`${p.default.replace(/\|/g, '\\|')}\``));
  if (p.allowedValues) facts.push(s.oneOf(p.allowedValues.map((v) => `\`${v}\``).join(lang === 'ja' ? '、' : ', ')));
  else if (p.type === 'Number' && (p.min !== undefined || p.max !== undefined)) facts.push(s.range(p.min ?? '', p.max ?? ''));
  else if (p.type !== 'String') facts.push(s.typeFact(`\`${p.type}\``));
  if (lang === 'en' && p.constraint && !p.allowedValues) facts.push(`Allowed: ${p.constraint}`);
  return facts;
}

function indexContext(models: ProductModel[], sourcedTable: PriceTable, s: DocStrings, lang: DocLanguage) {
  const { table, borrowed } = withReferencePrices(sourcedTable);
  const regions = priceRegions(table);
  const fixedOf = (m: ProductModel, r: string) => m.costs.find((c) => c.region === r)!;
  const refMark = (m: ProductModel, r: string) => (m.borrowed.some((b) => b.region === r) ? s.referenceMark : '');
  const product = (id: string) => models.find((m) => m.id === id);
  const privateLink = product('private-link');
  const tokyo = 'ap-northeast-1';
  return {
    s,
    otherLanguage: s.otherLanguage.replace('{file}', 'index.md'),
    regions: regions.map((region) => ({ region, fixedHeader: s.fixedMonthly(region), runsHeader: s.runsMonthly(region) })),
    products: models.map((m) => ({
      id: m.id,
      file: `${m.id}.md`,
      prose: prose(m, lang),
      billedAzs: m.costs[0]?.billedAzs ?? 0,
      fixed: regions.map((r) => `${money(s, fixedOf(m, r).fixedMonthlyUsd)}${refMark(m, r)}`),
      runs: regions.map((r) => money(s, fixedOf(m, r).runsMonthlyUsd)),
    })),
    privateLink: privateLink && {
      defaults: money(s, fixedOf(privateLink, tokyo)?.fixedMonthlyUsd ?? null),
      variants: privateLink.variants.map((v) => ({ label: v.label[lang], tokyo: money(s, v.costs.find((c) => c.region === tokyo)?.fixedMonthlyUsd ?? null) })),
    },
    firewall: product('network-firewall') && {
      tokyo: money(s, fixedOf(product('network-firewall')!, tokyo).fixedMonthlyUsd),
      reference: product('network-firewall')!.borrowed.some((b) => b.region === tokyo),
    },
    referenceNotes: referenceNotes(
      borrowed.filter((b) => models.some((m) => m.borrowed.some((x) => x.region === b.region && x.key === b.key))),
      s,
    ),
    prices: PRICE_KEYS.map((key) => ({
      name: s.priceNames[key],
      values: regions.map((r) => (sourcedTable.regions[r][key].usd === null ? s.notListed : String(sourcedTable.regions[r][key].usd))),
      source: s.pricingPage(sourcedTable.regions[regions[0]][key].source),
      checked: sourcedTable.regions[regions[0]][key].checked,
    })),
  };
}

function guideContext(models: ProductModel[], s: DocStrings, lang: DocLanguage, support: Support | undefined, launchRoleName: string | undefined) {
  return {
    s,
    otherLanguage: s.otherLanguage.replace('{file}', 'guide.md'),
    products: models.map((m) => ({
      id: m.id,
      file: `${m.id}.md`,
      title: m.docs[lang].title,
      allowlist: prose(m, lang).allowlist,
      elasticIps: prose(m, lang).elasticIps,
      required: m.parameters.filter((p) => p.required).map((p) => `\`${p.name}\``).join(lang === 'ja' ? '、' : ', '),
    })),
    prefix: models.flatMap((m) => m.parameters).find((p) => p.name === 'CredentialsPrefix')?.default || 'metadata-agent',
    launchRole: launchRoleName ? `\`${launchRoleName}\`` : s.launchRoleUnnamed,
    support: support && (support.email || support.url) ? { email: support.email, url: support.url, description: lang === 'en' ? support.description : undefined } : undefined,
  };
}

/**
 * The product prose in one language. YAML folds lines with a space, which Japanese text does not use between
 * sentences: drop whitespace after Japanese punctuation.
 */
function prose(m: ProductModel, lang: DocLanguage): ProductModel['docs']['en'] {
  const text = m.docs[lang];
  if (lang !== 'ja') return text;
  return Object.fromEntries(Object.entries(text).map(([k, v]) => [k, joinJapanese(v)])) as ProductModel['docs']['en'];
}

/** A Markdown table cell: pipes escaped, line breaks folded. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** One trailing newline and no runs of blank lines (Handlebars blocks leave some). */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
