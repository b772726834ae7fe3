import { runCatalog } from '../support/cli';
import { ProductsCopy } from './product-copy';

// `catalog status` edits releases.json in CATALOG_PRODUCTS_DIR: a temporary copy of the committed product folders.
let copy: ProductsCopy;
// The committed history deprecates the versions from before the role boundary; these tests start from a copy in
// which every public-ip version is active again, so each transition is tested from a known state.
beforeEach(async () => {
  copy = new ProductsCopy();
  for (const version of ['v1.0.0', 'v1.1.0']) {
    const { code, stderr } = await runCatalog(['status', 'public-ip', version, 'active']);
    if (code !== 0) throw new Error(`could not reactivate public-ip ${version} in the copy: ${stderr}`);
  }
});
afterEach(() => copy.restore());

describe('catalog status', () => {
  test('lists every released version with its status and recorded verdict', async () => {
    const result = await runCatalog(['status', 'public-ip', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      product: 'public-ip',
      versions: [
        { version: 'v1.0.0', status: 'active', date: '2026-11-28', upgradeVerdict: null },
        { version: 'v1.1.0', status: 'active', date: '2026-11-28', upgradeVerdict: 'compatible' },
        { version: 'v1.2.0', status: 'active', date: '2026-12-02', upgradeVerdict: 'compatible' },
        { version: 'v1.3.0', status: 'active', date: '2026-12-03', upgradeVerdict: 'compatible' },
      ],
    });
  });

  test('deprecates a version: only its status changes in releases.json', async () => {
    const before = copy.manifest();

    const result = await runCatalog(['status', 'public-ip', 'v1.0.0', 'deprecated']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('public-ip v1.0.0: active → deprecated (recorded in releases.json; applied when the portfolio stack is deployed)');
    expect(result.stdout).toMatch(/v1\.0\.0\s+deprecated\s+2026-11-28/);
    expect(copy.manifest()).toEqual({ ...before, releases: [{ ...before.releases[0], status: 'deprecated' }, ...before.releases.slice(1)] });
  });

  test('the same status again changes nothing', async () => {
    const before = copy.fingerprint();
    const result = await runCatalog(['status', 'public-ip', 'v1.2.0', 'active', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).change).toEqual({ version: 'v1.2.0', from: 'active', to: 'active', changed: false });
    expect(copy.fingerprint()).toEqual(before);
  });

  test('the latest version may be withdrawn while an older one stays active', async () => {
    const result = await runCatalog(['status', 'public-ip', 'v1.3.0', 'inactive']);
    expect(result.code).toBe(0);
    expect(copy.manifest().releases.map((r) => [r.version, r.status])).toEqual([['v1.0.0', 'active'], ['v1.1.0', 'active'], ['v1.2.0', 'active'], ['v1.3.0', 'inactive']]);
  });

  test('the last active version cannot go: nothing left to launch', async () => {
    expect((await runCatalog(['status', 'public-ip', 'v1.0.0', 'inactive'])).code).toBe(0);
    expect((await runCatalog(['status', 'public-ip', 'v1.2.0', 'inactive'])).code).toBe(0);
    expect((await runCatalog(['status', 'public-ip', 'v1.3.0', 'inactive'])).code).toBe(0);
    const before = copy.fingerprint();

    const result = await runCatalog(['status', 'public-ip', 'v1.1.0', 'deprecated']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'catalog: public-ip v1.1.0 is its last active version: making it deprecated would leave nothing to launch. ' +
        'Release a replacement first (catalog release public-ip <next version> --notes "..."), or activate another version.\n',
    );
    expect(copy.fingerprint()).toEqual(before);
  });

  test.each([
    [['status', 'public-ip', 'v1.0.0', 'retired'], "catalog: status 'retired' is not one of active, deprecated, inactive\n"],
    [['status', 'public-ip', 'v3.0.0', 'deprecated'], "catalog: public-ip has no released version 'v3.0.0'; versions: v1.0.0, v1.1.0, v1.2.0, v1.3.0\n"],
    [['status', 'private-ip'], "catalog: unknown product 'private-ip'; products: public-ip"],
    [['status', 'public-ip', 'v1.0.0'], 'catalog: give the new status of public-ip v1.0.0: active | deprecated | inactive\n'],
  ])('%j is refused and writes nothing', async (args, message) => {
    const before = copy.fingerprint();
    const result = await runCatalog(args);
    expect(result.code).toBe(1);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(copy.fingerprint()).toEqual(before);
  });
});
