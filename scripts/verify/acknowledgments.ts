/**
 * cdk-nag acknowledgments, kept out of the product code: applying them in the constructs would not change the
 * templates (construct metadata only), but product and runtime code is shared and locked by released snapshots, so
 * verify applies them itself, by construct path, each with the reason that holds for that resource.
 * `*` in a path matches one segment (the product's host stack: every product contains the same runtime).
 */
export interface NagAcknowledgment {
  /** Construct path of the resource (`*` = any one segment). */
  readonly path: string;
  /**
   * The rule id exactly as cdk-nag reports it, including any `[Resource::...]` / `[Action::...]` suffix. `{region}`
   * stands for each portfolio region of the configuration (the launch role names its regions, not `AWS::Region`).
   */
  readonly id: string;
  readonly reason: string;
  /** The construct exists only under some configurations (e.g. organization shares): no "unused" warning without it. */
  readonly whenConfigured?: boolean;
}

const LAUNCH_ROLE = 'AgentNetworkCatalogLaunchRole/LaunchRole/Resource';
const launchRole = (id: string, reason: string): NagAcknowledgment => ({ path: LAUNCH_ROLE, id: `AwsSolutions-IAM5[${id}]`, reason });
const ACTIONS_POLICY = 'AgentNetworkCatalogLaunchRole/SelfServiceActionsPolicy/Resource';
const actionsPolicy = (id: string, reason: string): NagAcknowledgment => ({ path: ACTIONS_POLICY, id: `AwsSolutions-IAM5[${id}]`, reason });
const BOUNDARY = 'AgentNetworkCatalogLaunchRole/ProductRoleBoundary/Resource';
const boundary = (id: string, reason: string): NagAcknowledgment => ({ path: BOUNDARY, id: `AwsSolutions-IAM5[${id}]`, reason });
const VERSION_STATUS = '*/VersionStatusProvider';

