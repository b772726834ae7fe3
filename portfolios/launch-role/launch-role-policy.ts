import * as iam from 'aws-cdk-lib/aws-iam';
import type { DistributionValues } from '../../products/shared/distribution-values';

/** What the statements are built from: the portfolio regions and the account's tokens (or literal values in tests). */
export interface LaunchRolePolicyContext {
  /** Every portfolio region: the role is global and serves launches in each of them. */
  readonly regions: readonly string[];
  readonly partition: string;
  readonly account: string;
  /** ARN of the managed policy every product role must carry as its permissions boundary. */
  readonly boundaryArn: string;
  /** SSM path of the distribution parameters (products/shared/member-account.ts). */
  readonly distributionPath: string;
}

/** Tag CloudFormation puts on every resource of a stack whose type supports it; `aws:` tags cannot be set by callers. */
const STACK_NAME_TAG = 'aws:ResourceTag/aws:cloudformation:stack-name';
/** Service Catalog names the stacks of provisioned products SC-<account>-pp-<id>. */
const SC_STACK = 'SC-*';

/**
 * The launch role's statements: least privilege for creating, updating and terminating the catalog's products in
 * any portfolio region. No region is the deploying stack's own (the role is global): every regional ARN is listed
 * once per portfolio region.
 *
 * Audited against CloudFormation's own handler permissions by test/governance/launch-role-permissions.test.ts:
 * a grant missing there fails the test with the resource type, handler, action, ARN and region.
 */
