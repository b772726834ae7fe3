import * as fs from 'fs';
import { snapshotFile } from '../../products/versioning/release-records';
import { versionHistoryCheck } from '../../scripts/verify/checks/version-history';
import { runChecks } from '../../scripts/verify/runner';
import type { VerifiedTemplate, VerifyContext } from '../../scripts/verify/types';
import { defaultConfig } from '../support/catalog';
import { ProductsCopy } from './product-copy';

// The check reads the committed histories; the templates only say which products the catalog has.
function context(products: string[]): VerifyContext {
  const templates = products.map(
    (name): VerifiedTemplate => ({ kind: 'product', name, version: 'v1.0.0', file: `${name}.json`, text: '{}', template: { Resources: {} } }),
  );
  return { config: defaultConfig(), templates, constructRoots: [] };
}

describe('verify: version-history check', () => {
  test('the committed public-ip history passes', async () => {
    const report = await runChecks([versionHistoryCheck], context(['public-ip']));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.checks[0]).toMatchObject({ check: 'version-history', templates: 1, errors: 0 });
  });

  describe('on an altered copy', () => {
    let copy: ProductsCopy;
    beforeEach(() => {
      copy = new ProductsCopy();
    });
    afterEach(() => copy.restore());

    test('an edited snapshot is an error naming the product, version and rule', async () => {
      const file = snapshotFile('public-ip', 'v1.1.0');
      fs.appendFileSync(file, '\n');

      const report = await runChecks([versionHistoryCheck], context(['public-ip']));

      expect(report.ok).toBe(false);
      expect(report.errors).toEqual([
        {
          check: 'version-history',
          severity: 'error',
          template: 'public-ip',
          version: 'v1.1.0',
          resource: '-',
          rule: 'snapshot-changed',
          message: expect.stringMatching(/^public-ip v1\.1\.0: the snapshot .* changed since release/),
        },
      ]);
    });

    test('products not in the catalog are not checked', async () => {
      fs.appendFileSync(snapshotFile('public-ip', 'v1.1.0'), '\n');
      expect((await runChecks([versionHistoryCheck], context([]))).errors).toEqual([]);
    });
  });
});
