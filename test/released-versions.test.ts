import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../config/load';
import { checkSnapshotUnchanged, readReleases, ReleaseError } from '../products/shared/releases';
import { synthesizeProducts } from '../products/synthesize';
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

  test('a change to a locked version fails the build and leaves the snapshot untouched', () => {
    const config = defaultConfig();
    const changed = parseConfig({ ...config, agent: { ...config.agent, image: 'public.ecr.aws/vendor/agent:2.0.0' } });
    const release = readReleases('public-ip').releases.at(-1)!;
    const before = fs.readFileSync(checkSnapshotUnchanged('public-ip', release), 'utf8');
    expect(() => synthesizeProducts(changed, tempDir())).toThrow(
      /public-ip v1\.1\.0: the template of this released version changed\. Released versions never change: revert the change, or release it as a new version with `catalog release public-ip <next version>/,
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
