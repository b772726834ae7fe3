import { analyzeContract } from '../../scripts/analyzers/contract';
import { contractAfter, props, ref } from './fixtures';
import { fargateNatVpc } from './foreign-templates';

const route = (table: string, destination: Record<string, unknown>, target: Record<string, unknown>) => ({ Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref(table), ...destination, ...target } });

// Class 3: longest prefix match over every route, IPv4 and IPv6 and prefix lists, in every subnet of the path.
describe('route selection: can any internet destination leave by a path that skips the promise?', () => {
  test('network-firewall: ::/0 from the agent subnet to an egress-only internet gateway bypasses the firewall', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.EgressOnlyGateway = { Type: 'AWS::EC2::EgressOnlyInternetGateway', Properties: { VpcId: ref('Vpc') } };
      t.Resources.AgentSubnet1Ipv6 = route('AgentSubnet1RouteTable', { DestinationIpv6CidrBlock: '::/0' }, { EgressOnlyInternetGatewayId: ref('EgressOnlyGateway') });
    });
    expect(report.verdict).toBe('broken');
    expect(report.findings).toEqual([
      'AgentSubnet1RouteTable: ::/0 → EgressOnlyGateway (internet gateway): internet destinations (::/0) of agent subnet AgentSubnet1 reach the internet without crossing a firewall endpoint (firewall bypassed)',
    ]);
  });

  test('::/0 in the NAT subnet alone is no bypass: the agent table sends no IPv6 there (a NAT gateway translates IPv4)', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.EgressOnlyGateway = { Type: 'AWS::EC2::EgressOnlyInternetGateway', Properties: { VpcId: ref('Vpc') } };
      t.Resources.NatSubnet1Ipv6 = route('NatSubnet1RouteTable', { DestinationIpv6CidrBlock: '::/0' }, { EgressOnlyInternetGatewayId: ref('EgressOnlyGateway') });
    });
    expect(report.verdict).toBe('holds');
  });

  test('network-firewall: 0.0.0.0/1 in the NAT subnet wins over 0.0.0.0/0 for half the internet: bypass', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.HalfTheInternet = route('NatSubnet2RouteTable', { DestinationCidrBlock: '0.0.0.0/1' }, { GatewayId: ref('InternetGateway') });
    });
    expect(report.findings).toEqual([
      'AgentSubnet2RouteTable: 0.0.0.0/0 → NatGateway2 (NAT gateway in NatSubnet2, AZ 2) … NatSubnet2RouteTable: 0.0.0.0/1 → InternetGateway (internet gateway): internet destinations (0.0.0.0/0) of agent subnet AgentSubnet2 reach the internet without crossing a firewall endpoint (firewall bypassed)',
      // The same bypass when the customer brings an Elastic IP (its own-address NAT gateway is on the path).
      'AgentSubnet2RouteTable: 0.0.0.0/0 → OwnAddressNatGateway2 (NAT gateway in NatSubnet2, AZ 2) … NatSubnet2RouteTable: 0.0.0.0/1 → InternetGateway (internet gateway): internet destinations (0.0.0.0/0) of agent subnet AgentSubnet2 reach the internet without crossing a firewall endpoint (firewall bypassed) (when NatEgressAllocationId2=<another value>)',
    ]);
  });

  test('a public CIDR route to a NAT from the agent table of a nat-gateway template is fine; to the firewall endpoint it skips the NAT', () => {
    const ok = analyzeContract(
      { ...fargateNatVpc(), Resources: { ...fargateNatVpc().Resources, Extra: route('PrivateRouteTable1', { DestinationCidrBlock: '198.51.100.0/24' }, { NatGatewayId: ref('NatGateway2') }) } },
      'fargate.yaml',
      { promise: 'nat-gateway' },
    );
    expect(ok.verdict).toBe('holds');
    const template = fargateNatVpc();
    template.Resources.Peering = route('PrivateRouteTable1', { DestinationCidrBlock: '198.51.100.0/24' }, { VpcPeeringConnectionId: 'pcx-0123456789abcdef0' });
    const report = analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(report.findings).toEqual([
      'cannot prove: PrivateRouteTable1: 198.51.100.0/24 → VPC peering "pcx-0123456789abcdef0" (leaves the VPC, unknown): internet destinations (198.51.100.0/24) of agent subnet PrivateSubnet1 leave the VPC by VPC peering "pcx-0123456789abcdef0" (leaves the VPC, unknown); where they go is outside the template',
    ]);
  });

  test('private destinations (10.0.0.0/8 to a transit gateway) are no internet path', () => {
    const template = fargateNatVpc();
    template.Resources.Corporate = route('PrivateRouteTable1', { DestinationCidrBlock: '10.0.0.0/8' }, { TransitGatewayId: 'tgw-0123456789abcdef0' });
    expect(analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' }).verdict).toBe('holds');
  });

  test('a prefix list the template does not define: unprovable when its route skips the promise, fine when it does not', () => {
    const template = fargateNatVpc();
    template.Resources.Listed = route('PrivateRouteTable2', { DestinationPrefixListId: 'pl-0123456789abcdef0' }, { GatewayId: ref('InternetGateway') });
    const report = analyzeContract(template, 'fargate.yaml', { promise: 'public-ip' });
    expect(report.findings).not.toContain(expect.stringContaining('prefix list pl-0123456789abcdef0')); // a route straight to the IGW keeps public-ip
    const nat = analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(nat.findings).toContain(
      'PrivateRouteTable2: prefix list pl-0123456789abcdef0 → InternetGateway (internet gateway), but agent subnet PrivateSubnet2 must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway',
    );
    const viaPeering = fargateNatVpc();
    viaPeering.Resources.Listed = route('PublicRouteTable', { DestinationPrefixListId: 'pl-0123456789abcdef0' }, { VpcPeeringConnectionId: 'pcx-1' });
    const firewall = analyzeContract(viaPeering, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(firewall.verdict).toBe('holds'); // after the NAT, any way out keeps the nat-gateway promise
  });

  test('a prefix list of the template with public CIDRs is read as its CIDRs', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.Partners = { Type: 'AWS::EC2::PrefixList', Properties: { AddressFamily: 'IPv4', MaxEntries: 2, PrefixListName: 'partners', Entries: [{ Cidr: '203.0.113.0/24' }] } };
      t.Resources.ToPartners = route('NatSubnet1RouteTable', { DestinationPrefixListId: ref('Partners') }, { GatewayId: ref('InternetGateway') });
    });
    expect(report.findings).toEqual([
      'AgentSubnet1RouteTable: 0.0.0.0/0 → NatGateway1 (NAT gateway in NatSubnet1, AZ 1) … NatSubnet1RouteTable: prefix list Partners → InternetGateway (internet gateway): internet destinations (0.0.0.0/0) of agent subnet AgentSubnet1 reach the internet without crossing a firewall endpoint (firewall bypassed)',
      'AgentSubnet1RouteTable: 0.0.0.0/0 → OwnAddressNatGateway1 (NAT gateway in NatSubnet1, AZ 1) … NatSubnet1RouteTable: prefix list Partners → InternetGateway (internet gateway): internet destinations (0.0.0.0/0) of agent subnet AgentSubnet1 reach the internet without crossing a firewall endpoint (firewall bypassed) (when NatEgressAllocationId1=<another value>)',
    ]);
  });

  test('an unknown prefix list in a firewall path: cannot prove, naming the list', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.Listed = route('NatSubnet1RouteTable', { DestinationPrefixListId: 'pl-0123456789abcdef0' }, { GatewayId: ref('InternetGateway') });
    });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings).toEqual([
      expect.stringMatching(/^cannot prove: AgentSubnet1RouteTable: 0\.0\.0\.0\/0 → NatGateway1 .* NatSubnet1RouteTable: prefix list pl-0123456789abcdef0 → InternetGateway \(internet gateway\): prefix list pl-0123456789abcdef0 is a set of destinations this analysis cannot resolve.*\)$/),
      expect.stringMatching(/^cannot prove: AgentSubnet1RouteTable: 0\.0\.0\.0\/0 → OwnAddressNatGateway1 .* NatSubnet1RouteTable: prefix list pl-0123456789abcdef0 → InternetGateway \(internet gateway\): prefix list pl-0123456789abcdef0 is a set of destinations this analysis cannot resolve.* \(when NatEgressAllocationId1=<another value>\)$/),
    ]);
  });

  test('a more specific route for part of the internet in the agent table of private-link is an internet path', () => {
    const report = contractAfter('private-link', (t) => {
      t.Resources.Igw = { Type: 'AWS::EC2::InternetGateway' };
      t.Resources.Leak = route('AgentSubnet1RouteTable', { DestinationIpv6CidrBlock: '2600::/12' }, { GatewayId: ref('Igw') });
      props(t, 'Vpc');
    });
    expect(report.findings[0]).toBe('AgentSubnet1RouteTable: 2600::/12 → Igw (internet gateway): agent subnet AgentSubnet1 has a path to the internet; private-link promises none');
  });
});

describe('longest prefix match decides the main path too', () => {
  test('0.0.0.0/0 to the internet gateway fully shadowed by 0.0.0.0/1 and 128.0.0.0/1 through the firewall is no bypass', () => {
    const report = contractAfter('network-firewall', (t) => {
      const endpoint = props(t, 'NatSubnet1DefaultRoute').VpcEndpointId;
      delete props(t, 'NatSubnet1DefaultRoute').VpcEndpointId;
      props(t, 'NatSubnet1DefaultRoute').GatewayId = ref('InternetGateway');
      t.Resources.LowHalf = route('NatSubnet1RouteTable', { DestinationCidrBlock: '0.0.0.0/1' }, { VpcEndpointId: endpoint });
      t.Resources.HighHalf = route('NatSubnet1RouteTable', { DestinationCidrBlock: '128.0.0.0/1' }, { VpcEndpointId: endpoint });
    });
    expect(report.findings).toEqual([]);
    expect(report.paths[0].internet).toContain('NatSubnet1RouteTable: 0.0.0.0/1 → endpoint of firewall EgressFirewall1');
  });
});
