import { Template } from 'aws-cdk-lib/assertions';
import { productTemplate, type CfnTemplate } from './support/catalog';

const raw: CfnTemplate = productTemplate('public-ip');
const template = Template.fromJSON(raw);

describe('public-ip product', () => {
  test('declares its identity in Metadata', () => {
    expect(raw.Metadata?.AgentNetworkCatalog).toEqual({ ProductId: 'public-ip', Version: 'v0.0.0-test' });
    expect(raw.Description).toMatch(/^Agent Network Catalog public-ip v0\.0\.0-test: /);
  });

  test('one public subnet in each of two AZs chosen by parameter or Fn::GetAZs', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    expect(Object.keys(subnets).sort()).toEqual(['PublicSubnet1', 'PublicSubnet2']);
    [0, 1].forEach((i) => {
      expect(subnets[`PublicSubnet${i + 1}`].Properties.AvailabilityZone).toEqual({
        'Fn::If': [
          'UseRegionAvailabilityZones',
          { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] },
          { 'Fn::Select': [i, { 'Fn::Split': [',', { Ref: 'AvailabilityZones' }] }] },
        ],
      });
      expect(subnets[`PublicSubnet${i + 1}`].Properties.CidrBlock).toEqual({
        'Fn::Select': [i, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 8, '8'] }],
      });
      expect(subnets[`PublicSubnet${i + 1}`].Properties.MapPublicIpOnLaunch).toBe(false);
    });
  });

  test("each subnet's route table sends 0.0.0.0/0 to the internet gateway, after it is attached", () => {
    for (const n of [1, 2]) {
      template.hasResourceProperties('AWS::EC2::SubnetRouteTableAssociation', {
        SubnetId: { Ref: `PublicSubnet${n}` },
        RouteTableId: { Ref: `PublicSubnet${n}RouteTable` },
      });
      template.hasResource('AWS::EC2::Route', {
        Properties: { RouteTableId: { Ref: `PublicSubnet${n}RouteTable` }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } },
        DependsOn: ['InternetGatewayAttachment'],
      });
    }
    template.resourceCountIs('AWS::EC2::Route', 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
  });

  test('v1.1.0: an S3 gateway endpoint on both subnet route tables keeps same-region S3 traffic (ECR layers) off the IGW', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcId: { Ref: 'Vpc' },
      VpcEndpointType: 'Gateway',
      // Region-agnostic: the service name comes from the region the product is launched in.
      ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
      RouteTableIds: [{ Ref: 'PublicSubnet1RouteTable' }, { Ref: 'PublicSubnet2RouteTable' }],
    });
    expect(raw.Resources.S3GatewayEndpoint.Properties?.PolicyDocument).toBeUndefined(); // full access: ECR layers need it
    expect(raw.Outputs?.S3GatewayEndpointId.Value).toEqual({ Ref: 'S3GatewayEndpoint' });
  });

  test('agent tasks get a public IP (the only way out of a public subnet without NAT)', () => {
    template.hasResourceProperties('AWS::Batch::JobDefinition', { ContainerProperties: { NetworkConfiguration: { AssignPublicIp: 'ENABLED' } } });
  });

  test('VPC flow logs capture all traffic', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: { Ref: 'Vpc' }, TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::EC2::VPC', { EnableDnsSupport: true, EnableDnsHostnames: true });
  });

  test('outputs give an operator everything needed', () => {
    expect(Object.keys(raw.Outputs ?? {}).sort()).toEqual(
      [
        'AvailabilityZoneIds',
        'JobDefinitionArn',
        'JobQueueArn',
        'JobRoleArn',
        'LogGroupName',
        'NetworkAccessScopeExpectation',
        'NetworkAccessScopeId',
        'S3GatewayEndpointId',
        'ScheduleName',
        'SecurityGroupIds',
        'SubnetIds',
        'VpcId',
      ].sort(),
    );
    for (const [name, output] of Object.entries(raw.Outputs ?? {})) expect([name, output.Description?.length]).toEqual([name, expect.any(Number)]);
  });

  test.each([
    ['10.80.0.0/20', true],
    ['172.31.0.0/16', true],
    ['192.168.0.0/21', true],
    ['10.0.0.0/24', false],
    ['8.8.0.0/16', false],
    ['10.0.0.0/8', false],
    ['10.300.0.0/16', false],
  ])('VpcCidr accepts %s: %p', (cidr, accepted) => {
    expect(new RegExp(String(raw.Parameters!.VpcCidr.AllowedPattern)).test(cidr)).toBe(accepted);
  });

  test.each([
    ['', true],
    ['ap-northeast-1a,ap-northeast-1c', true],
    ['us-gov-west-1a,us-gov-west-1b', true],
    ['ap-northeast-1a', false],
    ['ap-northeast-1a, ap-northeast-1c', false],
  ])('AvailabilityZones accepts %p: %p', (value, accepted) => {
    expect(new RegExp(String(raw.Parameters!.AvailabilityZones.AllowedPattern)).test(value)).toBe(accepted);
  });
});
