/**
 * analyzeUpgradeWithin, the bounded form `catalog adopt` ranks candidate versions with: it must give exactly
 * analyzeUpgrade's report when that has at most the bound's reasons, and give up only when it has more.
 */
import { analyzeUpgrade, analyzeUpgradeWithin, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { repositoryReleases } from '../../scripts/operations/catalog-versions';
import { natGatewayV1, variant } from './fixtures';

const releases = repositoryReleases();
const template = (productId: string, version: string) => releases.versions(productId).find((v) => v.version === version)!.template as CfnTemplate;

describe('analyzeUpgradeWithin', () => {
  const pairs: Array<[string, CfnTemplate, CfnTemplate]> = [
    ['public-ip v1.2.0 → v1.3.0 (a real upgrade)', template('public-ip', 'v1.2.0'), template('public-ip', 'v1.3.0')],
    ['nat-gateway v1.0.0 → public-ip v1.0.0 (another product)', template('nat-gateway', 'v1.0.0'), template('public-ip', 'v1.0.0')],
    ['a Condition-dependent change (findings in some scenarios only)', natGatewayV1(), variant((t) => {
      t.Parameters!.UseSecondAz = { Type: 'String', Default: 'no', AllowedValues: ['yes', 'no'] };
      t.Conditions = { SecondAz: { 'Fn::Equals': [{ Ref: 'UseSecondAz' }, 'yes'] } };
      t.Resources.NatEgressAddress1.Condition = 'SecondAz';
      t.Resources.AgentLogGroup.Properties!.RetentionInDays = 90;
    })],
  ];

  test.each(pairs)('%s: the full report within the bound, nothing above it', (_, from, to) => {
    const full = analyzeUpgrade(from, to);
    const count = full.reasons.length;
    expect(count).toBeGreaterThan(0);
    expect(analyzeUpgradeWithin(from, to, count)).toEqual(full);
    expect(analyzeUpgradeWithin(from, to, count + 5)).toEqual(full);
    expect(analyzeUpgradeWithin(from, to, count - 1)).toBeUndefined();
    expect(analyzeUpgradeWithin(from, to, 0)).toBeUndefined();
  });

  test('an upgrade without findings is within a bound of 0', () => {
    const same = template('public-ip', 'v1.3.0');
    expect(analyzeUpgradeWithin(same, same, 0)).toEqual(analyzeUpgrade(same, same));
  });
});
