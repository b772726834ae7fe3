import * as iam from 'aws-cdk-lib/aws-iam';
import { ACTION_DOCUMENTS } from '../actions/automation-documents';
import type { LaunchRolePolicyContext } from './launch-role-policy';

/** Tag CloudFormation puts on what a stack creates; callers cannot set aws: tags. */
const OWN_STACK = { StringLike: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'SC-*' } };

/**
 * What the self-service actions' runbooks call (portfolios/actions/automation-documents.ts), and nothing more: the
 * actions run with the launch role (CreateServiceAction Definition AssumeRole LAUNCH_ROLE, the only role an action
 * of a shared portfolio can name in every account). Service Catalog starts the automation; SSM Automation then
 * assumes the role (the role trusts ssm.amazonaws.com for this account only: portfolios/launch-role-stack.ts).
 */
export function selfServiceActionStatements(c: LaunchRolePolicyContext & { launchRoleArn: string }): iam.PolicyStatement[] {
  const regional = (service: string, ...resources: string[]) =>
    c.regions.flatMap((region) => resources.map((resource) => `arn:${c.partition}:${service}:${region}:${c.account}:${resource}`));
  return [
    new iam.PolicyStatement({
      sid: 'ActionAutomations',
      // Only the catalog's own runbooks (automation-definition ARNs are document name and version).
      actions: ['ssm:StartAutomationExecution'],
      resources: regional('ssm', ...Object.values(ACTION_DOCUMENTS).map((name) => `automation-definition/${name}:*`), ...Object.values(ACTION_DOCUMENTS).map((name) => `document/${name}`)),
    }),
    new iam.PolicyStatement({
      sid: 'ActionAutomationStatus',
      actions: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'],
      resources: regional('ssm', 'automation-execution/*'),
    }),
    new iam.PolicyStatement({
      sid: 'ActionAutomationRole',
      // The runbooks' assumeRole is this role: starting them passes it to SSM Automation.
      actions: ['iam:PassRole'],
      resources: [c.launchRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    }),
    // "Run the agent now": the outputs are read with cloudformation:DescribeStacks (granted on stack/SC-* above).
    new iam.PolicyStatement({
      sid: 'ActionRunAgentJob',
      // Job queues carry the stack tags (AWS::Batch::JobQueue schema, cloudFormationSystemTags): only a product's own queue.
      actions: ['batch:SubmitJob'],
      resources: regional('batch', 'job-queue/*'),
      conditions: OWN_STACK,
    }),
    new iam.PolicyStatement({
      sid: 'ActionRunAgentJobDefinition',
      // Job definition ARNs have no tag condition key (Service Authorization Reference, AWS Batch): the queue above scopes the call.
      actions: ['batch:SubmitJob'],
      resources: regional('batch', 'job-definition/*'),
    }),
    new iam.PolicyStatement({
      sid: 'ActionRunAgentStatus',
      // No resource-level permissions.
      actions: ['batch:DescribeJobs'],
      resources: ['*'],
    }),
    // "Check the network".
    new iam.PolicyStatement({
      sid: 'ActionNetworkAnalysisStart',
      actions: ['ec2:StartNetworkInsightsAccessScopeAnalysis'],
      resources: regional('ec2', 'network-insights-access-scope/*'),
      conditions: OWN_STACK,
    }),
    new iam.PolicyStatement({
      sid: 'ActionNetworkAnalysisResults',
      // The analysis is created by the call: it has no stack tag to scope by.
      actions: ['ec2:StartNetworkInsightsAccessScopeAnalysis', 'ec2:GetNetworkInsightsAccessScopeAnalysisFindings'],
      resources: regional('ec2', 'network-insights-access-scope-analysis/*'),
    }),
    new iam.PolicyStatement({
      sid: 'ActionNetworkAnalysisReads',
      // Network Access Analyzer reads the network with the caller's permissions from EC2, Elastic Load Balancing,
      // Network Firewall, Resource Groups, the Tagging API and Tiros (Network Access Analyzer guide,
      // "security_iam_required-API-permissions"); ec2:Describe* is granted above (NetworkRead). None of these reads has
      // resource-level permissions except the firewall ones, which the launch role has on SC-* firewalls.
      actions: [
        'ec2:DescribeNetworkInsightsAccessScopeAnalyses',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
        'network-firewall:ListFirewalls',
        'network-firewall:ListFirewallPolicies',
        'network-firewall:ListRuleGroups',
        'resource-groups:ListGroupResources',
        'tag:GetResources',
        'tiros:CreateQuery',
        'tiros:GetQueryAnswer',
        'tiros:GetQueryExplanation',
      ],
      resources: ['*'],
    }),
  ];
}
