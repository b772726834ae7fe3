/**
 * Hand-written templates shaped like the nat-gateway product (v1), plus a helper to derive a v2 by editing
 * a deep copy. Kept small: each test states the one change it makes.
 */
import type { CfnTemplate, Finding } from '../../scripts/analyzers/upgrade-diff';

export function natGatewayV1(): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Agent network: NAT gateway pattern',
    Metadata: { AgentNetworkCatalog: { productId: 'nat-gateway', version: 'v1.0.0' } },
    Parameters: {
      VpcCidr: { Type: 'String', Default: '10.0.0.0/16', AllowedPattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$' },
      ComputeType: { Type: 'String', Default: 'FARGATE', AllowedValues: ['FARGATE', 'FARGATE_SPOT'] },
      LogRetentionDays: { Type: 'Number', Default: 30, AllowedValues: [7, 30, 90, 365] },
      JobName: { Type: 'String', Default: 'agent', MaxLength: 64 },
    },
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'VpcCidr' }, EnableDnsHostnames: true, EnableDnsSupport: true } },
      PublicSubnet1: {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } },
      },
      PrivateSubnet1: {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.128.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } },
      },
      NatEgressAddress1: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      NatGateway1: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { SubnetId: { Ref: 'PublicSubnet1' }, AllocationId: { 'Fn::GetAtt': ['NatEgressAddress1', 'AllocationId'] } },
      },
      AgentSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'Agent jobs: no inbound rules', VpcId: { Ref: 'Vpc' }, SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }] },
      },
      AgentLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } } },
      JobRole: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } }] } },
      },
      ComputeEnvironment: {
        Type: 'AWS::Batch::ComputeEnvironment',
        Properties: {
          Type: 'MANAGED',
          ComputeResources: {
            Type: { Ref: 'ComputeType' },
            MaxvCpus: 4,
            Subnets: [{ Ref: 'PrivateSubnet1' }],
            SecurityGroupIds: [{ 'Fn::GetAtt': ['AgentSecurityGroup', 'GroupId'] }],
          },
        },
        DependsOn: ['NatGateway1', 'AgentLogGroup'],
      },
    },
    Outputs: {
      NatEgressIp1: { Description: 'Allowlist this egress IP', Value: { Ref: 'NatEgressAddress1' } },
      VpcId: { Value: { Ref: 'Vpc' } },
    },
  };
}

/** A v2 derived from v1 by an in-place edit of a deep copy. */
export function variant(edit: (template: CfnTemplate) => void, base: CfnTemplate = natGatewayV1()): CfnTemplate {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

/** Typed access to a resource's Properties for edits in tests. */
export function props(template: CfnTemplate, logicalId: string): Record<string, unknown> {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`fixture has no resource ${logicalId}`);
  resource.Properties ??= {};
  return resource.Properties;
}

/** The one finding matching `predicate` (fails the test when there are none or several). */
export function only(findings: Finding[], predicate: (f: Finding) => boolean): Finding {
  const matches = findings.filter(predicate);
  expect(matches).toHaveLength(1);
  return matches[0];
}
