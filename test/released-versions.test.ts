import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { productDefinition } from '../products/catalog';
import { synthesizeProducts } from '../products/synthesize';
import { checkSnapshotUnchanged, readReleases, ReleaseError } from '../products/versioning/release-records';
import { defaultConfig, tempDir } from './support/catalog';

describe('released versions never change', () => {
  test('the current code reproduces the latest released snapshot of every product', () => {
    const built = synthesizeProducts(defaultConfig(), tempDir());
    for (const product of built) {
      const latest = readReleases(product.definition.id).releases.at(-1)!;
      expect(product.version).toBe(latest.version);
      expect(() => checkSnapshotUnchanged(product.definition.id, latest)).not.toThrow();
    }
  });

  test('synthesis only reads the committed snapshots: no file of versions/ is rewritten, and its copies are removed', () => {
    // ProductStackHistory rewrites the current version's snapshot on every synthesis (truncate, then write): aimed at
    // the committed file, a reader in another process could see it empty (a jest worker did, while another
    // synthesized). products/synthesize.ts lets it compare against a temporary copy instead.
    const versionsDirs = readdirSyncSafe(path.join(__dirname, '..', 'products')).map((id) => path.join(__dirname, '..', 'products', id, 'versions')).filter((d) => fs.existsSync(d));
    const stamp = () => versionsDirs.flatMap((d) => fs.readdirSync(d).map((f) => `${f} ${fs.statSync(path.join(d, f)).mtimeMs}`)).sort();
    const before = stamp();
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith('catalog-snapshot-check-'));
    synthesizeProducts(defaultConfig(), tempDir());
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(stamp()).toEqual(before);
    expect(fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith('catalog-snapshot-check-'))).toEqual(tmpBefore);
  });

  test('a change to a locked version fails the build and leaves the snapshot untouched', () => {
    // A configuration no longer changes a template (distribution values are read at launch): change the code instead.
    const definition = productDefinition('public-ip');
    const changedCode = { ...definition, create: (...args: Parameters<typeof definition.create>) => {
      const stack = definition.create(...args);
      stack.templateOptions.description = `${stack.templateOptions.description} (changed)`;
      return stack;
    } };
    const release = readReleases('public-ip').releases.at(-1)!;
    const before = fs.readFileSync(checkSnapshotUnchanged('public-ip', release), 'utf8');
    expect(() => synthesizeProducts(defaultConfig(), tempDir(), { products: [changedCode] })).toThrow(
      new RegExp(
        `public-ip ${release.version.replace(/\./g, '\\.')}: the template of this released version changed\\. Released versions never change: revert the change, or release it as a new version with \`catalog release public-ip <next version>`,
      ),
    );
    expect(fs.readFileSync(checkSnapshotUnchanged('public-ip', release), 'utf8')).toBe(before);
  });

  test('a snapshot edited after release is detected by its hash', () => {
    const release = { ...readReleases('public-ip').releases[0], templateSha256: 'f'.repeat(64) };
    expect(() => checkSnapshotUnchanged('public-ip', release)).toThrow(ReleaseError);
    expect(() => checkSnapshotUnchanged('public-ip', release)).toThrow(/public-ip v1\.0\.0: the snapshot products\/public-ip\/versions\/.*changed since release/);
  });

  test('snapshots sit beside the product they belong to', () => {
    const file = checkSnapshotUnchanged('public-ip', readReleases('public-ip').releases[0]);
    expect(path.relative(process.cwd(), file)).toMatch(/^products\/public-ip\/versions\/PublicIpHistory[0-9A-F]{8}\.PublicIpTemplate[0-9A-F]{8}\.v1\.0\.0\.product\.template\.json$/);
  });
});

const readdirSyncSafe = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
