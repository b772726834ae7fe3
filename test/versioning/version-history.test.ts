import * as crypto from 'crypto';
import * as fs from 'fs';
import { PRODUCTS } from '../../products/catalog';
import { checkVersionHistory } from '../../products/versioning/history-check';
import { readReleases, releasesFile, snapshotFile } from '../../products/versioning/release-records';
import { upgradeVerdictCache } from '../../products/versioning/upgrade-verdict-cache';
import { ProductsCopy } from './product-copy';

describe('checkVersionHistory', () => {
  test('the committed public-ip history passes: v1.0.0 → v1.1.0 → v1.2.0 → v1.3.0 compatible, as recorded', () => {
    expect(checkVersionHistory('public-ip')).toEqual({
      productId: 'public-ip',
      ok: true,
      problems: [],
      notes: [],
      steps: [
        { from: 'v1.0.0', to: 'v1.1.0', verdict: 'compatible', recorded: 'compatible' },
        { from: 'v1.1.0', to: 'v1.2.0', verdict: 'compatible', recorded: 'compatible' },
        { from: 'v1.2.0', to: 'v1.3.0', verdict: 'compatible', recorded: 'compatible' },
      ],
    });
  });

  // Until `catalog verify` runs it, this test is what enforces the version rules on every committed product.
  test.each(PRODUCTS.filter((p) => fs.existsSync(releasesFile(p.id))).map((p) => p.id))('the committed history of %s passes', (id) => {
    const result = checkVersionHistory(id);
    expect(result.problems).toEqual([]);
    expect(result.steps.map((s) => s.to)).toEqual(readReleases(id).releases.slice(1).map((r) => r.version));
  });

  describe('on an altered copy', () => {
    let copy: ProductsCopy;
    beforeEach(() => {
      copy = new ProductsCopy();
    });
    afterEach(() => copy.restore());

    test('a locked snapshot edited after release fails', () => {
      const file = snapshotFile('public-ip', 'v1.0.0');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"Description"', '"Description" '));

      const result = checkVersionHistory('public-ip');

      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        {
          version: 'v1.0.0',
          rule: 'snapshot-changed',
          message: expect.stringMatching(/^public-ip v1\.0\.0: the snapshot .*v1\.0\.0\.product\.template\.json changed since release \(sha256 [0-9a-f]{12}…, recorded 5c15357c7391…\)/),
        },
      ]);
      // The step from the edited snapshot is not analysed; the later ones still are.
      expect(result.steps).toEqual([
        { from: 'v1.1.0', to: 'v1.2.0', verdict: 'compatible', recorded: 'compatible' },
        { from: 'v1.2.0', to: 'v1.3.0', verdict: 'compatible', recorded: 'compatible' },
      ]);
    });

    test('a breaking step that is not a major version fails, naming the version to use', () => {
      // v1.0.0 as if it had had an output that v1.1.0 dropped: an output removed breaks whoever reads it.
      const manifest = copy.manifest();
      const v100 = snapshotFile('public-ip', 'v1.0.0');
      const template = JSON.parse(fs.readFileSync(v100, 'utf8'));
      template.Outputs.EgressAllowlistHint = { Value: 'dynamic' };
      fs.writeFileSync(v100, JSON.stringify(template));
      manifest.releases[0].templateSha256 = crypto.createHash('sha256').update(fs.readFileSync(v100)).digest('hex');
      fs.writeFileSync(`${copy.root}/public-ip/releases.json`, JSON.stringify(manifest));

      const result = checkVersionHistory('public-ip');

      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        {
          version: 'v1.1.0',
          rule: 'breaking-change-not-major',
          message: expect.stringMatching(
            /^public-ip v1\.1\.0: the upgrade from v1\.0\.0 is breaking, and a breaking change needs a new major version \(release it as v2\.0\.0, or make the change compatible\):\n {2}- BREAKING Output EgressAllowlistHint/,
          ),
        },
      ]);
      expect(result.steps).toEqual([
        { from: 'v1.0.0', to: 'v1.1.0', verdict: 'breaking', recorded: 'compatible' },
        { from: 'v1.1.0', to: 'v1.2.0', verdict: 'compatible', recorded: 'compatible' },
        { from: 'v1.2.0', to: 'v1.3.0', verdict: 'compatible', recorded: 'compatible' },
      ]);
      expect(result.notes).toEqual([
        'public-ip v1.1.0: recorded as compatible from v1.0.0 at release; the analysis now finds it breaking (see `catalog diff public-ip v1.0.0 v1.1.0`)',
      ]);
    });

    test('an unreadable manifest is one problem', () => {
      fs.writeFileSync(`${copy.root}/public-ip/releases.json`, '{"product": "public-ip", "releases": []}');
      expect(checkVersionHistory('public-ip')).toMatchObject({
        ok: false,
        problems: [{ version: '-', rule: 'manifest-invalid', message: expect.stringContaining('releases: at least one release') }],
      });
    });
  });
});

describe('upgrade verdicts are analyzed once per pair of snapshots', () => {
  test('a second check of the same history reuses the analysis', () => {
    checkVersionHistory('public-ip');
    const cache = upgradeVerdictCache();
    const hitsBefore = cache.hits;
    const result = checkVersionHistory('public-ip');
    expect(result.steps).toEqual([
      { from: 'v1.0.0', to: 'v1.1.0', verdict: 'compatible', recorded: 'compatible' },
      { from: 'v1.1.0', to: 'v1.2.0', verdict: 'compatible', recorded: 'compatible' },
      { from: 'v1.2.0', to: 'v1.3.0', verdict: 'compatible', recorded: 'compatible' },
    ]);
    expect(cache.hits).toBe(hitsBefore + 3);
  });
});