export function launchRoleStatements(c: LaunchRolePolicyContext): iam.PolicyStatement[] {
  const regional = (service: string, ...resources: string[]) =>
    c.regions.flatMap((region) => resources.map((resource) => `arn:${c.partition}:${service}:${region}:${c.account}:${resource}`));
  const scRoles = `arn:${c.partition}:iam::${c.account}:role/SC-*`;
  const withBoundary = { StringEquals: { 'iam:PermissionsBoundary': c.boundaryArn } };
  const ownStack = { StringLike: { [STACK_NAME_TAG]: SC_STACK } };
  // Any account in the region: EC2 ARNs name the owner, and an interface endpoint's service belongs to AWS.
  const ec2InRegions = c.regions.map((region) => `arn:${c.partition}:ec2:${region}:*:*`);

  return [
    // --- Service Catalog's own use of the role (admin guide, constraints-launch: example launch role policy) ---
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
        'cloudformation:TagResource',
        'cloudformation:UntagResource',
      ],
      resources: regional('cloudformation', 'stack/SC-*'),
    }),
    // Provisioned product plans (`catalog upgrade --plan`, the console's "Create plan") are CloudFormation change sets
    // of the provisioned product's stack, made, read, executed and deleted with this role: "To view the resource
    // changes in the change set, use DescribeProvisionedProductPlan" (Service Catalog API reference,
    // API_CreateProvisionedProductPlan); the launch role needs CloudFormation for what Service Catalog does on the
    // user's behalf (admin guide, constraints-launch). IAM authorizes the four change-set actions on the STACK they
    // belong to, not on a changeSet ARN: their only resource type is `stack` (Service Authorization Reference,
    // list_awscloudformation; AccessDenied messages name arn:…:stack/NAME/*). So they are scoped to SC-* stacks in the
    // portfolio regions, like the stack actions; a changeSet/SC-* resource would match none of these requests.
    new iam.PolicyStatement({
      sid: 'ProvisionedProductPlans',
      actions: ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet'],
      resources: regional('cloudformation', 'stack/SC-*'),
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
    // Parameters of type AWS::SSM::Parameter::Value<...> are resolved by CloudFormation with the caller's (this role's)
    // credentials (ssm:GetParameters); only the distribution parameters the member-account stack writes.
    new iam.PolicyStatement({
      sid: 'DistributionParameters',
      actions: ['ssm:GetParameters', 'ssm:GetParameter'],
      resources: regional('ssm', `parameter${c.distributionPath}/*`),
    }),

    // --- EC2 networking ---
    new iam.PolicyStatement({
      sid: 'NetworkRead',
      // No resource-level permissions for Describe* and the managed prefix list reads (Network Firewall rule groups).
      // autoscaling:DescribeTags: listed by the flow-log create handler. tiros:CreateQuery: the network access scope's
      // create handler (AWS::EC2::NetworkInsightsAccessScope schema); Tiros actions have no resource types.
      actions: ['ec2:Describe*', 'ec2:GetManagedPrefixListEntries', 'autoscaling:DescribeTags', 'tiros:CreateQuery'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'NetworkBuild',
      // Creates cannot be scoped by a tag the resource does not have yet; the rest of these do not destroy anything
      // (or, like revoking the default egress rule, run in the create handler before the stack tags are certain).
      actions: [
        'ec2:CreateVpc',
        'ec2:ModifyVpcAttribute',
        'ec2:CreateSubnet',
        'ec2:ModifySubnetAttribute',
        'ec2:CreateRouteTable',
        'ec2:AssociateRouteTable',
        'ec2:DisassociateRouteTable',
        'ec2:ReplaceRouteTableAssociation',
        'ec2:CreateRoute',
        'ec2:ReplaceRoute',
        'ec2:CreateInternetGateway',
        'ec2:AttachInternetGateway',
        'ec2:CreateNatGateway',
        'ec2:AllocateAddress',
        'ec2:AssociateAddress',
        'ec2:DisassociateAddress',
        'ec2:CreateSecurityGroup',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
        'ec2:CreateVpcEndpoint',
        'ec2:ModifyVpcEndpoint',
        // Network Firewall's delete handler removes the firewall's own endpoints, which CloudFormation never tagged.
        'ec2:DeleteVpcEndpoints',
        'ec2:CreateFlowLogs',
        // The product's Network Access Analyzer scope (products/shared/network-access-scope.ts): create and read back.
        'ec2:CreateNetworkInsightsAccessScope',
        'ec2:GetNetworkInsightsAccessScopeContent',
        'ec2:CreateTags',
        'ec2:DeleteTags',
      ],
      resources: ec2InRegions,
    }),
    new iam.PolicyStatement({
      sid: 'NetworkTeardownOwnStacks',
      // Destructive actions only on resources of a Service Catalog stack: CloudFormation tags what it creates with
      // aws:cloudformation:stack-name, a tag no caller can set or change (the aws: prefix is reserved).
      actions: [
        'ec2:DeleteVpc',
        'ec2:DeleteSubnet',
        'ec2:DeleteRouteTable',
        'ec2:DeleteRoute',
        'ec2:DeleteInternetGateway',
        'ec2:DetachInternetGateway',
        'ec2:DeleteNatGateway',
        'ec2:ReleaseAddress',
        'ec2:DeleteSecurityGroup',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteFlowLogs',
        'ec2:DeleteNetworkInsightsAccessScope',
      ],
      resources: ec2InRegions,
      conditions: ownStack,
    }),
    new iam.PolicyStatement({
      sid: 'EndpointServiceDnsZonesCreate',
      // private-link's private hosted zones for endpoint services (handler permissions of AWS::Route53::HostedZone and
      // AWS::Route53::RecordSet, test/fixtures/cfn-resource-schemas). No resource-level permissions for these two (IAM
      // Service Authorization Reference, Route 53); creating a private zone also needs ec2:DescribeVpcs (NetworkRead).
      actions: ['route53:CreateHostedZone', 'route53:ListHostedZones'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'EndpointServiceDnsZones',
      // Route 53 ARNs name no account or region, and Route 53 offers no aws:ResourceTag condition for hosted zones, so the
      // teardown cannot be scoped to the stack's own zones the way the EC2 teardown is; query logging is not granted.
      actions: [
        'route53:GetHostedZone',
        'route53:UpdateHostedZoneComment',
        'route53:ChangeTagsForResource',
        'route53:ListTagsForResource',
        'route53:ListQueryLoggingConfigs',
        'route53:ChangeResourceRecordSets',
        'route53:ListResourceRecordSets',
        'route53:DeleteHostedZone',
        'route53:GetChange',
      ],
      resources: [`arn:${c.partition}:route53:::hostedzone/*`, `arn:${c.partition}:route53:::change/*`],
    }),
    new iam.PolicyStatement({
      sid: 'RegionalNatGatewayAddressesOwnStacks',
      // The update handler of a regional NAT gateway (AvailabilityZoneAddresses is updatable) associates and
      // disassociates its per-AZ Elastic IPs (AWS::EC2::NatGateway handlers.update): only on gateways of a Service
      // Catalog stack. The Elastic IP side may be the customer's own allocation, which carries no stack tag (below).
      actions: ['ec2:AssociateNatGatewayAddress', 'ec2:DisassociateNatGatewayAddress', 'ec2:AssignPrivateNatGatewayAddress', 'ec2:UnassignPrivateNatGatewayAddress'],
      resources: c.regions.map((region) => `arn:${c.partition}:ec2:${region}:*:natgateway/*`),
      conditions: ownStack,
    }),
    new iam.PolicyStatement({
      sid: 'RegionalNatGatewayCustomerAddresses',
      actions: ['ec2:AssociateNatGatewayAddress', 'ec2:DisassociateNatGatewayAddress'],
      resources: c.regions.map((region) => `arn:${c.partition}:ec2:${region}:*:elastic-ip/*`),
    }),
    new iam.PolicyStatement({
      sid: 'EndpointPrivateDns',
      // An interface endpoint with PrivateDnsEnabled (private-link) associates the VPC with the endpoint service's
      // AWS-managed private hosted zone under the caller's credentials; the zone is not in the account, so its id
      // cannot be named (Route 53 developer guide, "required permissions for private hosted zones").
      actions: ['route53:AssociateVPCWithHostedZone', 'route53:DisassociateVPCFromHostedZone'],
      resources: [`arn:${c.partition}:route53:::hostedzone/*`],
    }),

    // --- Agent runtime: Batch, Scheduler, logs ---
    new iam.PolicyStatement({
      sid: 'AgentBatch',
      actions: [
        'batch:CreateComputeEnvironment',
        'batch:UpdateComputeEnvironment',
        'batch:DeleteComputeEnvironment',
        'batch:CreateJobQueue',
        'batch:UpdateJobQueue',
        'batch:RegisterJobDefinition',
        'batch:TagResource',
        'batch:UntagResource',
      ],
      resources: regional('batch', 'compute-environment/*', 'job-queue/*', 'job-definition/*'),
    }),
    new iam.PolicyStatement({
      sid: 'AgentBatchTeardownOwnStacks',
      // Job queues and job definitions carry the stack tags (their schemas: cloudFormationSystemTags); compute
      // environments do not, so DeleteComputeEnvironment stays scoped by region only.
      actions: ['batch:DeleteJobQueue', 'batch:DeregisterJobDefinition'],
      resources: regional('batch', 'job-queue/*', 'job-definition/*'),
      conditions: ownStack,
    }),
    new iam.PolicyStatement({
      sid: 'AgentBatchDescribe',
      actions: ['batch:DescribeComputeEnvironments', 'batch:DescribeJobQueues', 'batch:DescribeJobDefinitions'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AgentSchedule',
      actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
      resources: regional('scheduler', 'schedule/default/SC-*'),
    }),
    new iam.PolicyStatement({
      sid: 'ProductLogs',
      actions: [
        'logs:CreateLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:ListTagsForResource',
        'logs:GetDataProtectionPolicy',
        'logs:PutDataProtectionPolicy',
        'logs:DeleteDataProtectionPolicy',
      ],
      resources: regional('logs', 'log-group:SC-*', 'log-group:SC-*:*'),
    }),
    new iam.PolicyStatement({
      sid: 'ProductLogsTeardownOwnStacks',
      actions: ['logs:DeleteLogGroup'],
      resources: regional('logs', 'log-group:SC-*', 'log-group:SC-*:*'),
      conditions: ownStack,
    }),
    new iam.PolicyStatement({
      sid: 'ProductLogsDelivery',
      // Network Firewall log delivery is configured through CloudWatch Logs vended-log APIs, which have no
      // resource-level permissions (CloudWatch Logs user guide, AWS-logs-and-resource-policy).
      actions: [
        'logs:DescribeLogGroups',
        // Read by newer LogGroup read handlers; no resource-level permissions (authorization reference).
        'logs:DescribeIndexPolicies',
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

    // --- Network Firewall ---
    new iam.PolicyStatement({
      sid: 'EgressFirewall',
      actions: ['network-firewall:*'],
      resources: regional('network-firewall', 'firewall/SC-*', 'firewall-policy/SC-*', 'stateful-rulegroup/SC-*'),
    }),
    new iam.PolicyStatement({
      sid: 'EgressFirewallLists',
      // List calls of the firewall policy and rule group handlers: no resource-level permissions.
      actions: ['network-firewall:ListRuleGroups', 'network-firewall:ListTLSInspectionConfigurations'],
      resources: ['*'],
    }),

    // --- IAM: the products' own roles, never more than the boundary allows ---
    new iam.PolicyStatement({
      sid: 'ProductRolesReadAndRemove',
      // Reads, removals, tags, description and trust updates of SC-* roles. UpdateAssumeRolePolicy carries no
      // iam:PermissionsBoundary key; a role it retrusts can still do no more than its boundary (roles created here).
      actions: [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      resources: [scRoles],
    }),
    new iam.PolicyStatement({
      sid: 'ProductRolesWithBoundary',
      // iam:PermissionsBoundary is in the request context of CreateRole, PutRolePolicy, AttachRolePolicy and
      // PutRolePermissionsBoundary (IAM Service Authorization Reference, "Actions defined by IAM"): a role can be
      // created, and given permissions, only while it carries the product-role boundary.
      actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'],
      resources: [scRoles],
      conditions: withBoundary,
    }),
    new iam.PolicyStatement({
      sid: 'DenyRoleWritesWithoutBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'],
      resources: ['*'],
      conditions: { StringNotEquals: { 'iam:PermissionsBoundary': c.boundaryArn } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyBoundaryRemoval',
      effect: iam.Effect.DENY,
      actions: ['iam:DeleteRolePermissionsBoundary'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyBoundaryPolicyChanges',
      effect: iam.Effect.DENY,
      actions: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      resources: [c.boundaryArn],
    }),
    new iam.PolicyStatement({
      sid: 'PassProductRoles',
      // The job definition's execution and job roles: what service Batch's RegisterJobDefinition evaluates as
      // iam:PassedToService is not documented. The roles are assumed by ECS tasks (Batch user guide, "execution IAM
      // role": ecs-tasks.amazonaws.com trust), while third-party Batch guides scope PassRole to batch.amazonaws.com.
      // Both are allowed, so either evaluation succeeds; the roles passed are only SC-* roles, which the launch role
      // can create only with the product-role boundary. scheduler: the schedule's role; vpc-flow-logs: flow-log role.
      actions: ['iam:PassRole'],
      resources: [scRoles],
      conditions: {
        StringEquals: {
          'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com', 'scheduler.amazonaws.com', 'vpc-flow-logs.amazonaws.com'],
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'ServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${c.partition}:iam::${c.account}:role/aws-service-role/*`],
      conditions: {
        StringEquals: {
          'iam:AWSServiceName': ['batch.amazonaws.com', 'ecs.amazonaws.com', 'network-firewall.amazonaws.com'],
        },
      },
    }),
  ];
}

/**
 * The permissions boundary of every role a product creates (products/runtime/agent-runtime.ts,
 * products/shared/network.ts): the agent's execution role (image pull, job logs), its job role (vendor role,
 * credentials in Parameter Store / Secrets Manager, their KMS keys through those services), the scheduler's role
 * (submit the job) and the flow-log role (write its log group). A role's own policy is still what scopes it; the
 * boundary is the ceiling a template run with the launch role cannot exceed.
 */
export function productRoleBoundaryStatements(c: LaunchRolePolicyContext & { distributions: DistributionValues[] }): iam.PolicyStatement[] {
  const regional = (service: string, ...resources: string[]) =>
    c.regions.flatMap((region) => resources.map((resource) => `arn:${c.partition}:${service}:${region}:${c.account}:${resource}`));
  const repositories = [...new Set(c.distributions.map((d) => String(d.agentImageRepositoryArn)).filter((arn) => arn !== 'none'))];
  const vendorRoles = [...new Set(c.distributions.map((d) => String(d.vendorRoleArn)))];
  return [
    new iam.PolicyStatement({ sid: 'EcrAuth', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    ...(repositories.length
      ? [
          new iam.PolicyStatement({
            sid: 'PullAgentImage',
            actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            resources: repositories,
          }),
        ]
      : []),
    new iam.PolicyStatement({
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: regional('logs', 'log-group:*', 'log-group:*:*'),
    }),
    new iam.PolicyStatement({ sid: 'AssumeVendorRole', actions: ['sts:AssumeRole'], resources: vendorRoles }),
    new iam.PolicyStatement({
      sid: 'ReadCredentials',
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [...regional('ssm', 'parameter/*'), ...regional('secretsmanager', 'secret:*')],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptCredentials',
      actions: ['kms:Decrypt'],
      resources: regional('kms', 'key/*'),
      conditions: { StringEquals: { 'kms:ViaService': c.regions.flatMap((r) => [`ssm.${r}.amazonaws.com`, `secretsmanager.${r}.amazonaws.com`]) } },
    }),
    new iam.PolicyStatement({ sid: 'SubmitAgentJob', actions: ['batch:SubmitJob'], resources: regional('batch', 'job-queue/*', 'job-definition/*') }),
  ];
}
