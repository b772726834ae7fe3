import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LaunchRoleStack } from '../../portfolios/launch-role-stack';
import { PRODUCT_IDS } from '../../products/shared/identity';
import { snapshotDir } from '../../products/shared/releases';
import { readTemplate } from '../support/catalog';

/**
 * The launch role must be able to create, update and delete every resource type any released product version
 * contains (Service Catalog provisions with the launch role only). The actions per type are those CloudFormation's
 * handlers call (resource provider schemas, "handlers" permissions), reduced to the ones that fail a launch,
 * an update or a termination when missing. Only actions are checked here; resource scoping is tested in
 * test/portfolio.test.ts.
 */
const REQUIRED_ACTIONS: Record<string, string[]> = {
  'AWS::EC2::VPC': ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:ModifyVpcAttribute', 'ec2:DescribeVpcs', 'ec2:CreateTags'],
  'AWS::EC2::Subnet': ['ec2:CreateSubnet', 'ec2:DeleteSubnet', 'ec2:ModifySubnetAttribute', 'ec2:DescribeSubnets'],
  'AWS::EC2::InternetGateway': ['ec2:CreateInternetGateway', 'ec2:DeleteInternetGateway'],
  'AWS::EC2::VPCGatewayAttachment': ['ec2:AttachInternetGateway', 'ec2:DetachInternetGateway'],
  'AWS::EC2::RouteTable': ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable', 'ec2:DescribeRouteTables'],
  'AWS::EC2::Route': ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
  'AWS::EC2::SubnetRouteTableAssociation': ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'],
  'AWS::EC2::GatewayRouteTableAssociation': ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'],
  'AWS::EC2::EIP': ['ec2:AllocateAddress', 'ec2:ReleaseAddress', 'ec2:DescribeAddresses', 'ec2:CreateTags'],
  'AWS::EC2::NatGateway': ['ec2:CreateNatGateway', 'ec2:DeleteNatGateway', 'ec2:DescribeNatGateways'],
  'AWS::EC2::SecurityGroup': ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress'],
  'AWS::EC2::VPCEndpoint': ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints', 'ec2:DescribeVpcEndpoints', 'route53:AssociateVPCWithHostedZone'],
  'AWS::EC2::FlowLog': ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:DescribeFlowLogs', 'iam:PassRole'],
  'AWS::IAM::Role': ['iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole'],
  'AWS::Logs::LogGroup': ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogGroups', 'logs:TagResource'],
  'AWS::Batch::ComputeEnvironment': ['batch:CreateComputeEnvironment', 'batch:UpdateComputeEnvironment', 'batch:DeleteComputeEnvironment', 'batch:DescribeComputeEnvironments', 'iam:CreateServiceLinkedRole'],
  'AWS::Batch::JobQueue': ['batch:CreateJobQueue', 'batch:UpdateJobQueue', 'batch:DeleteJobQueue', 'batch:DescribeJobQueues'],
  'AWS::Batch::JobDefinition': ['batch:RegisterJobDefinition', 'batch:DeregisterJobDefinition', 'batch:DescribeJobDefinitions', 'iam:PassRole'],
  'AWS::Scheduler::Schedule': ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'iam:PassRole'],
  'AWS::NetworkFirewall::Firewall': [
    'network-firewall:CreateFirewall',
    'network-firewall:DeleteFirewall',
    'network-firewall:DescribeFirewall',
    'network-firewall:AssociateSubnets',
    'network-firewall:AssociateFirewallPolicy',
    'ec2:CreateVpcEndpoint',
    'iam:CreateServiceLinkedRole',
  ],
  'AWS::NetworkFirewall::FirewallPolicy': ['network-firewall:CreateFirewallPolicy', 'network-firewall:UpdateFirewallPolicy', 'network-firewall:DeleteFirewallPolicy', 'network-firewall:DescribeFirewallPolicy'],
  'AWS::NetworkFirewall::RuleGroup': ['network-firewall:CreateRuleGroup', 'network-firewall:UpdateRuleGroup', 'network-firewall:DeleteRuleGroup', 'network-firewall:DescribeRuleGroup'],
  'AWS::NetworkFirewall::LoggingConfiguration': [
    'network-firewall:UpdateLoggingConfiguration',
    'network-firewall:DescribeLoggingConfiguration',
    'logs:CreateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:GetLogDelivery',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ],
};

type Statement = { Sid?: string; Action: string | string[] };

const launchRole = Template.fromStack(new LaunchRoleStack(new App(), 'LaunchRole', { roleName: 'AgentNetworkCatalogLaunchRole' }));
const statements = (Object.values(launchRole.findResources('AWS::IAM::Role'))[0].Properties.Policies[0].PolicyDocument.Statement as Statement[]);

/** True when some statement's action pattern (with * wildcards) matches the action. */
function allowed(action: string): boolean {
  return statements.some((s) =>
    [s.Action].flat().some((pattern) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`, 'i').test(action)),
  );
}

/** Resource types of every released version of every product, with the products using each. */
function productResourceTypes(): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const productId of PRODUCT_IDS) {
    const dir = snapshotDir(productId);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.product.template.json'))) {
      for (const resource of Object.values(readTemplate(path.join(dir, file)).Resources)) {
        if (!types.has(resource.Type)) types.set(resource.Type, new Set());
        types.get(resource.Type)!.add(productId);
      }
    }
  }
  return types;
}

describe('launch role covers every resource type of every released product', () => {
  const types = productResourceTypes();

  test('the released products use resource types this check knows', () => {
    const unknown = [...types.keys()].filter((t) => !(t in REQUIRED_ACTIONS)).map((t) => `${t} (${[...types.get(t)!].join(', ')})`);
    // A new type: add its create/update/delete actions to the launch role and to REQUIRED_ACTIONS.
    expect(unknown).toEqual([]);
    expect(types.size).toBeGreaterThan(10);
  });

  test('every action those types need is allowed', () => {
    const missing = [...types.keys()].flatMap((type) => (REQUIRED_ACTIONS[type] ?? []).filter((a) => !allowed(a)).map((a) => `${type}: ${a}`));
    expect(missing).toEqual([]);
  });

  test('the matcher is not vacuous: actions outside the role are refused', () => {
    expect([allowed('ec2:CreateVpc'), allowed('network-firewall:CreateFirewall'), allowed('ec2:DescribeVpcs')]).toEqual([true, true, true]);
    expect([allowed('iam:CreateUser'), allowed('ec2:RunInstances'), allowed('s3:CreateBucket'), allowed('route53:CreateHostedZone')]).toEqual([false, false, false, false]);
  });
});
