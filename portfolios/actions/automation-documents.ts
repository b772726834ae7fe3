import { ACCESS_SCOPE_OUTPUTS } from '../../products/shared/network-access-scope';

/**
 * The SSM Automation runbooks behind the self-service actions (schemaVersion 0.3; validated by
 * ./automation-document-schema.ts). They live in every member account and portfolio region, created by the
 * member-account stack under these fixed names, because an action runs in the account of the provisioned product and
 * names its document there (CreateServiceAction: "If you are using a shared SSM document, you must provide the ARN
 * instead of the name"; sharing a document is per account and region, which the member-account StackSet already is).
 */
export const ACTION_DOCUMENTS = {
  runAgent: 'AgentNetworkCatalog-RunAgentNow',
  checkNetwork: 'AgentNetworkCatalog-CheckNetwork',
} as const;

/** The runbook parameter Service Catalog fills with the provisioned product (a TARGET parameter of the action). */
export const TARGET_PARAMETER = 'ProvisionedProductId';
/** The runbook parameter the automation assumes; Service Catalog passes the action's AssumeRole (here LAUNCH_ROLE). */
export const ASSUME_ROLE_PARAMETER = 'AutomationAssumeRole';

/** Longest wait for the agent job, in seconds: the default JobTimeoutSeconds of the product (3 hours). */
export const RUN_AGENT_WAIT_SECONDS = 10800;
/** Longest wait for an analysis; Network Access Analyzer analyses of one VPC take minutes. */
export const ANALYSIS_WAIT_SECONDS = 1800;

export type AutomationDocument = Record<string, unknown> & { schemaVersion: string; mainSteps: Record<string, unknown>[] };

/**
 * Service Catalog names a provisioned product's stack SC-<account>-<provisioned product id> (the launch role's grants
 * rely on the SC- prefix: portfolios/launch-role/launch-role-policy.ts).
 */
const PRODUCT_STACK = `SC-{{global:ACCOUNT_ID}}-{{${TARGET_PARAMETER}}}`;

const commonParameters = {
  [TARGET_PARAMETER]: {
    type: 'String',
    description: 'The provisioned product (pp-...). Service Catalog fills it in.',
    allowedPattern: '^pp-[a-z0-9]{1,99}$',
  },
  [ASSUME_ROLE_PARAMETER]: {
    type: 'AWS::IAM::Role::Arn',
    description: 'The role the automation runs as. Service Catalog passes the launch role of the provisioned product.',
  },
};

/** Reads the product stack's outputs and picks the named ones; an output the version lacks fails with the reason. */
const readOutputs = (names: string[], missingHint: string): Record<string, unknown>[] => [
  {
    name: 'ReadProductStack',
    action: 'aws:executeAwsApi',
    description: 'Reads the outputs of the provisioned product stack.',
    timeoutSeconds: 60,
    inputs: { Service: 'cloudformation', Api: 'DescribeStacks', StackName: PRODUCT_STACK },
    outputs: [{ Name: 'Outputs', Selector: '$.Stacks[0].Outputs', Type: 'MapList' }],
  },
  {
    name: 'PickOutputs',
    action: 'aws:executeScript',
    description: `Picks ${names.join(', ')} from the stack outputs.`,
    timeoutSeconds: 60,
    inputs: {
      Runtime: 'python3.11',
      Handler: 'pick',
      InputPayload: { Outputs: '{{ReadProductStack.Outputs}}', Names: names },
      Script: [
        'def pick(events, context):',
        "    values = {o['OutputKey']: o['OutputValue'] for o in events['Outputs']}",
        "    missing = [n for n in events['Names'] if n not in values]",
        '    if missing:',
        `        raise Exception('the provisioned product has no output ' + ', '.join(missing) + ': ${missingHint}')`,
        "    return {n: values[n] for n in events['Names']}",
      ].join('\n'),
    },
    outputs: names.map((name) => ({ Name: name, Selector: `$.Payload.${name}`, Type: 'String' })),
  },
];

