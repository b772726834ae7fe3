import { analyzeContract } from '../../scripts/analyzers/contract';
import { contractAfter, props, ref } from './fixtures';
import { fargateNatVpc } from './foreign-templates';

// Class 1: what the analysis cannot resolve makes the promise unprovable, naming the value; never a vacuous "holds".
describe('vacuous proofs: unresolved agent subnets and launches without an agent', () => {
  test('agent subnets imported from another stack: cannot prove, naming the ImportValue', () => {
    const template = fargateNatVpc();
    (template.Resources.ComputeEnvironment.Properties!.ComputeResources as Record<string, unknown>).Subnets = [{ 'Fn::ImportValue': 'shared-vpc-PrivateSubnet1' }];
    const report = analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings).toEqual([
      'cannot prove: agent subnet of ComputeEnvironment: ComputeEnvironment.ComputeResources.Subnets[0]: Fn::ImportValue shared-vpc-PrivateSubnet1: exported by another stack, not known from this template; its routes are unknown',
    ]);
  });

  test('agent subnets from a parameter under a promise that needs the template to build the path', () => {
    const report = contractAfter('nat-gateway', (t) => {
      t.Parameters!.ExternalSubnets = { Type: 'List<AWS::EC2::Subnet::Id>' };
      (props(t, 'AgentComputeEnvironment').ComputeResources as Record<string, unknown>).Subnets = ref('ExternalSubnets');
    });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings).toEqual(['cannot prove: agent subnet parameter ExternalSubnets of AgentComputeEnvironment is not created by this template; its routes are unknown']);
  });

  test('resources from Fn::ForEach and a route target from a custom resource: cannot prove, saying which', () => {
    const report = contractAfter('nat-gateway', (t) => {
      t.Resources['Fn::ForEach::ExtraRoutes'] = ['Cidr', ['203.0.113.0/24'], { 'Route${Cidr}': { Type: 'AWS::EC2::Route', Properties: {} } }] as never;
      t.Resources.Lookup = { Type: 'Custom::NatLookup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:lookup' } };
      props(t, 'AgentSubnet1DefaultRoute').NatGatewayId = { 'Fn::GetAtt': ['Lookup', 'NatGatewayId'] };
    });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings).toEqual(
      expect.arrayContaining([
        'cannot prove: Resources.Fn::ForEach::ExtraRoutes: Fn::ForEach (AWS::LanguageExtensions) creates resources at deploy time that this analysis does not expand',
        'cannot prove: Lookup (Custom::NatLookup) is a custom resource: its Lambda runs at deploy time and may create routes or change the network',
        'cannot prove: AgentSubnet1DefaultRoute.NatGatewayId: Lookup.NatGatewayId: set by custom resource Lookup (its Lambda) at deploy time',
      ]),
    );
  });

  test('a parameter value that removes the compute environment is no proof', () => {
    const report = contractAfter('public-ip', (t) => {
      t.Parameters!.RunAgent = { Type: 'String', Default: 'yes', AllowedValues: ['yes', 'no'] };
      t.Conditions = { ...t.Conditions, RunAgent: { 'Fn::Equals': [ref('RunAgent'), 'yes'] } };
      t.Resources.AgentComputeEnvironment.Condition = 'RunAgent';
    });
    expect(report.findings).toEqual([
      'cannot prove: no AWS::Batch::ComputeEnvironment in this launch: the agent subnets cannot be identified, so no path can be checked (when RunAgent="no")',
    ]);
  });

  test('a parameter value that removes every agent subnet is caught', () => {
    const report = contractAfter('public-ip', (t) => {
      t.Parameters!.Placement = { Type: 'String', Default: 'vpc', AllowedValues: ['vpc', 'none'] };
      t.Conditions = { ...t.Conditions, InVpc: { 'Fn::Equals': [ref('Placement'), 'vpc'] } };
      (props(t, 'AgentComputeEnvironment').ComputeResources as Record<string, unknown>).Subnets = { 'Fn::If': ['InVpc', [ref('AgentSubnet1'), ref('AgentSubnet2')], ref('AWS::NoValue')] };
    });
    expect(report.holds).toBe(false);
    expect(report.findings).toContain('AgentComputeEnvironment: ComputeResources.Subnets is empty; the agent runs in no subnet (when Placement="none")');
  });
});
