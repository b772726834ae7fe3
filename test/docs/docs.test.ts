import * as fs from 'fs';
import * as path from 'path';
import { PRODUCTS } from '../../products/catalog';
import { currentProductsOf } from '../../scripts/catalog-build/current-templates';
import { loadPriceTable } from '../../scripts/cost/prices';
import { docsDir } from '../../scripts/docs/build-step';
import { renderCatalogDocs } from '../../scripts/docs/catalog-docs';
import { DOC_LANGUAGES } from '../../scripts/docs/product-docs';
import { staleDocs } from '../../scripts/docs/write';
import { defaultSynthesis } from '../support/catalog';

const products = currentProductsOf(defaultSynthesis());
const files = renderCatalogDocs(products, loadPriceTable(), DOC_LANGUAGES);
const page = (lang: string, file: string) => files.get(`${lang}/${file}`) ?? '';

describe('catalog docs', () => {
  test('the committed docs/ are what the current templates render (run `npm start` or `catalog docs` and commit)', () => {
    expect(staleDocs(docsDir(), files)).toEqual({ changed: [], missing: [], extra: [] });
  });

  test('an index and a page per product, in English and Japanese', () => {
    const expected = DOC_LANGUAGES.flatMap((lang) => [`${lang}/index.md`, ...PRODUCTS.map((p) => `${lang}/${p.id}.md`)]);
    expect([...files.keys()].sort()).toEqual(expected.sort());
  });

  test.each(DOC_LANGUAGES)('every parameter and output of every product appears in its %s page, with label, default and group', (lang) => {
    for (const p of products) {
      const text = page(lang, `${p.definition.id}.md`);
      const labels = (p.template.Metadata?.['AWS::CloudFormation::Interface'] as { ParameterLabels: Record<string, { default: string }> }).ParameterLabels;
      for (const [name, parameter] of Object.entries(p.template.Parameters ?? {})) {
        const row = text.split('\n').find((line) => line.includes(`| \`${name}\` |`));
        expect([p.definition.id, name, row !== undefined]).toEqual([p.definition.id, name, true]);
        expect(row!.startsWith(`| ${labels[name].default.replace(/\|/g, '\\|')} |`)).toBe(true);
        const defaultCell = parameter.Default === undefined || parameter.Default === '' ? '' : `\`${String(parameter.Default)}\``;
        expect(row).toContain(` | ${defaultCell} | `);
      }
      for (const name of Object.keys(p.template.Outputs ?? {})) expect(text).toContain(`| \`${name}\` |`);
    }
  });

  test('the decision guide links every product; the cost comparison has a row per product', () => {
    for (const lang of DOC_LANGUAGES) {
      for (const p of PRODUCTS) expect(page(lang, 'index.md')).toContain(`](${p.id}.md) (\`${p.id}\`) |`);
    }
    expect(page('en', 'index.md')).toMatch(/\n\| \[Public IP auto-assignment\]\(public-ip\.md\) \| 0 \| 0\.00 \| 0\.00 \| 1\.00 \| 0\.82 \|\n/);
    expect(page('ja', 'index.md')).toContain('## セキュリティ要件ごとのパターンの選び方');
  });

  test('product pages carry the version history from releases.json', () => {
    for (const p of products) {
      for (const release of p.manifest!.releases) expect(page('en', `${p.definition.id}.md`)).toContain(`| ${release.version} | ${release.date} |`);
    }
    expect(page('en', 'public-ip.md')).toMatch(/\n\| v1\.0\.0 \| \d{4}-\d{2}-\d{2} \| [a-z ()]+ \| first release \| /);
    expect(page('ja', 'public-ip.md')).toMatch(/\n\| v1\.0\.0 \| \d{4}-\d{2}-\d{2} \| [^|]+ \| 初回リリース \| /);
  });

  test('Japanese prose has no spaces between sentences (YAML folding)', () => {
    for (const p of PRODUCTS) expect(page('ja', `${p.id}.md`)).not.toMatch(/。 (?!-->)/);
  });

  test('rendering is deterministic', () => {
    expect(renderCatalogDocs(products, loadPriceTable(), DOC_LANGUAGES)).toEqual(files);
  });

  test('the docs/ folder holds only generated pages in en/ and ja/', () => {
    for (const lang of DOC_LANGUAGES) {
      expect(fs.readdirSync(path.join(docsDir(), lang)).sort()).toEqual([...files.keys()].filter((f) => f.startsWith(`${lang}/`)).map((f) => f.slice(3)).sort());
    }
  });
});
