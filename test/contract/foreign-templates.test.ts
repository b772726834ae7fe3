import { analyzeContract } from '../../scripts/analyzers/contract';
import { fargateNatVpc, firewallSample, privateEndpointsVpc } from './foreign-templates';

// Sample-style templates without our Metadata: each promise holds when the template really keeps it, and each
// mechanism below is exercised on them by a mutation a careful engineer would call broken or unprovable.
describe('foreign templates checked with an explicit promise', () => {
  test('a Fargate-style NAT VPC keeps the nat-gateway promise; AZs by Fn::GetAZs "" and {Ref: AWS::Region} are the same', () => {
    const report = analyzeContract(fargateNatVpc(), 'fargate.yaml', { promise: 'nat-gateway' });
    expect([report.verdict, report.findings, report.requested]).toEqual(['holds', [], { declared: undefined }]);
    // PrivateSubnet1 uses Fn::GetAZs {Ref: AWS::Region}, PublicSubnet1 Fn::GetAZs '': same AZ, so no cross-AZ note.
    expect(report.notes).toEqual([]);
    expect(report.paths.map((p) => p.az)).toEqual(['AZ 1', 'AZ 2']);
  });

  test.each(['nat-first', 'firewall-first'] as const)('a Network Firewall sample, %s layout, keeps the network-firewall promise', (layout) => {
    const report = analyzeContract(firewallSample(layout), `${layout}.yaml`, { promise: 'network-firewall' });
    expect([report.verdict, report.findings]).toEqual(['holds', []]);
  });

  test('a quick-start-style private VPC with interface endpoints keeps the private-link promise', () => {
    const report = analyzeContract(privateEndpointsVpc(), 'private.yaml', { promise: 'private-link' });
    expect([report.verdict, report.findings]).toEqual(['holds', []]);
  });

  test('the same template checked against a promise it does not keep is broken, not unprovable', () => {
    const report = analyzeContract(fargateNatVpc(), 'fargate.yaml', { promise: 'public-ip' });
    expect(report.verdict).toBe('broken');
    expect(report.findings).toContain('PrivateRouteTable1: 0.0.0.0/0 → NatGateway1 (NAT gateway in PublicSubnet1, AZ 1), but the public-ip promise is egress straight to the internet gateway from agent subnet PrivateSubnet1');
  });
});
