import { contractAfter, props, ref } from './fixtures';

const endpointOf = (firewall: string) => ({ 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Join': [',', { 'Fn::GetAtt': [firewall, 'EndpointIds'] }] }] }] });

describe("network-firewall: egress and its return cross the same AZ's firewall endpoint", () => {
  test('paths per AZ, out and back', () => {
    const report = contractAfter('network-firewall', () => undefined);
    expect(report.holds).toBe(true);
    expect(report.paths[1]).toEqual({
      az: 'AZ 2',
      agentSubnet: 'AgentSubnet2',
      internet:
        'AgentSubnet2 [AgentSubnet2RouteTable: 0.0.0.0/0 → NatGateway2 (NAT gateway in NatSubnet2, AZ 2)] → NatSubnet2 [NatSubnet2RouteTable: 0.0.0.0/0 → endpoint of firewall EgressFirewall2 (FirewallSubnet2, AZ 2)] → FirewallSubnet2 [FirewallSubnet2RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway)] → internet',
      awsServices: 'over the internet path (reachable)',
      returnPath:
        'internet → InternetGateway (internet gateway) [edge InternetGatewayEdgeRouteTable: NatSubnet2 CIDR → endpoint of firewall EgressFirewall2 (FirewallSubnet2, AZ 2)] → NatSubnet2 → AgentSubnet2',
    });
  });

  test('a bypassed firewall (NAT subnet straight to the internet gateway) is caught', () => {
    const report = contractAfter('network-firewall', (t) => {
      const route = props(t, 'NatSubnet1DefaultRoute');
      delete route.VpcEndpointId;
      route.GatewayId = ref('InternetGateway');
    });
    expect(report.findings).toEqual([
      'NatSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway): egress of agent subnet AgentSubnet1 reaches the internet gateway without crossing a firewall endpoint (firewall bypassed)',
    ]);
  });

  test("an endpoint picked from the wrong AZ is caught, out and back", () => {
    const report = contractAfter('network-firewall', (t) => {
      props(t, 'NatSubnet1DefaultRoute').VpcEndpointId = endpointOf('EgressFirewall2');
    });
    expect(report.findings).toEqual([
      "NatSubnet1RouteTable: 0.0.0.0/0 → endpoint of EgressFirewall2 in AZ 2, but agent subnet AgentSubnet1 is in AZ 1: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
      'InternetGatewayEdgeRouteTable: NatSubnet1 CIDR → endpoint of EgressFirewall1 in AZ 1, but egress of agent subnet AgentSubnet1 leaves through EgressFirewall2 in AZ 2: replies must return through the same firewall endpoint',
    ]);
  });

  test("an agent route to the other AZ's NAT gateway is caught", () => {
    const report = contractAfter('network-firewall', (t) => {
      // AZ 1's NAT gateway in every scenario: the new-address one, or the one with the customer's own Elastic IP.
      props(t, 'AgentSubnet2DefaultRoute').NatGatewayId = { 'Fn::If': ['OwnNatEgressAddress1', ref('OwnAddressNatGateway1'), ref('NatGateway1')] };
    });
    expect(report.findings).toEqual([
      "AgentSubnet2RouteTable: 0.0.0.0/0 → NatGateway1 in AZ 1, but agent subnet AgentSubnet2 is in AZ 2: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
      "NatSubnet1RouteTable: 0.0.0.0/0 → endpoint of EgressFirewall1 in AZ 1, but agent subnet AgentSubnet2 is in AZ 2: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
      "AgentSubnet2RouteTable: 0.0.0.0/0 → OwnAddressNatGateway1 in AZ 1, but agent subnet AgentSubnet2 is in AZ 2: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint (when NatEgressAllocationId1=<another value>)",
    ]);
  });

  test('an endpoint picked by index from the unordered EndpointIds of a two-AZ firewall is caught', () => {
    const report = contractAfter('network-firewall', (t) => {
      // The aws-samples layout: one firewall in both firewall subnets, its endpoints taken by list position.
      props(t, 'EgressFirewall1').SubnetMappings = [{ SubnetId: ref('FirewallSubnet1') }, { SubnetId: ref('FirewallSubnet2') }];
      props(t, 'NatSubnet2DefaultRoute').VpcEndpointId = { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [1, { 'Fn::GetAtt': ['EgressFirewall1', 'EndpointIds'] }] }] }] };
    });
    // NatSubnet1's route (Join + Split on ':') was right for a one-subnet firewall; with two mappings it is by position too.
    expect(report.findings.filter((f) => f.includes('by list position')).map((f) => f.split(':')[0])).toEqual(['NatSubnet1RouteTable', 'NatSubnet2RouteTable']);
    expect(report.findings).toContain(
      'NatSubnet2RouteTable: 0.0.0.0/0 route NatSubnet2DefaultRoute picks an endpoint of EgressFirewall1 (2 subnet mappings) by list position from its EndpointIds, an unordered list of "<az>:<vpce-id>": ' +
        "the endpoint may be another AZ's. Select it by AZ (Split on \"<az>:\", aws-cdk issue 11925) or use AWS::NetworkFirewall::VpcEndpointAssociation",
    );
  });

  test('an element of EndpointIds used as is ("<az>:<vpce-id>") is caught', () => {
    const report = contractAfter('network-firewall', (t) => {
      props(t, 'NatSubnet1DefaultRoute').VpcEndpointId = { 'Fn::Select': [0, { 'Fn::GetAtt': ['EgressFirewall1', 'EndpointIds'] }] };
    });
    expect(report.findings[0]).toBe(
      'NatSubnet1RouteTable: 0.0.0.0/0 route NatSubnet1DefaultRoute uses an element of EgressFirewall1.EndpointIds as the endpoint id, but each element is "<az>:<vpce-id>" (split off the AZ first)',
    );
  });

  test('a VpcEndpointAssociation endpoint is placed by its subnet mapping', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.ExtraEndpoint = {
        Type: 'AWS::NetworkFirewall::VpcEndpointAssociation',
        Properties: { FirewallArn: { 'Fn::GetAtt': ['EgressFirewall2', 'FirewallArn'] }, VpcId: ref('Vpc'), SubnetMapping: { SubnetId: ref('FirewallSubnet2') } },
      };
      props(t, 'NatSubnet1DefaultRoute').VpcEndpointId = { 'Fn::GetAtt': ['ExtraEndpoint', 'EndpointId'] };
    });
    expect(report.findings[0]).toBe(
      "NatSubnet1RouteTable: 0.0.0.0/0 → endpoint of EgressFirewall2 in AZ 2, but agent subnet AgentSubnet1 is in AZ 1: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
    );
  });

  test('a missing return route (asymmetric) is caught', () => {
    const report = contractAfter('network-firewall', (t) => {
      delete t.Resources.InternetGatewayEdgeRouteToNatSubnet2;
      t.Resources.InternetGatewayEdgeRouteTableAssociation.DependsOn = ['InternetGatewayEdgeRouteToNatSubnet1'];
    });
    expect(report.findings).toEqual([
      'InternetGatewayEdgeRouteTable: no route for NatSubnet2 CIDR; replies to agent subnet AgentSubnet2 enter without crossing EgressFirewall2 (asymmetric routing)',
    ]);
  });

  test('a policy that is not strict order with a default drop is caught', () => {
    const report = contractAfter('network-firewall', (t) => {
      const policy = props(t, 'EgressFirewallPolicy').FirewallPolicy as Record<string, unknown>;
      delete policy.StatefulEngineOptions;
      delete policy.StatefulDefaultActions;
    });
    expect(report.findings).toEqual([
      'EgressFirewallPolicy: StatefulEngineOptions.RuleOrder is DEFAULT_ACTION_ORDER, expected STRICT_ORDER',
      'EgressFirewallPolicy: StatefulDefaultActions [] drop nothing; expected aws:drop_established or aws:drop_strict',
    ]);
  });

  describe('one two-AZ firewall with endpoints selected by AZ (Join, Split on "<az>:", Split on ",": aws-cdk issue 11925)', () => {
    const byAz = (az: string) => ({
      'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::Select': [1, { 'Fn::Split': [`${az}:`, { 'Fn::Join': [',', { 'Fn::GetAtt': ['EgressFirewall1', 'EndpointIds'] }] }] }] }] }],
    });
    const oneFirewall = (natSubnet1Az: string, natSubnet2Az: string) =>
      contractAfter('network-firewall', (t) => {
        ['FirewallSubnet', 'NatSubnet', 'AgentSubnet'].forEach((subnet) => {
          props(t, `${subnet}1`).AvailabilityZone = 'us-east-1a';
          props(t, `${subnet}2`).AvailabilityZone = 'us-east-1b';
        });
        props(t, 'EgressFirewall1').SubnetMappings = [{ SubnetId: ref('FirewallSubnet1') }, { SubnetId: ref('FirewallSubnet2') }];
        props(t, 'NatSubnet1DefaultRoute').VpcEndpointId = byAz(natSubnet1Az);
        props(t, 'NatSubnet2DefaultRoute').VpcEndpointId = byAz(natSubnet2Az);
        props(t, 'InternetGatewayEdgeRouteToNatSubnet1').VpcEndpointId = byAz(natSubnet1Az);
        props(t, 'InternetGatewayEdgeRouteToNatSubnet2').VpcEndpointId = byAz(natSubnet2Az);
      });

    test('each AZ gets its own endpoint: the promise holds', () => {
      const report = oneFirewall('us-east-1a', 'us-east-1b');
      expect(report.findings).toEqual([]);
      expect(report.paths.map((p) => p.az)).toEqual(['us-east-1a', 'us-east-1b']);
      expect(report.paths[1].internet).toContain('NatSubnet2RouteTable: 0.0.0.0/0 → endpoint of firewall EgressFirewall1 (FirewallSubnet2, us-east-1b)');
    });

    test("the other AZ's key is caught", () => {
      const report = oneFirewall('us-east-1a', 'us-east-1a');
      expect(report.findings).toEqual([
        "NatSubnet2RouteTable: 0.0.0.0/0 → endpoint of EgressFirewall1 in us-east-1a, but agent subnet AgentSubnet2 is in us-east-1b: each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
      ]);
    });
  });
});
