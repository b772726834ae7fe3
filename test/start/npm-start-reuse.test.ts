import * as fs from 'fs';
import * as path from 'path';
import { start, type Build } from '../../scripts/start';
import { tempDir } from '../support/catalog';

/**
 * `npm start` reuses the last build only when a build would write the same files. A repository-shaped folder stands
 * in for the checkout; the build is a stand-in that writes cdk.out/ and docs/ from dist/ and the config, as
 * `catalog build` does, and counts its runs.
 */
function checkout(): string {
  const root = tempDir();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('package.json', '{}');
  write('dist/products/public-ip/public-ip-product.js', 'exports.cidr = "10.0.0.0/16";\n');
  write('dist/products/public-ip/public-ip-product.js.map', '{"sources":["a.ts"]}');
  write('products/public-ip/public-ip-product.ts', 'export const cidr = "10.0.0.0/16";\n');
  write('products/public-ip/releases.json', '{"releases":[]}');
  write('config/default.yaml', 'portfolio: {}\n');
  return root;
}

function counting(root: string): { build: Build; runs: () => number } {
  let runs = 0;
  const build: Build = async (args) => {
    runs++;
    const out = path.join(root, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'cdk.out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'template.json'), fs.readFileSync(path.join(root, 'dist/products/public-ip/public-ip-product.js')));
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs', 'guide.md'), '# guide\n');
    process.stdout.write(`built ${runs}\n`);
    return 0;
  };
  return { build, runs: () => runs };
}

async function npmStart(root: string, build: Build, args: string[] = []): Promise<string> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    expect(await start(args, root, build)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

const edit = (root: string, file: string, text: string) => fs.appendFileSync(path.join(root, file), text);

describe('npm start reuses the last build', () => {
  test('nothing changed: the last output again, no build', async () => {
    const root = checkout();
    const { build, runs } = counting(root);
    expect(await npmStart(root, build)).toBe('built 1\n');
    const again = await npmStart(root, build);
    expect(runs()).toBe(1);
    expect(again).toMatch(/^built 1\nnpm start: nothing changed since the last build/);
  });

  test('compiled code, data, the config, an output or the arguments changed: it builds again', async () => {
    const root = checkout();
    const { build, runs } = counting(root);
    await npmStart(root, build);
    const changes: [string, () => void][] = [
      ['compiled code', () => edit(root, 'dist/products/public-ip/public-ip-product.js', 'exports.more = 1;\n')],
      ['a release record', () => edit(root, 'products/public-ip/releases.json', ' ')],
      ['the configuration', () => edit(root, 'config/default.yaml', 'region: x\n')],
      ['a generated document edited by hand', () => edit(root, 'docs/guide.md', 'hand edit\n')],
      ['the synthesized output removed', () => fs.rmSync(path.join(root, 'cdk.out'), { recursive: true })],
    ];
    for (const [what, change] of changes) {
      change();
      const before = runs();
      await npmStart(root, build);
      expect([what, runs()]).toEqual([what, before + 1]);
    }
    const before = runs();
    await npmStart(root, build, ['--out', 'other.out']);
    expect(runs()).toBe(before + 1);
  });

  test('a comment in a source or a source map is not code that runs: reused', async () => {
    const root = checkout();
    const { build, runs } = counting(root);
    await npmStart(root, build);
    edit(root, 'products/public-ip/public-ip-product.ts', '// a comment\n');
    edit(root, 'dist/products/public-ip/public-ip-product.js.map', ' ');
    await npmStart(root, build);
    expect(runs()).toBe(1);
  });

  test('a failed build is not reused, and CATALOG_BUILD_REUSE=off always builds', async () => {
    const root = checkout();
    let runs = 0;
    const failing: Build = async () => {
      runs++;
      return 1;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await start([], root, failing)).toBe(1);
    expect(await start([], root, failing)).toBe(1);
    expect(runs).toBe(2);
    jest.restoreAllMocks();
    const { build, runs: built } = counting(root);
    await npmStart(root, build);
    process.env.CATALOG_BUILD_REUSE = 'off';
    try {
      await npmStart(root, build);
    } finally {
      delete process.env.CATALOG_BUILD_REUSE;
    }
    expect(built()).toBe(2);
  });
});
