import { PRODUCT_IDS } from '../../products/shared/identity';
import { contractAfter, props, ref } from './fixtures';

// Features other work adds to the products: the model reads them without crashing, and the verdicts stay right.
describe('upcoming product features', () => {
  test.each(PRODUCT_IDS)('%s: a Network Insights access scope and a Route 53 private hosted zone change nothing', (productId) => {
    const report = contractAfter(productId, (t) => {
      t.Resources.EgressAccessScope = {
        Type: 'AWS::EC2::NetworkInsightsAccessScope',
        Properties: { MatchPaths: [{ Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::Subnet'] } }, Destination: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }] },
      };
      t.Resources.VendorZone = { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'vendor.example.com', VPCs: [{ VPCId: ref('Vpc'), VPCRegion: ref('AWS::Region') }] } };
    });
    expect(report.verdict).toBe('holds');
  });

  test('nat-gateway: a regional NAT gateway (no subnet, addresses per AZ) keeps the promise, and its Elastic IPs must be outputs', () => {
    const regional = (t: Parameters<Parameters<typeof contractAfter>[1]>[0]) => {
      const nat = props(t, 'NatGateway1');
      // The same allocation as the zonal gateway (the template's EIP, or the customer's when given).
      const allocation = nat.AllocationId;
      delete nat.SubnetId;
      delete nat.AllocationId;
      nat.AvailabilityMode = 'regional';
      // By default both agent subnets route to NatGateway1: an entry (and an Elastic IP) per agent AZ, in the subnets' own AZ.
      t.Resources.RegionalAddress2 = { Type: 'AWS::EC2::EIP', Condition: 'ZonalNatGateways', Properties: { Domain: 'vpc' } };
      t.Outputs!.RegionalEgressIp2 = { Condition: 'ZonalNatGateways', Value: ref('RegionalAddress2') };
      nat.AvailabilityZoneAddresses = [
        { AvailabilityZone: props(t, 'AgentSubnet1').AvailabilityZone, AllocationIds: [allocation] },
        { AvailabilityZone: props(t, 'AgentSubnet2').AvailabilityZone, AllocationIds: [{ 'Fn::GetAtt': ['RegionalAddress2', 'AllocationId'] }] },
      ];
    };
    const report = contractAfter('nat-gateway', regional);
    expect(report.verdict).toBe('holds');
    expect(report.paths[0].internet).toBe('AgentSubnet1 [AgentSubnet1RouteTable: 0.0.0.0/0 → NatGateway1 (NAT gateway in an unknown subnet, unknown AZ)] → internet');
    const withoutOutput = contractAfter('nat-gateway', (t) => {
      regional(t);
      delete t.Outputs!.NatEgressIp1;
    });
    expect(withoutOutput.findings[0]).toMatch(/^NatEgressAddress1: no output gives this NAT Elastic IP for allowlisting/);
  });
});