/** "Run the agent now": submits the product's Batch job, waits for it to finish and reports its status and log stream. */
export function runAgentDocument(): AutomationDocument {
  return {
    schemaVersion: '0.3',
    description:
      'Agent Network Catalog: runs the metadata agent of this provisioned product now (AWS Batch SubmitJob on the job queue and job definition ' +
      'of its outputs), waits until the job ends and reports its status and CloudWatch Logs stream. Fails when the job fails.',
    assumeRole: `{{${ASSUME_ROLE_PARAMETER}}}`,
    parameters: commonParameters,
    mainSteps: [
      ...readOutputs(['JobQueueArn', 'JobDefinitionArn', 'LogGroupName'], 'this version has no agent job outputs'),
      {
        name: 'SubmitJob',
        action: 'aws:executeAwsApi',
        description: 'Submits one run of the agent job.',
        timeoutSeconds: 60,
        inputs: {
          Service: 'batch',
          Api: 'SubmitJob',
          jobName: 'metadata-agent-now',
          jobQueue: '{{PickOutputs.JobQueueArn}}',
          jobDefinition: '{{PickOutputs.JobDefinitionArn}}',
        },
        outputs: [{ Name: 'JobId', Selector: '$.jobId', Type: 'String' }],
      },
      {
        name: 'WaitForJob',
        action: 'aws:waitForAwsResourceProperty',
        description: 'Waits until the job has succeeded or failed.',
        timeoutSeconds: RUN_AGENT_WAIT_SECONDS,
        // A job still running at the timeout is reported as it is, not failed here.
        onFailure: 'Continue',
        inputs: {
          Service: 'batch',
          Api: 'DescribeJobs',
          jobs: ['{{SubmitJob.JobId}}'],
          PropertySelector: '$.jobs[0].status',
          DesiredValues: ['SUCCEEDED', 'FAILED'],
        },
      },
      {
        name: 'DescribeJob',
        action: 'aws:executeAwsApi',
        description: 'Reads the job status and the log stream of its last attempt.',
        timeoutSeconds: 60,
        inputs: { Service: 'batch', Api: 'DescribeJobs', jobs: ['{{SubmitJob.JobId}}'] },
        outputs: [
          { Name: 'JobStatus', Selector: '$.jobs[0].status', Type: 'String' },
          { Name: 'LogStreamName', Selector: '$.jobs[0].container.logStreamName', Type: 'String' },
        ],
      },
      {
        name: 'AssertJobSucceeded',
        action: 'aws:assertAwsResourceProperty',
        description: 'Fails the action when the job did not succeed.',
        timeoutSeconds: 60,
        isEnd: true,
        inputs: {
          Service: 'batch',
          Api: 'DescribeJobs',
          jobs: ['{{SubmitJob.JobId}}'],
          PropertySelector: '$.jobs[0].status',
          DesiredValues: ['SUCCEEDED'],
        },
      },
    ],
    outputs: ['SubmitJob.JobId', 'DescribeJob.JobStatus', 'DescribeJob.LogStreamName', 'PickOutputs.LogGroupName'],
  };
}

/**
 * "Check the network": runs Network Access Analyzer on the access scope the product template defines
 * (products/shared/network-access-scope.ts), waits for it, reads the findings, and fails when the product promises
 * that the scope has none (NetworkAccessScopeExpectation no-findings) and the analysis found some.
 */
