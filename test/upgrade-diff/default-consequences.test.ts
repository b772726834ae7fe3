import { readReleases, snapshotFile } from '../../products/versioning/release-records';
import { analyzeUpgrade, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { defaultConsequences } from '../../scripts/analyzers/upgrade-diff/default-consequences';
import { productTemplate, readTemplate } from '../support/catalog';

/**
 * private-link's CredentialStores default moves to parameter-store (the source document's 5 endpoints). A provisioned
 * v1.x that chose Secrets Manager keeps it only while its update keeps the previous value: the verdict must say so.
 */
describe('a changed default names what an update without the previous value switches off', () => {
  const current = productTemplate('private-link') as unknown as CfnTemplate;

  test('CredentialStores: the Secrets Manager endpoint goes only for an update that passes no value', () => {
    expect(defaultConsequences(current, 'CredentialStores', 'parameter-store-and-secrets-manager', 'parameter-store')).toEqual({
      removed: ['SecretsManagerEndpoint'],
      added: [],
    });
  });

  /** The releases from before the default changed (v1.2.0 was released with the new default). */
  const OLD_DEFAULT = ['v1.0.0', 'v1.1.0'];

  test('the released history: the default changed with v1.2.0', () => {
    const defaults = readReleases('private-link').releases.map((r) => [r.version, readTemplate(snapshotFile('private-link', r.version)).Parameters!.CredentialStores.Default]);
    expect(defaults).toEqual([...OLD_DEFAULT.map((v) => [v, 'parameter-store-and-secrets-manager']), ['v1.2.0', 'parameter-store']]);
  });

  test('from v1.2.0, released with the new default, no default change is reported', () => {
    const report = analyzeUpgrade(readTemplate(snapshotFile('private-link', 'v1.2.0')) as unknown as CfnTemplate, current);
    expect(report.reasons.filter((r) => r.name === 'CredentialStores')).toEqual([]);
  });

  test.each(OLD_DEFAULT)('upgrade verdict from private-link %s to current states it', (version) => {
    const report = analyzeUpgrade(readTemplate(snapshotFile('private-link', version)) as unknown as CfnTemplate, current);
    const finding = report.reasons.find((r) => r.kind === 'parameter-default-changed' && r.name === 'CredentialStores');
    expect(finding).toMatchObject({ severity: 'warning', before: 'parameter-store-and-secrets-manager', after: 'parameter-store' });
    expect(finding!.message).toContain('existing products keep their previous value on update; new launches get the new default.');
    expect(finding!.message).toContain(
      'an update that passes no value for CredentialStores takes the new default and deletes SecretsManagerEndpoint from a product that had CredentialStores="parameter-store-and-secrets-manager".',
    );
    // A default change alone never makes the upgrade breaking: the previous value is kept.
    expect(report.reasons.filter((r) => r.name === 'CredentialStores').map((r) => r.severity)).toEqual(['warning']);
  });

  test('a default that switches no resource adds nothing to the message', () => {
    expect(defaultConsequences(current, 'TaskSize', '1vCPU-2GB', '2vCPU-4GB')).toEqual({ removed: [], added: [] });
  });
});
