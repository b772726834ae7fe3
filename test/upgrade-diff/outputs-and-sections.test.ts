import { analyzeUpgrade } from '../../scripts/analyzers/upgrade-diff';
import { natGatewayV1, variant } from './fixtures';

describe('analyzeUpgrade: outputs, rules and description', () => {
  test('a removed output is breaking', () => {
    const v2 = variant((t) => {
      delete t.Outputs!.NatEgressIp1;
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'output-removed', name: 'NatEgressIp1' })]);
  });

  test('an output whose value changes is a warning; a new output is info', () => {
    const v2 = variant((t) => {
      t.Outputs!.VpcId.Value = { 'Fn::GetAtt': ['Vpc', 'VpcId'] };
      t.Outputs!.PrivateSubnetIds = { Value: { Ref: 'PrivateSubnet1' } };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons.map((f) => [f.severity, f.kind, f.name])).toEqual([
      ['warning', 'output-changed', 'VpcId'],
      ['info', 'output-added', 'PrivateSubnetIds'],
    ]);
  });

  test('a changed export name is breaking', () => {
    const base = variant((t) => {
      t.Outputs!.VpcId.Export = { Name: 'agent-vpc' };
    });
    const v2 = variant((t) => {
      t.Outputs!.VpcId.Export = { Name: 'agent-network-vpc' };
    }, base);
    const report = analyzeUpgrade(base, v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'output-export-changed', name: 'VpcId' })]);
  });

  test('an added rule is a warning', () => {
    const v2 = variant((t) => {
      t.Rules = {
        SpotNeedsRetries: {
          RuleCondition: { 'Fn::Equals': [{ Ref: 'ComputeType' }, 'FARGATE_SPOT'] },
          Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'JobName' }, ''] }] }, AssertDescription: 'JobName is required' }],
        },
      };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'warning', kind: 'rules-changed', name: 'SpotNeedsRetries' })]);
    expect(report.reasons[0].message).toContain('New rule SpotNeedsRetries');
  });

  test('a changed rule is a warning, a removed rule is info', () => {
    const base = variant((t) => {
      t.Rules = { A: { Assertions: [{ Assert: true }] }, B: { Assertions: [{ Assert: true }] } };
    });
    const v2 = variant((t) => {
      t.Rules = { A: { Assertions: [{ Assert: false }] } };
    }, base);
    const report = analyzeUpgrade(base, v2);
    expect(report.reasons.map((f) => [f.severity, f.kind, f.name])).toEqual([
      ['warning', 'rules-changed', 'A'],
      ['info', 'rules-changed', 'B'],
    ]);
  });

  test('a description change is listed as info and does not affect the verdict', () => {
    const v2 = variant((t) => {
      t.Description = 'Agent network: NAT gateway pattern (two AZs)';
      t.Metadata = { AgentNetworkCatalog: { productId: 'nat-gateway', version: 'v1.0.1' } };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'info', kind: 'description-changed', after: 'Agent network: NAT gateway pattern (two AZs)' })]);
  });
});
