import { ACTION_DOCUMENTS, checkNetworkDocument, runAgentDocument } from '../../portfolios/actions/automation-documents';
import { defaultConfig } from '../support/catalog';
import { evaluate } from '../support/iam-evaluate';
import { launchRoleStatements, MEMBER_ACCOUNT, STACK_NAME } from '../support/launch-role-audit';

/**
 * The self-service actions run with the launch role (LAUNCH_ROLE): it must allow every AWS API call of both runbooks
 * on the provisioned product's own resources, and nothing beyond them on someone else's.
 */
const config = defaultConfig();
const statements = launchRoleStatements(config);
const region = config.portfolio.regions[0];
const ownStack = { 'aws:ResourceTag/aws:cloudformation:stack-name': STACK_NAME };
const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${MEMBER_ACCOUNT}:${resource}`;

/** The resource each runbook API call acts on (for a product of this account), with the stack tag where it has one. */
const REQUESTS: Record<string, { resource: string; context?: Record<string, string> }[]> = {
  'cloudformation:DescribeStacks': [{ resource: arn('cloudformation', `stack/${STACK_NAME}/abc`) }],
  'batch:SubmitJob': [
    { resource: arn('batch', 'job-queue/AgentJobQueue-abc'), context: ownStack },
    { resource: arn('batch', 'job-definition/AgentJobDefinition-abc:1') },
  ],
  'batch:DescribeJobs': [{ resource: '*' }],
  'ec2:StartNetworkInsightsAccessScopeAnalysis': [
    { resource: arn('ec2', 'network-insights-access-scope/nis-0abc'), context: ownStack },
    { resource: arn('ec2', 'network-insights-access-scope-analysis/nisa-0abc') },
  ],
  'ec2:DescribeNetworkInsightsAccessScopeAnalyses': [{ resource: '*' }],
  'ec2:GetNetworkInsightsAccessScopeAnalysisFindings': [{ resource: arn('ec2', 'network-insights-access-scope-analysis/nisa-0abc') }],
};

/** service:Api of every AWS call a runbook makes (aws:executeAwsApi, aws:waitForAwsResourceProperty, aws:assertAwsResourceProperty). */
function apiCalls(document: { mainSteps: Record<string, unknown>[] }): string[] {
  return document.mainSteps
    .map((s) => s.inputs as { Service?: string; Api?: string })
    .filter((i) => i.Service && i.Api)
    .map((i) => `${i.Service}:${i.Api}`);
}

describe('the launch role runs the self-service actions', () => {
  const calls = [...new Set([...apiCalls(runAgentDocument()), ...apiCalls(checkNetworkDocument())])].sort();

  test('every API call of the runbooks is one the test knows the resource of', () => {
    expect(calls).toEqual(Object.keys(REQUESTS).sort());
  });

  test.each(Object.entries(REQUESTS))('%s is allowed on the provisioned product\'s own resources', (action, requests) => {
    for (const request of requests) expect(evaluate(statements, { action, ...request })).toMatchObject({ allowed: true });
  });

  test('submitting to another stack\'s job queue, or analyzing a scope no product stack made, is refused', () => {
    expect(evaluate(statements, { action: 'batch:SubmitJob', resource: arn('batch', 'job-queue/payroll'), context: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'payroll' } }).allowed).toBe(false);
    expect(evaluate(statements, { action: 'batch:SubmitJob', resource: arn('batch', 'job-queue/payroll') }).allowed).toBe(false);
    expect(evaluate(statements, { action: 'ec2:StartNetworkInsightsAccessScopeAnalysis', resource: arn('ec2', 'network-insights-access-scope/nis-0other') }).allowed).toBe(false);
  });

  test('the role may start only the catalog\'s runbooks and pass itself only to SSM', () => {
    for (const name of Object.values(ACTION_DOCUMENTS)) {
      expect(evaluate(statements, { action: 'ssm:StartAutomationExecution', resource: arn('ssm', `automation-definition/${name}:$DEFAULT`) }).allowed).toBe(true);
    }
    expect(evaluate(statements, { action: 'ssm:StartAutomationExecution', resource: arn('ssm', 'automation-definition/AWS-DeleteStack:$DEFAULT') }).allowed).toBe(false);
    const self = `arn:aws:iam::${MEMBER_ACCOUNT}:role/${config.launchRole.name}`;
    expect(evaluate(statements, { action: 'iam:PassRole', resource: self, context: { 'iam:PassedToService': 'ssm.amazonaws.com' } }).allowed).toBe(true);
    expect(evaluate(statements, { action: 'iam:PassRole', resource: self, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }).allowed).toBe(false);
  });
});