export const NAG_ACKNOWLEDGMENTS: readonly NagAcknowledgment[] = [
  // The agent runtime, identical in every product (products/runtime/agent-runtime.ts).
  {
    path: '*/Template/AgentExecutionRole',
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: "ecr:GetAuthorizationToken has no resource-level permissions (ECR user guide, security_iam_id-based-policy-examples); image pulls are scoped to the repository ARN (configured, or the distribution's AgentImageRepositoryArn setting)",
  },
  {
    path: '*/Template/AgentJobRole',
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:["parameter/${P}/*",{"P":{"Ref":"CredentialsPrefix"}}]]',
    reason: "the agent reads the data-source credentials under the customer's CredentialsPrefix path; their names are not known when the product is launched",
  },
  {
    path: '*/Template/AgentJobRole',
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:["secret:${P}/*",{"P":{"Ref":"CredentialsPrefix"}}]]',
    reason: 'secret ARNs end in a random suffix and the secrets are created by the customer after launch: the CredentialsPrefix/ prefix is the narrowest scope',
  },
  // The same two grants since the credentials prefix may come from the distribution's SSM setting (empty CredentialsPrefix).
  {
    path: '*/Template/AgentJobRole',
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:["parameter/${P}/*",{"P":{"Fn::If":["UseDistributionCredentialsPrefix",{"Ref":"DistributionCredentialsPrefix"},{"Ref":"CredentialsPrefix"}]}}]]',
    reason: "the agent reads the data-source credentials under the credentials prefix path (CredentialsPrefix, or the distribution's default prefix when it is empty); their names are not known when the product is launched",
  },
  {
    path: '*/Template/AgentJobRole',
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:["secret:${P}/*",{"P":{"Fn::If":["UseDistributionCredentialsPrefix",{"Ref":"DistributionCredentialsPrefix"},{"Ref":"CredentialsPrefix"}]}}]]',
    reason: "secret ARNs end in a random suffix and the secrets are created by the customer after launch: the credentials prefix (CredentialsPrefix, or the distribution's default) is the narrowest scope",
  },
  {
    path: '*/Template/AgentJobRole',
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
    reason: "kms:Decrypt only via ssm/secretsmanager of the region (kms:ViaService condition): the customer's keys of those credentials are unknown at launch",
  },
  // The private-link endpoint groups admit HTTPS from the agent subnets' CIDRs, which are Fn::GetAtt values.
  {
    path: '*/Template/EndpointSecurityGroup',
    id: 'AwsSolutions-EC23',
    reason: 'EC23 cannot evaluate an intrinsic CidrIp and throws; the group admits TCP 443 from the agent subnet CIDRs only (Fn::GetAtt Subnet.CidrBlock), never 0.0.0.0/0',
  },
  {
    path: '*/Template/PrivateLinkServiceSecurityGroup',
    id: 'AwsSolutions-EC23',
    reason: 'EC23 cannot evaluate an intrinsic CidrIp and throws; the group admits the PrivateLink service port from the agent subnet CIDRs only, never 0.0.0.0/0',
  },
  // The version-status custom resource of each portfolio stack (products/versioning/status-resource/version-status.ts), CDK Provider framework.
  {
    path: `${VERSION_STATUS}/Handler/ServiceRole/Resource`,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'the handler only writes its own logs; AWSLambdaBasicExecutionRole is exactly logs:CreateLogGroup/CreateLogStream/PutLogEvents',
  },
  {
    path: `${VERSION_STATUS}/Provider/framework-onEvent/ServiceRole/Resource`,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "the CDK Provider framework's onEvent function only writes its own logs and invokes the handler; the role is created by aws-cdk-lib",
  },
  {
    path: `${VERSION_STATUS}/Provider/framework-onEvent/ServiceRole/DefaultPolicy/Resource`,
    id: 'AwsSolutions-IAM5[Resource::<VersionStatusProviderHandler4B5972AF.Arn>:*]',
    reason: "lambda:InvokeFunction on the handler's own ARN and its versions (':*'), generated by the CDK Provider framework",
  },
  {
    path: `${VERSION_STATUS}/Handler/Resource`,
    id: 'AwsSolutions-L1',
    reason: 'the handler runtime is pinned to a Node.js version we test the handler with (test/versioning/status-handler.test.ts); upgraded deliberately, not by the latest tag',
  },
  // The organization / OU share custom resource (portfolios/sharing/organization-shares.ts): CDK Provider framework
  // with an asynchronous isComplete handler (a Step Functions waiter and the framework's onEvent/isComplete/onTimeout).
  ...organizationSharesAcknowledgments(),
  // The launch role (portfolios/launch-role-stack.ts): CloudFormation under Service Catalog creates every product resource.
  launchRole('Resource::arn:<AWS::Partition>:cloudformation:{region}:<AWS::AccountId>:stack/SC-*', 'Service Catalog names provisioned stacks SC-<account>-pp-<id>; only those stacks'),
  launchRole('Resource::*', 'ValidateTemplate/GetTemplateSummary, s3:GetObject of Service Catalog staging buckets, EC2 creates, Batch describes, Route 53 CreateHostedZone/ListHostedZones and vended-log APIs have no resource-level permissions'),
  launchRole('Action::ec2:Describe*', 'CloudFormation polls EC2 Describe* calls to stabilise every network resource it creates; read-only'),
  launchRole(
    'Resource::arn:<AWS::Partition>:route53:::hostedzone/*',
    'private DNS of interface endpoints associates the VPC with an AWS-managed hosted zone whose id cannot be named; private-link creates private zones whose ids Route 53 generates, and Route 53 has no tag condition to scope them',
  ),
  launchRole('Resource::arn:<AWS::Partition>:route53:::change/*', 'Route 53 change ids of the zone and record changes are generated per request (GetChange polls them)'),
  launchRole('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:compute-environment/*', 'compute environment names are generated by CloudFormation at launch'),
  launchRole('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-queue/*', 'job queue names are generated by CloudFormation at launch'),
  launchRole('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-definition/*', 'job definition names and revisions are generated by CloudFormation at launch'),
  launchRole('Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/SC-*', 'roles of provisioned products are named after their SC-* stack; create and pass only those'),
  launchRole('Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/aws-service-role/*', 'first launch in an account creates the Batch and Network Firewall service-linked roles'),
  launchRole('Resource::arn:<AWS::Partition>:logs:{region}:<AWS::AccountId>:log-group:SC-*', 'log groups of provisioned products are named after their SC-* stack'),
  launchRole('Resource::arn:<AWS::Partition>:logs:{region}:<AWS::AccountId>:log-group:SC-*:*', 'the log streams of those SC-* log groups'),
  launchRole('Resource::arn:<AWS::Partition>:scheduler:{region}:<AWS::AccountId>:schedule/default/SC-*', 'schedules of provisioned products are named after their SC-* stack'),
  launchRole('Action::network-firewall:*', 'the network-firewall product creates, updates and deletes firewalls, policies and rule groups; scoped to SC-* names below'),
  launchRole('Resource::arn:<AWS::Partition>:network-firewall:{region}:<AWS::AccountId>:firewall/SC-*', 'firewalls are named after their SC-* stack'),
  launchRole('Resource::arn:<AWS::Partition>:network-firewall:{region}:<AWS::AccountId>:firewall-policy/SC-*', 'firewall policies are named after their SC-* stack'),
  launchRole('Resource::arn:<AWS::Partition>:network-firewall:{region}:<AWS::AccountId>:stateful-rulegroup/SC-*', 'rule groups are named after their SC-* stack'),
  launchRole('Resource::arn:<AWS::Partition>:ssm:{region}:<AWS::AccountId>:parameter/agent-network-catalog/distribution/*', 'CloudFormation resolves the products\' SSM-typed parameters (the distribution settings) with the launch role: only that path'),
  launchRole('Resource::arn:<AWS::Partition>:ec2:{region}:*:natgateway/*', "the regional NAT gateway's update handler (de)associates its per-AZ addresses: NAT gateway ids are generated at launch, and the grant holds only on gateways tagged by an SC-* stack"),
  launchRole('Resource::arn:<AWS::Partition>:ec2:{region}:*:elastic-ip/*', "the customer's own Elastic IP allocations (NatEgressAllocationIdN) carry no stack tag: their ids are launch parameters"),
  launchRole('Resource::arn:<AWS::Partition>:ec2:{region}:*:*', 'EC2 teardown actions are allowed on any EC2 resource of the portfolio regions only while it carries the aws:cloudformation:stack-name tag of an SC-* stack'),
  // The self-service actions run with the launch role (portfolios/launch-role/self-service-action-policy.ts).
  actionsPolicy('Resource::arn:<AWS::Partition>:ssm:{region}:<AWS::AccountId>:automation-definition/AgentNetworkCatalog-RunAgentNow:*', "the catalog's own runbook, any of its versions (versions differ between accounts)"),
  actionsPolicy('Resource::arn:<AWS::Partition>:ssm:{region}:<AWS::AccountId>:automation-definition/AgentNetworkCatalog-CheckNetwork:*', "the catalog's own runbook, any of its versions (versions differ between accounts)"),
  actionsPolicy('Resource::arn:<AWS::Partition>:ssm:{region}:<AWS::AccountId>:automation-execution/*', 'the execution ids of the action runs are generated when Service Catalog starts them'),
  actionsPolicy('Resource::arn:<AWS::Partition>:ec2:{region}:<AWS::AccountId>:network-insights-access-scope/*', 'the scope ids are generated at launch; StartNetworkInsightsAccessScopeAnalysis only on scopes tagged by an SC-* stack'),
  actionsPolicy('Resource::arn:<AWS::Partition>:ec2:{region}:<AWS::AccountId>:network-insights-access-scope-analysis/*', 'an analysis is created by the call that starts it: its id cannot be known before'),
  actionsPolicy('Resource::*', 'batch:DescribeJobs, DescribeNetworkInsightsAccessScopeAnalyses and the network reads Network Access Analyzer makes with the caller\'s credentials (ELB, firewall lists, Resource Groups, Tagging, Tiros) have no resource-level permissions'),
  actionsPolicy('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-queue/*', 'SubmitJob only to job queues tagged by an SC-* stack (their names are generated at launch)'),
  actionsPolicy('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-definition/*', 'job definition names and revisions are generated at launch; the queue statement scopes SubmitJob to product stacks'),
  // The permissions boundary of every role a product creates: the ceiling of what those roles may ever do.
  boundary('Resource::*', 'ecr:GetAuthorizationToken has no resource-level permissions; the boundary only caps what the product policies grant'),
  boundary('Resource::arn:<AWS::Partition>:logs:{region}:<AWS::AccountId>:log-group:*', 'agent and flow-log roles write to log groups whose names CloudFormation generates at launch'),
  boundary('Resource::arn:<AWS::Partition>:logs:{region}:<AWS::AccountId>:log-group:*:*', 'the log streams of those log groups'),
  boundary('Resource::arn:<AWS::Partition>:secretsmanager:{region}:<AWS::AccountId>:secret:*', "the agent's credentials prefix is a launch parameter; the product policy narrows it to PREFIX/*"),
  boundary('Resource::arn:<AWS::Partition>:ssm:{region}:<AWS::AccountId>:parameter/*', "the agent's credentials prefix is a launch parameter; the product policy narrows it to /PREFIX/*"),
  boundary('Resource::arn:<AWS::Partition>:kms:{region}:<AWS::AccountId>:key/*', 'kms:Decrypt of the customer keys of those credentials, only via SSM / Secrets Manager (kms:ViaService)'),
  boundary('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-definition/*', 'the scheduler role submits the job definition CloudFormation names at launch'),
  boundary('Resource::arn:<AWS::Partition>:batch:{region}:<AWS::AccountId>:job-queue/*', 'the scheduler role submits to the job queue CloudFormation names at launch'),
];

