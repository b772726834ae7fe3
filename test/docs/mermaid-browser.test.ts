/**
 * Every Mermaid block of docs/en and docs/ja, rendered by the Mermaid library in a real browser (Debian's headless
 * Chromium driven by playwright-core, which has no dependencies and downloads no browser): a parse or render error
 * fails, and every rendered diagram of
 * docs/ja must show Japanese text. Without Chromium the test says so and is skipped locally; where
 * DOCS_BROWSER_TEST=required (set by .ci/run) or CI=true, a missing Chromium fails instead.
 * DOCS_SCREENSHOT_DIR=<dir> also writes a PNG of each diagram there, to look at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { docsDir } from '../../scripts/docs/build-step';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.DOCS_BROWSER_TEST === 'required' || process.env.CI === 'true';
const available = fs.existsSync(CHROMIUM);
// The Mermaid release as one browser script (@mermaid-js/tiny: the mermaid package's own build without KaTeX, mindmap
// and architecture diagrams, and without mermaid's hundred or so npm dependencies that only its ES module build
// needs). The docs draw flowcharts only; a diagram type the tiny build lacks fails this test rather than passing.
const MERMAID = require.resolve('@mermaid-js/tiny/dist/mermaid.tiny.js');

interface Block {
  readonly file: string;
  readonly index: number;
  readonly code: string;
}

function mermaidBlocks(): Block[] {
  return ['en', 'ja'].flatMap((lang) =>
    fs
      .readdirSync(path.join(docsDir(), lang))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .flatMap((f) =>
        [...fs.readFileSync(path.join(docsDir(), lang, f), 'utf8').matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m, index) => ({ file: `${lang}/${f}`, index, code: m[1] })),
      ),
  );
}

const blocks = mermaidBlocks();
/** A block that must fail: proves that a parse error is caught, not swallowed. */
const SENTINEL: Block = { file: '(sentinel)', index: 0, code: 'flowchart TB\n  a["unclosed --> b' };

test('Chromium for the browser test is present where it is required', () => {
  if (!available) {
    const message = `${CHROMIUM} not found: the Mermaid browser test is skipped (install Debian's chromium and fonts-noto-cjk, or set CHROMIUM_PATH)`;
    if (required) throw new Error(`${message}; DOCS_BROWSER_TEST=required or CI=true: it must run here`);
    console.warn(message);
  }
  expect(blocks.length).toBeGreaterThanOrEqual(10);
});

(available ? describe : describe.skip)('Mermaid blocks of docs/ rendered in headless Chromium', () => {
  let browser: Browser;
  let results: { file: string; index: number; error?: string; text?: string; width?: number; height?: number }[] = [];

  beforeAll(async () => {
    // Playwright gives the browser a new empty profile in the temporary directory and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
    const shots = process.env.DOCS_SCREENSHOT_DIR;
    if (shots) fs.mkdirSync(shots, { recursive: true });
    results = [];
    for (const block of [...blocks, SENTINEL]) {
      const result = await page.evaluate(
        async ({ code, id }: { code: string; id: string }) => {
          const m = (globalThis as unknown as { mermaid: { parse(c: string): Promise<unknown>; render(i: string, c: string): Promise<{ svg: string }> } }).mermaid;
          try {
            await m.parse(code);
            const { svg } = await m.render(id, code);
            // Runs in the page (the DOM is not in this project's TypeScript lib).
            type Element = { innerHTML: string; textContent: string | null; querySelector(s: string): Element | null; getBoundingClientRect(): { width: number; height: number } };
            const out = (globalThis as unknown as { document: { getElementById(id: string): Element | null } }).document.getElementById('out')!;
            out.innerHTML = svg;
            const element = out.querySelector('svg')!;
            const box = element.getBoundingClientRect();
            return { text: element.textContent ?? '', width: box.width, height: box.height };
          } catch (e) {
            return { error: String((e as Error).message ?? e) };
          }
        },
        { code: block.code, id: `diagram${results.length}` },
      );
      results.push({ file: block.file, index: block.index, ...result });
      if (shots && !result.error && block !== SENTINEL) {
        await page.locator('#out svg').screenshot({ path: path.join(shots, `${block.file.replace(/[/.]/g, '_')}_${block.index}.png`) });
      }
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('every block parses and renders (and a broken one is reported)', () => {
    expect(results.length).toBe(blocks.length + 1);
    expect(results.pop()).toMatchObject({ file: '(sentinel)', error: expect.stringMatching(/Parse error/i) });
    expect(results.filter((r) => r.error !== undefined).map((r) => `${r.file} #${r.index}: ${r.error}`)).toEqual([]);
  });

  test('every rendered docs/ja diagram shows Japanese text; every docs/en one shows none', () => {
    const ja = results.filter((r) => r.file.startsWith('ja/'));
    expect(ja.length).toBeGreaterThanOrEqual(5);
    expect(ja.filter((r) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(r.text ?? '')).map((r) => r.file)).toEqual([]);
    expect(results.filter((r) => r.file.startsWith('en/') && /[\u3040-\u30ff\u4e00-\u9fff]/.test(r.text ?? '')).map((r) => r.file)).toEqual([]);
  });

  test('rendered diagrams have a size that reads at page width (not shrunk: at most 900 px wide at natural size)', () => {
    expect(results.filter((r) => !r.error && ((r.width ?? 0) < 100 || (r.width ?? 0) > 900)).map((r) => `${r.file}: ${r.width}×${r.height}`)).toEqual([]);
  });
});