export function checkNetworkDocument(): AutomationDocument {
  return {
    schemaVersion: '0.3',
    description:
      "Agent Network Catalog: asks AWS Network Access Analyzer whether this provisioned product's deployed network keeps the product's network " +
      'promise, using the Network Access Scope its template defines. Reports the scope id, whether findings were found, how many network interfaces ' +
      'were analyzed (the billed unit) and the findings. Fails when the product promises no findings and there are some.',
    assumeRole: `{{${ASSUME_ROLE_PARAMETER}}}`,
    parameters: commonParameters,
    mainSteps: [
      ...readOutputs([ACCESS_SCOPE_OUTPUTS.id, ACCESS_SCOPE_OUTPUTS.expectation], 'update the provisioned product to a version with a network access scope'),
      {
        name: 'StartAnalysis',
        action: 'aws:executeAwsApi',
        description: 'Starts a Network Access Analyzer analysis of the scope.',
        timeoutSeconds: 60,
        inputs: {
          Service: 'ec2',
          Api: 'StartNetworkInsightsAccessScopeAnalysis',
          NetworkInsightsAccessScopeId: `{{PickOutputs.${ACCESS_SCOPE_OUTPUTS.id}}}`,
        },
        outputs: [
          { Name: 'AnalysisId', Selector: '$.NetworkInsightsAccessScopeAnalysis.NetworkInsightsAccessScopeAnalysisId', Type: 'String' },
        ],
      },
      {
        name: 'WaitForAnalysis',
        action: 'aws:waitForAwsResourceProperty',
        description: 'Waits until the analysis has succeeded or failed.',
        timeoutSeconds: ANALYSIS_WAIT_SECONDS,
        inputs: {
          Service: 'ec2',
          Api: 'DescribeNetworkInsightsAccessScopeAnalyses',
          NetworkInsightsAccessScopeAnalysisIds: ['{{StartAnalysis.AnalysisId}}'],
          PropertySelector: '$.NetworkInsightsAccessScopeAnalyses[0].Status',
          DesiredValues: ['succeeded', 'failed'],
        },
      },
      {
        name: 'DescribeAnalysis',
        action: 'aws:executeAwsApi',
        description: 'Reads the analysis result and how many network interfaces it analyzed.',
        timeoutSeconds: 60,
        inputs: {
          Service: 'ec2',
          Api: 'DescribeNetworkInsightsAccessScopeAnalyses',
          NetworkInsightsAccessScopeAnalysisIds: ['{{StartAnalysis.AnalysisId}}'],
        },
        outputs: [
          { Name: 'Status', Selector: '$.NetworkInsightsAccessScopeAnalyses[0].Status', Type: 'String' },
          { Name: 'FindingsFound', Selector: '$.NetworkInsightsAccessScopeAnalyses[0].FindingsFound', Type: 'String' },
          { Name: 'AnalyzedEniCount', Selector: '$.NetworkInsightsAccessScopeAnalyses[0].AnalyzedEniCount', Type: 'Integer' },
        ],
      },
      {
        name: 'GetFindings',
        action: 'aws:executeAwsApi',
        description: 'Reads the findings (network paths that match the scope).',
        timeoutSeconds: 60,
        inputs: {
          Service: 'ec2',
          Api: 'GetNetworkInsightsAccessScopeAnalysisFindings',
          NetworkInsightsAccessScopeAnalysisId: '{{StartAnalysis.AnalysisId}}',
        },
        outputs: [{ Name: 'Findings', Selector: '$.AnalysisFindings', Type: 'MapList' }],
      },
      {
        name: 'Verdict',
        action: 'aws:executeScript',
        description: 'Holds the result against what the product promises.',
        timeoutSeconds: 60,
        isEnd: true,
        inputs: {
          Runtime: 'python3.11',
          Handler: 'verdict',
          InputPayload: {
            Status: '{{DescribeAnalysis.Status}}',
            FindingsFound: '{{DescribeAnalysis.FindingsFound}}',
            Expectation: `{{PickOutputs.${ACCESS_SCOPE_OUTPUTS.expectation}}}`,
          },
          Script: [
            'def verdict(events, context):',
            "    if events['Status'] != 'succeeded':",
            "        raise Exception('the analysis did not succeed: ' + events['Status'])",
            "    broken = events['Expectation'] == 'no-findings' and events['FindingsFound'] != 'false'",
            '    if broken:',
            "        raise Exception('findings found: the network does not keep the product promise (see GetFindings)')",
            "    return {'Verdict': 'promise kept' if events['Expectation'] == 'no-findings' else 'report: ' + events['FindingsFound']}",
          ].join('\n'),
        },
        outputs: [{ Name: 'Verdict', Selector: '$.Payload.Verdict', Type: 'String' }],
      },
    ],
    outputs: [
      `PickOutputs.${ACCESS_SCOPE_OUTPUTS.id}`,
      'StartAnalysis.AnalysisId',
      'DescribeAnalysis.FindingsFound',
      'DescribeAnalysis.AnalyzedEniCount',
      'GetFindings.Findings',
      'Verdict.Verdict',
    ],
  };
}