/** The org-share provider: two handlers of ours, the framework's three functions and its waiter state machine. */
function organizationSharesAcknowledgments(): NagAcknowledgment[] {
  const base = '*/Governance/OrganizationShares';
  const basicRole = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
  const handlers = { Handler: 'GovernanceOrganizationSharesHandlerCC0F7594', IsCompleteHandler: 'GovernanceOrganizationSharesIsCompleteHandlerDDBCA655' };
  const framework = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'];
  const invoke = (role: string, logicalId: string): NagAcknowledgment => ({
    path: `${base}/Provider/${role}/ServiceRole/DefaultPolicy/Resource`,
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
    reason: "lambda:InvokeFunction on the handler's own ARN and its versions (':*'), generated by the CDK Provider framework",
  });
  const acks: NagAcknowledgment[] = [
    { path: `${base}/Handler/ServiceRole/Resource`, id: basicRole, reason: 'both share handlers (one role) only write their own logs; AWSLambdaBasicExecutionRole is exactly logs:CreateLogGroup/CreateLogStream/PutLogEvents' },
    {
      path: `${base}/Handler/ServiceRole/DefaultPolicy/Resource`,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "DescribePortfolioShareStatus takes a share token, not a resource, and the read-only Organizations calls Service Catalog makes with the caller's credentials when sharing to a node (DescribeOrganization, ListAccounts, ListAccountsForParent, ListChildren, ListParents) are granted on *",
    },
    ...Object.keys(handlers).map((id) => ({
      path: `${base}/${id}/Resource`,
      id: 'AwsSolutions-L1',
      reason: 'the handler runtime is pinned to a Node.js version we test the handler with (test/sharing/org-share-handler.test.ts); upgraded deliberately, not by the latest tag',
    })),
    ...framework.map((role) => ({
      path: `${base}/Provider/${role}/ServiceRole/Resource`,
      id: basicRole,
      reason: "the CDK Provider framework's functions only write their own logs and invoke the handlers; the roles are created by aws-cdk-lib",
    })),
    ...framework.flatMap((role) => Object.values(handlers).map((logicalId) => invoke(role, logicalId))),
    ...['GovernanceOrganizationSharesProviderframeworkisCompleteE4F9A366', 'GovernanceOrganizationSharesProviderframeworkonTimeout11D81F04'].map((logicalId) => ({
      path: `${base}/Provider/waiter-state-machine/Role/DefaultPolicy/Resource`,
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason: "the framework's waiter state machine invokes its isComplete and onTimeout functions (and their versions); generated by aws-cdk-lib",
    })),
    {
      path: `${base}/Provider/waiter-state-machine/Resource`,
      id: 'AwsSolutions-SF1',
      reason: "the framework's waiter only polls isComplete; each attempt is logged by the handler functions themselves (their log group), so state-machine ALL-event logging would duplicate it",
    },
    {
      path: `${base}/Provider/waiter-state-machine/Resource`,
      id: 'AwsSolutions-SF2',
      reason: 'X-Ray tracing of a polling loop that runs only during portfolio deploys adds cost and no insight; the handler logs name every share operation and its status',
    },
  ];
  return acks.map((ack) => ({ ...ack, whenConfigured: true }));
}

/** An acknowledgment per portfolio region for ids that name `{region}`; others as they are. */
export function expandRegions(acknowledgments: readonly NagAcknowledgment[], regions: readonly string[]): NagAcknowledgment[] {
  return acknowledgments.flatMap((ack) => (ack.id.includes('{region}') ? regions.map((region) => ({ ...ack, id: ack.id.split('{region}').join(region) })) : [ack]));
}
