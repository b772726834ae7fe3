import { contractAfter, props, ref } from './fixtures';

describe('nat-gateway: every egress leaves through a NAT gateway with an Elastic IP', () => {
  test('paths per AZ (default launch: one shared NAT gateway), and the per-AZ launch is checked as a scenario of its own', () => {
    const report = contractAfter('nat-gateway', () => undefined);
    expect(report.holds).toBe(true);
    expect(report.paths.map((p) => p.internet)).toEqual([
      'AgentSubnet1 [AgentSubnet1RouteTable: 0.0.0.0/0 → NatGateway1 (NAT gateway in PublicSubnet1, AZ 1)] → PublicSubnet1 [PublicSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway)] → internet',
      'AgentSubnet2 [AgentSubnet2RouteTable: 0.0.0.0/0 → NatGateway1 (NAT gateway in PublicSubnet1, AZ 1)] → PublicSubnet1 [PublicSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway)] → internet',
    ]);
    expect(report.scenarios).toBeGreaterThan(2);
    // One NAT gateway for both AZs is a launch option (cost): allowed, and said.
    expect(report.notes).toContain('agent subnet AgentSubnet2 (AZ 2) uses NatGateway1 in AZ 1: cross-AZ traffic, and egress depends on that AZ');
  });

  test('a NAT route sent to the internet gateway is caught', () => {
    const report = contractAfter('nat-gateway', (t) => {
      const route = props(t, 'AgentSubnet1DefaultRoute');
      delete route.NatGatewayId;
      route.GatewayId = ref('InternetGateway');
    });
    expect(report.holds).toBe(false);
    expect(report.findings).toEqual([
      'AgentSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway), but agent subnet AgentSubnet1 must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway',
    ]);
  });

  test('a stray 0.0.0.0/0-wide route to the internet gateway beside the NAT route is caught', () => {
    const report = contractAfter('nat-gateway', (t) => {
      t.Resources.StrayRoute = {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: ref('AgentSubnet2RouteTable'), DestinationCidrBlock: '203.0.113.0/24', GatewayId: ref('InternetGateway') },
      };
    });
    expect(report.findings).toEqual([
      'AgentSubnet2RouteTable: 203.0.113.0/24 → InternetGateway (internet gateway), but agent subnet AgentSubnet2 must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway',
    ]);
  });

  test('a NAT subnet without a route to the internet gateway is caught, in the launch that uses it', () => {
    const report = contractAfter('nat-gateway', (t) => {
      delete t.Resources.PublicSubnet2DefaultRoute;
    });
    expect(report.findings).toEqual([
      'PublicSubnet2RouteTable: no 0.0.0.0/0 route; NatGateway2 of agent subnet AgentSubnet2 cannot reach the internet (when NatGatewayMode="per-az")',
    ]);
  });

  test('an Elastic IP that is no output is caught', () => {
    const report = contractAfter('nat-gateway', (t) => {
      delete t.Outputs!.NatEgressIp2;
    });
    expect(report.findings).toEqual(['NatEgressAddress2: no output gives this NAT Elastic IP for allowlisting (when NatGatewayMode="per-az")']);
  });
});
