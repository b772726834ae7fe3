import { analyzeUpgrade, renderUpgradeReport } from '../../scripts/analyzers/upgrade-diff';
import { natGatewayV1, props, variant } from './fixtures';

describe('renderUpgradeReport', () => {
  test('reads like release notes: verdict headline, sections in order, critical items first and explained', () => {
    const v2 = variant((t) => {
      props(t, 'NatEgressAddress1').Domain = 'standard';
      props(t, 'AgentLogGroup').RetentionInDays = 90;
      t.Resources.LogsEndpoint = { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.logs' } };
      delete t.Resources.JobRole;
      t.Parameters!.VendorExternalId = { Type: 'String' };
      delete t.Outputs!.VpcId;
    });
    const text = renderUpgradeReport(analyzeUpgrade(natGatewayV1(), v2), { from: 'v1.0.0', to: 'v2.0.0' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Upgrade v1.0.0 → v2.0.0: BREAKING: this upgrade needs a new major version (2 critical, 2 breaking, 1 warning, 2 info).');
    expect(lines[2]).toBe('Resources: 2 replaced, 0 possibly replaced, 1 deleted, 1 changed in place, 1 added.');
    const headings = lines.filter((line) => /^[A-Z]/.test(line)).slice(2);
    expect(headings).toEqual(['Will be replaced', 'Will be deleted', 'Changed in place', 'Added', 'Parameters', 'Outputs']);
    const replaced = lines.slice(lines.indexOf('Will be replaced') + 1, lines.indexOf('Will be deleted') - 1);
    expect(replaced[0]).toBe('  CRITICAL  Elastic IP NatEgressAddress1 would be replaced because Domain changes: the allowlisted egress IP changes.');
    expect(replaced[1]).toMatch(/^ {2}CRITICAL {2}NAT gateway NatGateway1 would be replaced because AllocationId \(it references NatEgressAddress1, which is replaced\) changes/);
    expect(text).toContain('  BREAKING  New required parameter VendorExternalId (String) has no default');
    expect(text).toContain('  WARNING   AWS::IAM::Role JobRole would be deleted: it is no longer in the template.');
  });

  test('a compatible upgrade without changes says so', () => {
    const text = renderUpgradeReport(analyzeUpgrade(natGatewayV1(), natGatewayV1()), { from: 'v1.0.0', to: 'v1.0.1' });
    expect(text).toBe([
      'Upgrade v1.0.0 → v1.0.1: COMPATIBLE: provisioned products can update in place.',
      '',
      'Resources: 0 replaced, 0 possibly replaced, 0 deleted, 0 changed in place, 0 added.',
      '',
      'No changes that affect provisioned products (template Metadata is not compared).',
      '',
    ].join('\n'));
  });
});
