import * as fs from 'fs';
import * as path from 'path';
import { readReleases } from '../../products/versioning/release-records';
import { runCatalog } from '../support/cli';
import { nextVersions, ProductsCopy } from './product-copy';

// `catalog release` writes into CATALOG_PRODUCTS_DIR: a temporary copy of products/<id>/releases.json and versions/.
const latest = readReleases('public-ip').releases.at(-1)!.version;
const escaped = latest.replace(/\./g, '\\.');
let copy: ProductsCopy;
beforeEach(() => {
  copy = new ProductsCopy();
});
afterEach(() => copy.restore());

describe('catalog release refuses, naming what is allowed, and writes nothing', () => {
  const refusals: [string, () => string[], RegExp][] = [
    ['an unknown product', () => ['release', 'private-ip', 'v9.0.0', '--notes', 'x'], /^catalog: unknown product 'private-ip'; products: public-ip/],
    ['a non-semver name', () => ['release', 'public-ip', '1.2', '--notes', 'x'], /^catalog: '1\.2' is not a version name: expected vMAJOR\.MINOR\.PATCH such as v1\.2\.0\n$/],
    ['an existing version', () => ['release', 'public-ip', latest, '--notes', 'x'], new RegExp(`^catalog: public-ip ${escaped} is already released; released versions never change\\. Choose a version greater than`)],
    ['a version not greater than the latest', () => ['release', 'public-ip', 'v0.9.0', '--notes', 'x'], new RegExp(`^catalog: public-ip v0\\.9\\.0 is not greater than the latest release ${escaped}\\.\n$`)],
    ['empty notes', () => ['release', 'public-ip', nextVersions(latest).minor, '--notes', '  '], /^catalog: release notes must not be empty \(--notes "what changed and why"\)\n$/],
    ['a malformed date', () => ['release', 'public-ip', nextVersions(latest).minor, '--notes', 'x', '--date', '28/11/2026'], /^catalog: --date '28\/11\/2026' is not a date: expected YYYY-MM-DD/],
  ];

  test.each(refusals)('%s', async (_, args, message) => {
    const before = copy.fingerprint();
    const result = await runCatalog(args());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(copy.fingerprint()).toEqual(before);
  });

  test('missing --notes is a usage error', async () => {
    const result = await runCatalog(['release', 'public-ip', nextVersions(latest).minor]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: required option '--notes <text>' not specified");
  });

  test('a breaking change released as a minor version, pointing at the major version to use', async () => {
    // The latest release had an output the current code no longer has: removing an output is breaking.
    copy.editLatestSnapshot((t) => {
      t.Outputs = { ...t.Outputs, EgressAllowlistHint: { Value: 'dynamic', Description: 'gone in the next version' } };
    });
    const before = copy.fingerprint();
    const { minor, major } = nextVersions(latest);

    const result = await runCatalog(['release', 'public-ip', minor, '--notes', 'Drops the hint output']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `catalog: public-ip ${minor}: the upgrade from ${latest} is breaking, and a breaking change needs a new major version (release it as ${major}, or make the change compatible):\n  - BREAKING Output EgressAllowlistHint`,
    );
    expect(copy.fingerprint()).toEqual(before);
  });
});

describe('catalog release records a version', () => {
  test('snapshot, hash, status, verdict and verdict line in the notes; older versions kept', async () => {
    const { minor } = nextVersions(latest);
    const older = copy.manifest().releases;

    const result = await runCatalog(['release', 'public-ip', minor, '--notes', 'Same network, new version.', '--date', '2026-11-28', '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ product: 'public-ip', written: true, upgrade: { from: latest, verdict: 'compatible' } });
    const manifest = copy.manifest();
    expect(manifest.releases.slice(0, -1)).toEqual(older);
    const release = manifest.releases.at(-1)!;
    expect(release).toEqual({
      version: minor,
      date: '2026-11-28',
      status: 'active',
      notes: `Same network, new version. Upgrade from ${latest}: compatible (resources: 0 replaced, 0 possibly replaced, 0 deleted, 0 changed in place, 0 added).`,
      templateSha256: expect.stringMatching(/^[a-f0-9]{64}$/),
      upgradeVerdict: 'compatible',
    });
    const snapshot = path.join(copy.root, 'public-ip', 'versions', path.basename(json.snapshot));
    expect(path.basename(snapshot)).toMatch(new RegExp(`^PublicIpHistory[0-9A-F]{8}\\.PublicIpTemplate[0-9A-F]{8}\\.${minor.replace(/\./g, '\\.')}\\.product\\.template\\.json$`));
    expect(JSON.parse(fs.readFileSync(snapshot, 'utf8')).Metadata.AgentNetworkCatalog).toEqual({ ProductId: 'public-ip', Version: minor });
    // Older snapshots are still there, unchanged (the copy started with one per release).
    expect(fs.readdirSync(path.join(copy.root, 'public-ip', 'versions'))).toHaveLength(older.length + 1);
  });

  test('a breaking change released as a major version records the breaking verdict', async () => {
    copy.editLatestSnapshot((t) => {
      t.Outputs = { ...t.Outputs, EgressAllowlistHint: { Value: 'dynamic' } };
    });
    const { major } = nextVersions(latest);

    const result = await runCatalog(['release', 'public-ip', major, '--notes', 'Drops the hint output.']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Released public-ip ${major}`);
    expect(result.stdout).toContain(`Upgrade ${latest} → ${major}: BREAKING: this upgrade needs a new major version`);
    expect(copy.manifest().releases.at(-1)).toMatchObject({ version: major, upgradeVerdict: 'breaking', notes: expect.stringMatching(/^Drops the hint output\. Upgrade from v\S+: breaking \(.*1 breaking\)\.$/) });
  });

  test('the first release of a product creates its releases.json, with no upgrade verdict', async () => {
    fs.rmSync(path.join(copy.root, 'public-ip'), { recursive: true });

    const result = await runCatalog(['release', 'public-ip', 'v1.0.0', '--notes', 'First release.', '--date', '2026-11-28']);

    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Upgrade');
    expect(copy.manifest()).toEqual({
      product: 'public-ip',
      releases: [{ version: 'v1.0.0', date: '2026-11-28', status: 'active', notes: 'First release.', templateSha256: expect.stringMatching(/^[a-f0-9]{64}$/) }],
    });
    expect(fs.readdirSync(path.join(copy.root, 'public-ip', 'versions'))).toEqual([expect.stringMatching(/\.v1\.0\.0\.product\.template\.json$/)]);
  });

  test('--dry-run shows the release and writes nothing', async () => {
    const before = copy.fingerprint();
    const result = await runCatalog(['release', 'public-ip', nextVersions(latest).patch, '--notes', 'Try it.', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Would release \(dry run, nothing written\) public-ip v\S+ \(\d{4}-\d{2}-\d{2}, active\)/);
    expect(copy.fingerprint()).toEqual(before);
  });
});
