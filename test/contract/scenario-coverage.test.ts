import { analyzeContract } from '../../scripts/analyzers/contract';
import { planScenarios } from '../../scripts/analyzers/template-evaluation';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { contractAfter, latestTemplate, ref } from './fixtures';
import { fargateNatVpc } from './foreign-templates';

/** `n` yes/no parameters, each deciding one extra route of the private route table 1 (a quick start's toggles). */
function withToggles(n: number, target: (i: number) => Record<string, unknown>): CfnTemplate {
  const template = fargateNatVpc();
  for (let i = 0; i < n; i++) {
    template.Parameters![`Toggle${i}`] = { Type: 'String', Default: 'no', AllowedValues: ['yes', 'no'] };
    template.Conditions = { ...template.Conditions, [`On${i}`]: { 'Fn::Equals': [ref(`Toggle${i}`), 'yes'] } };
    template.Resources[`ToggleRoute${i}`] = {
      Type: 'AWS::EC2::Route',
      Condition: `On${i}`,
      Properties: { RouteTableId: ref('PrivateRouteTable1'), DestinationCidrBlock: `10.${100 + i}.0.0/16`, ...target(i) },
    };
  }
  return template;
}

// Class 2: scenarios chosen by what the Conditions depend on; never "holds" for combinations not examined.
describe('scenario coverage', () => {
  test('up to 2^8 combinations of network-deciding parameters: every one is examined', () => {
    const report = analyzeContract(withToggles(8, () => ({ NatGatewayId: ref('NatGateway1') })), 'toggles.yaml', { promise: 'nat-gateway' });
    expect(report.coverage).toEqual(expect.objectContaining({ combinations: 256, examined: 256, exhaustive: true }));
    expect(report.verdict).toBe('holds');
  });

  test('beyond that, pairwise: the verdict says how many were examined and fails as unprovable', () => {
    const report = analyzeContract(withToggles(12, () => ({ NatGatewayId: ref('NatGateway1') })), 'toggles.yaml', { promise: 'nat-gateway' });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.coverage.exhaustive).toBe(false);
    expect(report.findings).toEqual([
      `cannot prove: 4096 combinations of the parameters the network depends on (${Array.from({ length: 12 }, (_, i) => `Toggle${i}`).join(', ')}), ` +
        `${report.coverage.examined} examined pairwise (${report.scenarios} distinct scenarios); the promise is not shown for the combinations not examined`,
    ]);
    expect(report.coverage.examined).toBeLessThan(20);
  });

  test('a break that needs two parameters at once is found by the pairwise set (and still reported)', () => {
    const template = withToggles(12, () => ({ NatGatewayId: ref('NatGateway1') }));
    // Toggles 3 and 9 together replace the NAT route of table 2 by a route to the internet gateway.
    template.Conditions!.Both = { 'Fn::And': [{ Condition: 'On3' }, { Condition: 'On9' }] };
    template.Resources.DefaultPrivateRoute2.Properties!.NatGatewayId = { 'Fn::If': ['Both', ref('AWS::NoValue'), ref('NatGateway2')] };
    template.Resources.DefaultPrivateRoute2.Properties!.GatewayId = { 'Fn::If': ['Both', ref('InternetGateway'), ref('AWS::NoValue')] };
    const report = analyzeContract(template, 'toggles.yaml', { promise: 'nat-gateway' });
    expect(report.verdict).toBe('broken');
    expect(report.findings.some((f) => f.startsWith('PrivateRouteTable2: 0.0.0.0/0 → InternetGateway') && /Toggle3="yes".*Toggle9="yes"/.test(f))).toBe(true);
  });

  test('Conditions no network resource depends on are held at the default (log groups and Elastic IPs kept on termination…)', () => {
    const report = contractAfter('nat-gateway', () => undefined);
    expect(report.coverage.exhaustive).toBe(true);
    expect(report.coverage.ignoredConditions).toEqual(expect.arrayContaining(['KeepLogGroupsOnTermination', 'KeepElasticIpsOnTermination']));
    expect(report.coverage.parameters).toEqual(expect.arrayContaining(['NatGatewayMode', 'AvailabilityZones']));
    expect(report.coverage.parameters).not.toContain('LogGroupsOnTermination');
  });

  test('the pairwise set covers every pair of values of every two parameters, the default launch first', () => {
    const template: CfnTemplate = { Parameters: {}, Conditions: {}, Resources: {} };
    for (let i = 0; i < 10; i++) {
      template.Parameters![`P${i}`] = { Type: 'String', Default: 'a', AllowedValues: ['a', 'b', 'c'] };
      template.Conditions![`C${i}b`] = { 'Fn::Equals': [ref(`P${i}`), 'b'] };
      template.Conditions![`C${i}c`] = { 'Fn::Equals': [ref(`P${i}`), 'c'] };
    }
    const plan = planScenarios(template);
    expect([plan.combinations, plan.exhaustive]).toEqual([3 ** 10, false]);
    expect(plan.scenarios[0].description).toBe('');
    for (let i = 0; i < 10; i++) {
      for (let j = i + 1; j < 10; j++) {
        for (const a of ['a', 'b', 'c']) for (const b of ['a', 'b', 'c']) expect(plan.scenarios.some((s) => s.parameters.get(`P${i}`) === a && s.parameters.get(`P${j}`) === b)).toBe(true);
      }
    }
  });
});

// Conditions that only Outputs use decide scenarios only for a promise that reads Outputs (nat-gateway's EIP outputs).
describe('scenarios decided by Outputs', () => {
  const outputOnly = (): CfnTemplate => {
    const template = withToggles(0, () => ({}));
    template.Parameters!.Label = { Type: 'String', Default: 'a', AllowedValues: ['a', 'b'] };
    template.Conditions = { ...template.Conditions, LabelB: { 'Fn::Equals': [ref('Label'), 'b'] } };
    template.Outputs = { ...template.Outputs, LabelOnly: { Condition: 'LabelB', Value: 'b' } };
    return template;
  };

  test('a promise that reads Outputs examines the conditions only an output uses', () => {
    expect(analyzeContract(outputOnly(), 'labels.yaml', { promise: 'nat-gateway' }).coverage.parameters).toContain('Label');
  });

  test('a promise that does not read Outputs holds them at their default launch value', () => {
    const report = analyzeContract(outputOnly(), 'labels.yaml', { promise: 'private-link' });
    expect(report.coverage.parameters).not.toContain('Label');
    expect(report.coverage.ignoredConditions).toContain('LabelB');
  });

  test('private-link: the private DNS zones are checked in their own scenarios, not multiplied into the network ones', () => {
    const report = analyzeContract(latestTemplate('private-link'), 'private-link.json');
    expect(report.coverage.parameters.filter((p) => p.endsWith('DnsZone'))).toEqual([]);
    expect(report.coverage).toEqual(expect.objectContaining({ exhaustive: true, combinations: 128 }));
    expect(report.verdict).toBe('holds');
  });
});
