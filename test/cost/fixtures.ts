import type { Template } from '../../scripts/cost/evaluate';

/**
 * Small hand-written templates shaped like the products (same resource types, conditions and intrinsic functions
 * as CDK emits), so the cost arithmetic is checked against figures computed by hand.
 */
const az = (i: number) => ({
  'Fn::If': ['UseRegionAvailabilityZones', { 'Fn::Select': [i, { 'Fn::GetAZs': '' }] }, { 'Fn::Select': [i, { 'Fn::Split': [',', { Ref: 'AvailabilityZones' }] }] }],
});
const subnet = (i: number) => ({ Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: az(i), VpcId: { Ref: 'Vpc' } } });

const baseParameters = {
  AvailabilityZones: { Type: 'String', Default: '' },
  TaskSize: { Type: 'String', Default: '1vCPU-2GB', AllowedValues: ['0.5vCPU-1GB', '1vCPU-2GB'] },
  ComputeType: { Type: 'String', Default: 'FARGATE', AllowedValues: ['FARGATE', 'FARGATE_SPOT'] },
  ScheduleState: { Type: 'String', Default: 'ENABLED', AllowedValues: ['ENABLED', 'DISABLED'] },
  ScheduleExpression: { Type: 'String', Default: 'cron(0 3 * * ? *)' },
};

const runtime = (assignPublicIp: string) => ({
  AgentComputeEnvironment: {
    Type: 'AWS::Batch::ComputeEnvironment',
    Properties: { Type: 'MANAGED', ComputeResources: { Type: { Ref: 'ComputeType' }, MaxvCpus: 16 } },
  },
  AgentJobDefinition: {
    Type: 'AWS::Batch::JobDefinition',
    Properties: {
      PlatformCapabilities: ['FARGATE'],
      ContainerProperties: {
        ResourceRequirements: [
          { Type: 'VCPU', Value: { 'Fn::FindInMap': ['FargateTaskSizes', { Ref: 'TaskSize' }, 'Vcpu'] } },
          { Type: 'MEMORY', Value: { 'Fn::FindInMap': ['FargateTaskSizes', { Ref: 'TaskSize' }, 'MemoryMiB'] } },
        ],
        NetworkConfiguration: { AssignPublicIp: assignPublicIp },
      },
    },
  },
  AgentSchedule: {
    Type: 'AWS::Scheduler::Schedule',
    Properties: { State: { Ref: 'ScheduleState' }, ScheduleExpression: { Ref: 'ScheduleExpression' } },
  },
});

const mappings = { FargateTaskSizes: { '0.5vCPU-1GB': { Vcpu: '0.5', MemoryMiB: '1024' }, '1vCPU-2GB': { Vcpu: '1', MemoryMiB: '2048' } } };
const baseConditions = { UseRegionAvailabilityZones: { 'Fn::Equals': [{ Ref: 'AvailabilityZones' }, ''] } };

const endpoint = (service: string, condition?: string) => ({
  Type: 'AWS::EC2::VPCEndpoint',
  ...(condition ? { Condition: condition } : {}),
  Properties: {
    VpcEndpointType: 'Interface',
    ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
    SubnetIds: [{ Ref: 'PrivateSubnet1' }, { 'Fn::If': ['TwoEndpointAzs', { Ref: 'PrivateSubnet2' }, { Ref: 'AWS::NoValue' }] }],
  },
});

/** private-link shape: ecr.api, ecr.dkr, logs, ssm, sts, optional secretsmanager; EndpointAzCount 1|2; S3 gateway. */
export function privateLinkFixture(): Template {
  return {
    Parameters: {
      ...baseParameters,
      EndpointAzCount: { Type: 'Number', Default: '2', AllowedValues: ['1', '2'] },
      SecretsManagerEndpoint: { Type: 'String', Default: 'true', AllowedValues: ['true', 'false'] },
    },
    Mappings: mappings,
    Conditions: {
      ...baseConditions,
      TwoEndpointAzs: { 'Fn::Equals': [{ Ref: 'EndpointAzCount' }, '2'] },
      WithSecretsManager: { 'Fn::Equals': [{ Ref: 'SecretsManagerEndpoint' }, 'true'] },
    },
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC' },
      PrivateSubnet1: subnet(0),
      PrivateSubnet2: subnet(1),
      EcrApiEndpoint: endpoint('ecr.api'),
      EcrDkrEndpoint: endpoint('ecr.dkr'),
      LogsEndpoint: endpoint('logs'),
      SsmEndpoint: endpoint('ssm'),
      StsEndpoint: endpoint('sts'),
      SecretsManagerEndpoint: endpoint('secretsmanager', 'WithSecretsManager'),
      S3GatewayEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } } },
      ...runtime('DISABLED'),
    },
  };
}

const nat = (i: number, condition?: string) => ({
  Type: 'AWS::EC2::NatGateway',
  ...(condition ? { Condition: condition } : {}),
  Properties: {
    SubnetId: { Ref: `PublicSubnet${i}` },
    AllocationId: { 'Fn::If': [`NewNatEgressAddress${i}`, { 'Fn::GetAtt': [`NatEgressAddress${i}`, 'AllocationId'] }, { Ref: `NatEgressAllocationId${i}` }] },
  },
});

/** nat-gateway shape: NatGatewayMode single|per-az; Elastic IPs allocated unless the customer gives allocation ids. */
export function natGatewayFixture(): Template {
  return {
    Parameters: {
      ...baseParameters,
      NatGatewayMode: { Type: 'String', Default: 'single', AllowedValues: ['single', 'per-az'] },
      NatEgressAllocationId1: { Type: 'String', Default: '' },
      NatEgressAllocationId2: { Type: 'String', Default: '' },
    },
    Mappings: mappings,
    Conditions: {
      ...baseConditions,
      PerAzNatGateways: { 'Fn::Equals': [{ Ref: 'NatGatewayMode' }, 'per-az'] },
      NewNatEgressAddress1: { 'Fn::Equals': [{ Ref: 'NatEgressAllocationId1' }, ''] },
      NewNatEgressAddress2: { 'Fn::And': [{ Condition: 'PerAzNatGateways' }, { 'Fn::Equals': [{ Ref: 'NatEgressAllocationId2' }, ''] }] },
    },
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC' },
      PublicSubnet1: subnet(0),
      PublicSubnet2: subnet(1),
      NatEgressAddress1: { Type: 'AWS::EC2::EIP', Condition: 'NewNatEgressAddress1', Properties: { Domain: 'vpc' } },
      NatEgressAddress2: { Type: 'AWS::EC2::EIP', Condition: 'NewNatEgressAddress2', Properties: { Domain: 'vpc' } },
      NatGateway1: nat(1),
      NatGateway2: nat(2, 'PerAzNatGateways'),
      ...runtime('DISABLED'),
    },
  };
}

/** network-firewall shape: a NAT gateway and a firewall endpoint in each of two AZs. */
export function networkFirewallFixture(): Template {
  const template = natGatewayFixture();
  template.Parameters!.NatGatewayMode.Default = 'per-az';
  template.Parameters!.NatGatewayMode.AllowedValues = ['per-az'];
  return {
    ...template,
    Resources: {
      ...template.Resources,
      FirewallSubnet1: subnet(0),
      FirewallSubnet2: subnet(1),
      Firewall: {
        Type: 'AWS::NetworkFirewall::Firewall',
        Properties: { SubnetMappings: [{ SubnetId: { Ref: 'FirewallSubnet1' } }, { SubnetId: { Ref: 'FirewallSubnet2' } }] },
      },
    },
  };
}
