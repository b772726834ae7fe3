import { analyzeContract } from '../../scripts/analyzers/contract';
import { contractAfter, props, ref } from './fixtures';
import { firewallSample } from './foreign-templates';

const check = (layout: 'nat-first' | 'firewall-first', change: (t: ReturnType<typeof firewallSample>) => void) => {
  const template = firewallSample(layout);
  change(template);
  return analyzeContract(template, `${layout}.yaml`, { promise: 'network-firewall' });
};

// Class 4: return routes matched by resolved CIDR values; both firewall layouts.
describe('return path through the same firewall endpoint', () => {
  test('an edge route written as the literal CIDR of the NAT subnet counts (NAT before the firewall)', () => {
    expect(check('nat-first', () => undefined).findings).toEqual([]);
  });

  test('an edge route for another literal CIDR does not', () => {
    const report = check('nat-first', (t) => {
      t.Resources.EdgeToNatSubnet.Properties!.DestinationCidrBlock = '10.0.9.0/24';
    });
    expect(report.findings).toEqual(['EdgeRouteTable: no route for NatSubnet CIDR; replies to agent subnet ProtectedSubnet enter without crossing Firewall (asymmetric routing)']);
  });

  test('a wider literal edge route covering the NAT subnet counts (longest prefix match)', () => {
    expect(check('nat-first', (t) => (t.Resources.EdgeToNatSubnet.Properties!.DestinationCidrBlock = '10.0.2.0/23')).findings).toEqual([]);
  });

  test('our template: the edge route written as a literal equal to the resolved Fn::Cidr of the subnet counts', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Parameters!.VpcCidr.AllowedValues = ['10.0.0.0/16'];
      props(t, 'InternetGatewayEdgeRouteToNatSubnet1').DestinationCidrBlock = '10.0.2.0/24';
    });
    expect(report.findings).toEqual([]);
  });

  test('a literal edge route beside a CIDR the user chooses at launch cannot be compared: unprovable', () => {
    const report = contractAfter('network-firewall', (t) => {
      props(t, 'InternetGatewayEdgeRouteToNatSubnet1').DestinationCidrBlock = '10.0.2.0/24';
    });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings[0]).toMatch(/^cannot prove: InternetGatewayEdgeRouteTable: route InternetGatewayEdgeRouteToNatSubnet1 for 10\.0\.2\.0\/24 may or may not cover NatSubnet1's CIDR/);
  });

  test('firewall before NAT: the NAT subnet route back to the agent subnet must go through the endpoint', () => {
    expect(check('firewall-first', () => undefined).findings).toEqual([]);
    const missing = check('firewall-first', (t) => delete t.Resources.NatToProtected);
    expect(missing.findings).toEqual(['NatRouteTable: no route for ProtectedSubnet CIDR; replies to agent subnet ProtectedSubnet enter without crossing Firewall (asymmetric routing)']);
    const wrong = check('firewall-first', (t) => {
      t.Resources.NatToProtected.Properties = { RouteTableId: ref('NatRouteTable'), DestinationCidrBlock: '10.0.3.0/24', NatGatewayId: ref('NatGateway') };
    });
    expect(wrong.findings).toEqual([
      'NatRouteTable: 10.0.3.0/24 → NatGateway, but egress of agent subnet ProtectedSubnet leaves through Firewall in AZ 1: replies must return through the same firewall endpoint',
    ]);
  });
});
