import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';

/**
 * Small third-party-style templates, written for these tests in the manner of public AWS samples (a Fargate
 * reference VPC, a Network Firewall sample, a quick-start VPC), each with a Batch compute environment added and
 * without our Metadata: the contract checks them with an explicit promise.
 */
const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const az = (i: number, region: unknown = '') => ({ 'Fn::Select': [i, { 'Fn::GetAZs': region }] });

function batch(subnets: unknown[], extra: Record<string, unknown> = {}): CfnTemplate['Resources'] {
  return {
    BatchSecurityGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'batch', VpcId: ref('VPC') } },
    ComputeEnvironment: {
      Type: 'AWS::Batch::ComputeEnvironment',
      Properties: { Type: 'MANAGED', ComputeResources: { Type: 'FARGATE', MaxvCpus: 4, Subnets: subnets, SecurityGroupIds: [ref('BatchSecurityGroup')], ...extra } },
    },
    JobDefinition: { Type: 'AWS::Batch::JobDefinition', Properties: { Type: 'container', PlatformCapabilities: ['FARGATE'], ContainerProperties: { Image: 'public.ecr.aws/x/agent', NetworkConfiguration: { AssignPublicIp: 'DISABLED' } } } },
  };
}

/** "Fargate reference architecture"-style: public and private subnets from parameters, one NAT gateway per AZ. */
export function fargateNatVpc(): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'VPC with public and private subnets and NAT gateways (sample style)',
    Parameters: {
      VpcCIDR: { Type: 'String', Default: '10.192.0.0/16' },
      PublicSubnet1CIDR: { Type: 'String', Default: '10.192.10.0/24' },
      PublicSubnet2CIDR: { Type: 'String', Default: '10.192.11.0/24' },
      PrivateSubnet1CIDR: { Type: 'String', Default: '10.192.20.0/24' },
      PrivateSubnet2CIDR: { Type: 'String', Default: '10.192.21.0/24' },
    },
    Resources: {
      VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: ref('VpcCIDR'), EnableDnsSupport: true, EnableDnsHostnames: true } },
      InternetGateway: { Type: 'AWS::EC2::InternetGateway' },
      InternetGatewayAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { InternetGatewayId: ref('InternetGateway'), VpcId: ref('VPC') } },
      PublicSubnet1: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), AvailabilityZone: az(0), CidrBlock: ref('PublicSubnet1CIDR'), MapPublicIpOnLaunch: true } },
      PublicSubnet2: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), AvailabilityZone: az(1, ref('AWS::Region')), CidrBlock: ref('PublicSubnet2CIDR') } },
      PrivateSubnet1: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), AvailabilityZone: az(0, ref('AWS::Region')), CidrBlock: ref('PrivateSubnet1CIDR') } },
      PrivateSubnet2: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), AvailabilityZone: az(1), CidrBlock: ref('PrivateSubnet2CIDR') } },
      NatGateway1EIP: { Type: 'AWS::EC2::EIP', DependsOn: 'InternetGatewayAttachment', Properties: { Domain: 'vpc' } },
      NatGateway2EIP: { Type: 'AWS::EC2::EIP', DependsOn: 'InternetGatewayAttachment', Properties: { Domain: 'vpc' } },
      NatGateway1: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: getAtt('NatGateway1EIP', 'AllocationId'), SubnetId: ref('PublicSubnet1') } },
      NatGateway2: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: getAtt('NatGateway2EIP', 'AllocationId'), SubnetId: ref('PublicSubnet2') } },
      PublicRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      DefaultPublicRoute: { Type: 'AWS::EC2::Route', DependsOn: 'InternetGatewayAttachment', Properties: { RouteTableId: ref('PublicRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('InternetGateway') } },
      PublicSubnet1RouteTableAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: ref('PublicRouteTable'), SubnetId: ref('PublicSubnet1') } },
      PublicSubnet2RouteTableAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: ref('PublicRouteTable'), SubnetId: ref('PublicSubnet2') } },
      PrivateRouteTable1: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      DefaultPrivateRoute1: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRouteTable1'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway1') } },
      PrivateSubnet1RouteTableAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: ref('PrivateRouteTable1'), SubnetId: ref('PrivateSubnet1') } },
      PrivateRouteTable2: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      DefaultPrivateRoute2: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRouteTable2'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway2') } },
      PrivateSubnet2RouteTableAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: ref('PrivateRouteTable2'), SubnetId: ref('PrivateSubnet2') } },
      ...batch([ref('PrivateSubnet1'), ref('PrivateSubnet2')]),
    },
    Outputs: { NatIp1: { Value: ref('NatGateway1EIP') }, NatIp2: { Value: ref('NatGateway2EIP') } },
  };
}

/**
 * "Network Firewall sample"-style, single AZ, with literal CIDRs. `layout`: `nat-first` (agent → NAT → firewall →
 * IGW, the IGW edge route table returns the NAT subnet's CIDR through the endpoint) or `firewall-first` (agent →
 * firewall → NAT → IGW, the NAT subnet's route table returns the agent subnet's CIDR through the endpoint).
 */
