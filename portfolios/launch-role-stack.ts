import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export interface LaunchRoleStackProps extends StackProps {
  /** The role name the portfolio's launch constraint names (a local role name: the same in every account). */
  readonly roleName: string;
}

/**
 * The Service Catalog launch role every member account needs. The portfolio's launch constraint refers to it by
 * local role name, so this one environment-agnostic template is deployed to each account that launches the
 * products (for example through a service-managed StackSet with automatic deployment).
 *
 * Least privilege for creating, updating and terminating the catalog's products: CloudFormation only on
 * Service Catalog's own stacks (SC-*), IAM only on roles those stacks create (their names start with the stack
 * name, SC-...), PassRole only to the services that use those roles.
 */
export class LaunchRoleStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: LaunchRoleStackProps) {
    super(scope, id, props);
    const arn = (service: string, resource: string, region = Aws.REGION) =>
      `arn:${Aws.PARTITION}:${service}:${region}:${Aws.ACCOUNT_ID}:${resource}`;
    const scRoles = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/SC-*`;

    const statements: iam.PolicyStatement[] = [
      new iam.PolicyStatement({
        sid: 'ProvisionedProductStacks',
        actions: [
          'cloudformation:CreateStack',
          'cloudformation:UpdateStack',
          'cloudformation:DeleteStack',
          'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents',
          'cloudformation:DescribeStackResource',
          'cloudformation:DescribeStackResources',
          'cloudformation:GetTemplate',
          'cloudformation:SetStackPolicy',
          'cloudformation:ContinueUpdateRollback',
          'cloudformation:CreateChangeSet',
          'cloudformation:DescribeChangeSet',
          'cloudformation:ExecuteChangeSet',
          'cloudformation:DeleteChangeSet',
          'cloudformation:TagResource',
          'cloudformation:UntagResource',
        ],
        resources: [arn('cloudformation', 'stack/SC-*', '*')],
      }),
      // These two act on template bodies, not stacks: no resource-level permissions.
      new iam.PolicyStatement({
        sid: 'TemplateValidation',
        actions: ['cloudformation:ValidateTemplate', 'cloudformation:GetTemplateSummary'],
        resources: ['*'],
      }),
      // Service Catalog stages product templates in its own buckets tagged for provisioning
      // (Service Catalog admin guide, "constraints-launch", example launch role policy).
      new iam.PolicyStatement({
        sid: 'ReadProductTemplates',
        actions: ['s3:GetObject'],
        resources: ['*'],
        conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'NetworkResources',
        // EC2 networking creates have no useful resource-level scope before the resource exists.
        actions: [
          'ec2:Describe*',
          'ec2:CreateVpc',
          'ec2:DeleteVpc',
          'ec2:ModifyVpcAttribute',
          'ec2:CreateSubnet',
          'ec2:DeleteSubnet',
          'ec2:ModifySubnetAttribute',
          'ec2:CreateRouteTable',
          'ec2:DeleteRouteTable',
          'ec2:AssociateRouteTable',
          'ec2:DisassociateRouteTable',
          'ec2:ReplaceRouteTableAssociation',
          'ec2:CreateRoute',
          'ec2:ReplaceRoute',
          'ec2:DeleteRoute',
          'ec2:CreateInternetGateway',
          'ec2:DeleteInternetGateway',
          'ec2:AttachInternetGateway',
          'ec2:DetachInternetGateway',
          'ec2:CreateNatGateway',
          'ec2:DeleteNatGateway',
          'ec2:AllocateAddress',
          'ec2:ReleaseAddress',
          'ec2:AssociateAddress',
          'ec2:DisassociateAddress',
          'ec2:CreateSecurityGroup',
          'ec2:DeleteSecurityGroup',
          'ec2:AuthorizeSecurityGroupEgress',
          'ec2:RevokeSecurityGroupEgress',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:RevokeSecurityGroupIngress',
          'ec2:CreateVpcEndpoint',
          'ec2:ModifyVpcEndpoint',
          'ec2:DeleteVpcEndpoints',
          'ec2:CreateFlowLogs',
          'ec2:DeleteFlowLogs',
          'ec2:CreateTags',
          'ec2:DeleteTags',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'EndpointPrivateDns',
        // An interface endpoint with PrivateDnsEnabled (private-link) associates the VPC with the endpoint service's
        // AWS-managed private hosted zone under the caller's credentials; the zone is not in the account, so its id
        // cannot be named (Route 53 developer guide, "required permissions for private hosted zones").
        actions: ['route53:AssociateVPCWithHostedZone', 'route53:DisassociateVPCFromHostedZone'],
        resources: [`arn:${Aws.PARTITION}:route53:::hostedzone/*`],
      }),
      new iam.PolicyStatement({
        sid: 'AgentBatch',
        actions: [
          'batch:CreateComputeEnvironment',
          'batch:UpdateComputeEnvironment',
          'batch:DeleteComputeEnvironment',
          'batch:CreateJobQueue',
          'batch:UpdateJobQueue',
          'batch:DeleteJobQueue',
          'batch:RegisterJobDefinition',
          'batch:DeregisterJobDefinition',
          'batch:TagResource',
          'batch:UntagResource',
        ],
        resources: [arn('batch', 'compute-environment/*'), arn('batch', 'job-queue/*'), arn('batch', 'job-definition/*')],
      }),
      new iam.PolicyStatement({
        sid: 'AgentBatchDescribe',
        actions: ['batch:DescribeComputeEnvironments', 'batch:DescribeJobQueues', 'batch:DescribeJobDefinitions'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ProductRoles',
        actions: [
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:UpdateRole',
          'iam:UpdateRoleDescription',
          'iam:UpdateAssumeRolePolicy',
          'iam:PutRolePolicy',
          'iam:GetRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:ListRolePolicies',
          'iam:ListAttachedRolePolicies',
          'iam:TagRole',
          'iam:UntagRole',
        ],
        resources: [scRoles],
      }),
      new iam.PolicyStatement({
        sid: 'PassProductRoles',
        actions: ['iam:PassRole'],
        resources: [scRoles],
        conditions: {
          StringEquals: {
            'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'scheduler.amazonaws.com', 'vpc-flow-logs.amazonaws.com'],
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ServiceLinkedRoles',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/*`],
        conditions: {
          StringEquals: {
            'iam:AWSServiceName': ['batch.amazonaws.com', 'ecs.amazonaws.com', 'network-firewall.amazonaws.com'],
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ProductLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:DeleteLogGroup',
          'logs:PutRetentionPolicy',
          'logs:DeleteRetentionPolicy',
          'logs:TagResource',
          'logs:UntagResource',
          'logs:ListTagsForResource',
        ],
        resources: [arn('logs', 'log-group:SC-*'), arn('logs', 'log-group:SC-*:*')],
      }),
      new iam.PolicyStatement({
        sid: 'ProductLogsDescribe',
        // Network Firewall log delivery is configured through CloudWatch Logs vended-log APIs, which have no
        // resource-level permissions (CloudWatch Logs user guide, AWS-logs-and-resource-policy).
        actions: [
          'logs:DescribeLogGroups',
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'AgentSchedule',
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
        resources: [arn('scheduler', 'schedule/default/SC-*')],
      }),
      new iam.PolicyStatement({
        sid: 'EgressFirewall',
        actions: ['network-firewall:*'],
        resources: [
          arn('network-firewall', 'firewall/SC-*'),
          arn('network-firewall', 'firewall-policy/SC-*'),
          arn('network-firewall', 'stateful-rulegroup/SC-*'),
        ],
      }),
    ];

    this.role = new iam.Role(this, 'LaunchRole', {
      roleName: props.roleName,
      description: 'Service Catalog launch role for the Agent Network Catalog products',
      assumedBy: new iam.ServicePrincipal('servicecatalog.amazonaws.com'),
      inlinePolicies: { LaunchAgentNetworkProducts: new iam.PolicyDocument({ statements }) },
    });
    new CfnOutput(this, 'LaunchRoleArn', { value: this.role.roleArn, description: 'The launch role (same name in every account).' });
  }
}
