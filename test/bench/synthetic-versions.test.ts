import * as fs from 'fs';
import * as path from 'path';
import { checkSnapshotUnchanged, PRODUCTS_DIR_ENV, readReleases, snapshotFile } from '../../products/versioning/release-records';
import { applyRetainedVersions, retainVersions, sha256 } from '../../scripts/bench/synthetic-versions';
import { tempDir } from '../support/catalog';

/** A temporary repository root holding a copy of the committed public-ip releases and snapshots. */
function copyOfPublicIp(): string {
  const root = tempDir('bench-versions-');
  fs.cpSync(path.join('products', 'public-ip', 'releases.json'), path.join(root, 'products', 'public-ip', 'releases.json'));
  fs.cpSync(path.join('products', 'public-ip', 'versions'), path.join(root, 'products', 'public-ip', 'versions'), { recursive: true });
  return root;
}

const committed = readReleases('public-ip');
const latest = committed.releases[committed.releases.length - 1];

describe('synthetic retained versions', () => {
  const previousDir = process.env[PRODUCTS_DIR_ENV];
  afterEach(() => {
    if (previousDir === undefined) delete process.env[PRODUCTS_DIR_ENV];
    else process.env[PRODUCTS_DIR_ENV] = previousDir;
  });

  test('50 versions: a manifest the release code accepts, every snapshot matching its recorded sha256', () => {
    const root = copyOfPublicIp();
    applyRetainedVersions(root, 'public-ip', 50);
    process.env[PRODUCTS_DIR_ENV] = path.join(root, 'products');

    const manifest = readReleases('public-ip'); // schema, product id and increasing version order
    expect(manifest.releases).toHaveLength(50);
    expect(manifest.releases.slice(-committed.releases.length)).toEqual(committed.releases);
    const synthetic = 50 - committed.releases.length;
    expect(manifest.releases[0].version).toBe('v0.1.0');
    expect(manifest.releases[synthetic - 1].version).toBe(`v0.${synthetic}.0`);
    for (const release of manifest.releases) expect(path.basename(checkSnapshotUnchanged('public-ip', release))).toMatch(/^PublicIpHistory/);
    // The latest release, which the product code synthesizes and ProductStackHistory compares, is untouched.
    expect(fs.readFileSync(snapshotFile('public-ip', latest.version), 'utf8')).toBe(
      fs.readFileSync(path.join('products', 'public-ip', 'versions', path.basename(snapshotFile('public-ip', latest.version))), 'utf8'),
    );
  });

  test('a synthetic snapshot is the oldest kept one with its own Description and declared Version', () => {
    const root = copyOfPublicIp();
    applyRetainedVersions(root, 'public-ip', committed.releases.length + 1);
    process.env[PRODUCTS_DIR_ENV] = path.join(root, 'products');
    const oldest = JSON.parse(fs.readFileSync(snapshotFile('public-ip', committed.releases[0].version), 'utf8'));
    const copy = JSON.parse(fs.readFileSync(snapshotFile('public-ip', 'v0.1.0'), 'utf8'));

    expect(copy.Description).toBe(`${oldest.Description} [benchmark copy v0.1.0]`);
    expect(copy.Metadata.AgentNetworkCatalog).toEqual({ ProductId: 'public-ip', Version: 'v0.1.0' });
    expect({ ...copy, Description: oldest.Description, Metadata: oldest.Metadata }).toEqual(oldest);
  });

  test('fewer versions than released: the newest are kept and the snapshots of the others removed', () => {
    const root = copyOfPublicIp();
    const retained = applyRetainedVersions(root, 'public-ip', 1);
    process.env[PRODUCTS_DIR_ENV] = path.join(root, 'products');

    expect(readReleases('public-ip').releases).toEqual([latest]);
    expect(retained.dropped).toHaveLength(committed.releases.length - 1);
    for (const name of retained.dropped) expect(fs.existsSync(path.join(root, 'products', 'public-ip', 'versions', name))).toBe(false);
  });

  test('refuses counts below 1 and versions it cannot name below the oldest kept one', () => {
    const snapshot = { name: 'X.v0.3.0.product.template.json', text: '{}' };
    const manifest = { product: 'p', releases: [{ version: 'v0.3.0', date: '2026-11-28', status: 'active' as const, notes: 'n', templateSha256: sha256('{}') }] };
    expect(() => retainVersions(manifest, [snapshot], 0)).toThrow('retained versions: got 0, allowed: an integer >= 1');
    expect(() => retainVersions(manifest, [snapshot], 2)).toThrow('p: cannot name 1 synthetic versions older than v0.3.0 (needs >= v1.0.0)');
    expect(retainVersions(manifest, [snapshot], 1).manifest).toEqual(manifest);
  });
});