export function firewallSample(layout: 'nat-first' | 'firewall-first'): CfnTemplate {
  const endpoint = { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, getAtt('Firewall', 'EndpointIds')] }] }] };
  const natFirst = layout === 'nat-first';
  return {
    Description: `Network Firewall sample (${layout})`,
    Resources: {
      VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      IGW: { Type: 'AWS::EC2::InternetGateway' },
      IGWAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { InternetGatewayId: ref('IGW'), VpcId: ref('VPC') } },
      FirewallSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), CidrBlock: '10.0.1.0/28', AvailabilityZone: az(0) } },
      NatSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), CidrBlock: '10.0.2.0/24', AvailabilityZone: az(0) } },
      ProtectedSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), CidrBlock: '10.0.3.0/24', AvailabilityZone: az(0, ref('AWS::Region')) } },
      NatEIP: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      NatGateway: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: getAtt('NatEIP', 'AllocationId'), SubnetId: ref('NatSubnet') } },
      AllowDomains: {
        Type: 'AWS::NetworkFirewall::RuleGroup',
        Properties: {
          Capacity: 100,
          RuleGroupName: 'allow-domains',
          Type: 'STATEFUL',
          RuleGroup: {
            StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
            RulesSource: {
              RulesString: [
                'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (tls.sni; content:"api.example.com"; endswith; nocase; msg:"allowed"; flow:to_server; sid:1;)',
                'pass http $HOME_NET any -> $EXTERNAL_NET 80 (http.host; content:"api.example.com"; endswith; msg:"allowed"; flow:to_server; sid:2;)',
                'pass tcp $HOME_NET any -> $EXTERNAL_NET [80,443] (flow:not_established; sid:3;)',
              ].join('\n'),
            },
          },
        },
      },
      Policy: {
        Type: 'AWS::NetworkFirewall::FirewallPolicy',
        Properties: {
          FirewallPolicyName: 'egress',
          FirewallPolicy: {
            StatelessDefaultActions: ['aws:forward_to_sfe'],
            StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
            StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
            StatefulDefaultActions: ['aws:drop_established'],
            StatefulRuleGroupReferences: [{ Priority: 10, ResourceArn: ref('AllowDomains') }],
          },
        },
      },
      Firewall: { Type: 'AWS::NetworkFirewall::Firewall', Properties: { FirewallName: 'egress', FirewallPolicyArn: ref('Policy'), VpcId: ref('VPC'), SubnetMappings: [{ SubnetId: ref('FirewallSubnet') }] } },
      FirewallRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      FirewallAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('FirewallSubnet'), RouteTableId: ref('FirewallRouteTable') } },
      FirewallDefault: {
        Type: 'AWS::EC2::Route',
        Properties: natFirst ? { RouteTableId: ref('FirewallRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('IGW') } : { RouteTableId: ref('FirewallRouteTable'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway') },
      },
      NatRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      NatAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('NatSubnet'), RouteTableId: ref('NatRouteTable') } },
      NatDefault: {
        Type: 'AWS::EC2::Route',
        Properties: natFirst ? { RouteTableId: ref('NatRouteTable'), DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: endpoint } : { RouteTableId: ref('NatRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('IGW') },
      },
      ProtectedRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      ProtectedAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('ProtectedSubnet'), RouteTableId: ref('ProtectedRouteTable') } },
      ProtectedDefault: {
        Type: 'AWS::EC2::Route',
        Properties: natFirst ? { RouteTableId: ref('ProtectedRouteTable'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway') } : { RouteTableId: ref('ProtectedRouteTable'), DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: endpoint },
      },
      ...(natFirst
        ? {
            EdgeRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
            EdgeAssociation: { Type: 'AWS::EC2::GatewayRouteTableAssociation', Properties: { GatewayId: ref('IGW'), RouteTableId: ref('EdgeRouteTable') } },
            // The sample writes the NAT subnet's CIDR as a literal, not as Fn::GetAtt.
            EdgeToNatSubnet: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('EdgeRouteTable'), DestinationCidrBlock: '10.0.2.0/24', VpcEndpointId: endpoint } },
          }
        : {
            NatToProtected: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('NatRouteTable'), DestinationCidrBlock: '10.0.3.0/24', VpcEndpointId: endpoint } },
          }),
      ...batch([ref('ProtectedSubnet')]),
    },
  };
}

/** "Quick start"-style private VPC with interface endpoints; `endpoint` overrides the ECR API endpoint's properties. */
export function privateEndpointsVpc(endpoint: Record<string, unknown> = {}): CfnTemplate {
  const interfaceEndpoint = (service: string, more: Record<string, unknown> = {}) => ({
    Type: 'AWS::EC2::VPCEndpoint',
    Properties: {
      VpcId: ref('VPC'),
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
      PrivateDnsEnabled: true,
      SubnetIds: [ref('EndpointSubnet')],
      SecurityGroupIds: [ref('EndpointSecurityGroup')],
      ...more,
    },
  });
  return {
    Resources: {
      VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true } },
      PrivateSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), CidrBlock: '10.1.1.0/24', AvailabilityZone: az(0) } },
      EndpointSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('VPC'), CidrBlock: '10.1.2.0/24', AvailabilityZone: az(0) } },
      PrivateRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('VPC') } },
      PrivateAssociation: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('PrivateSubnet'), RouteTableId: ref('PrivateRouteTable') } },
      EndpointSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'endpoints', VpcId: ref('VPC'), SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/16' }] },
      },
      EcrApi: interfaceEndpoint('ecr.api', endpoint),
      EcrDkr: interfaceEndpoint('ecr.dkr'),
      Logs: interfaceEndpoint('logs'),
      Sts: interfaceEndpoint('sts'),
      Ssm: interfaceEndpoint('ssm'),
      S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('VPC'), ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, RouteTableIds: [ref('PrivateRouteTable')] } },
      ...batch([ref('PrivateSubnet')]),
    },
  };
}
