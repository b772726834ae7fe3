import { execFileSync } from 'child_process';
import { checkNetworkDocument, runAgentDocument } from '../../portfolios/actions/automation-documents';

/**
 * The runbooks' aws:executeScript steps are Python: run each handler as SSM Automation does (handler(events, context)
 * with the step's InputPayload) on the local python3, and read what it returns or raises.
 */
function runScript(document: { mainSteps: Record<string, unknown>[] }, stepName: string, events: unknown): { result?: unknown; error?: string } {
  const inputs = document.mainSteps.find((s) => s.name === stepName)!.inputs as { Script: string; Handler: string };
  const program = `${inputs.Script}\nimport json, sys\ntry:\n    print(json.dumps({'result': ${inputs.Handler}(json.loads(sys.argv[1]), None)}))\nexcept Exception as e:\n    print(json.dumps({'error': str(e)}))\n`;
  return JSON.parse(execFileSync('python3', ['-c', program, JSON.stringify(events)], { encoding: 'utf8' })) as { result?: unknown; error?: string };
}

const outputs = (values: Record<string, string>) => Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue, Description: 'x' }));

describe('Run the agent now: picking the job queue and definition from the stack outputs', () => {
  const names = ['JobQueueArn', 'JobDefinitionArn', 'LogGroupName'];
  test('returns the named outputs', () => {
    const stack = outputs({ JobQueueArn: 'arn:q', JobDefinitionArn: 'arn:d:1', LogGroupName: 'SC-1-AgentLogGroup', VpcId: 'vpc-1' });
    expect(runScript(runAgentDocument(), 'PickOutputs', { Outputs: stack, Names: names })).toEqual({ result: { JobQueueArn: 'arn:q', JobDefinitionArn: 'arn:d:1', LogGroupName: 'SC-1-AgentLogGroup' } });
  });
  test('a stack without them fails, naming what is missing', () => {
    expect(runScript(runAgentDocument(), 'PickOutputs', { Outputs: outputs({ VpcId: 'vpc-1' }), Names: names }).error).toBe(
      'the provisioned product has no output JobQueueArn, JobDefinitionArn, LogGroupName: this version has no agent job outputs',
    );
  });
});

describe('Check the network: the verdict', () => {
  const verdict = (events: Record<string, string>) => runScript(checkNetworkDocument(), 'Verdict', events);
  test('no findings where none are promised: kept', () => {
    expect(verdict({ Status: 'succeeded', FindingsFound: 'false', Expectation: 'no-findings' })).toEqual({ result: { Verdict: 'promise kept' } });
  });
  test('findings where none are promised: the action fails', () => {
    expect(verdict({ Status: 'succeeded', FindingsFound: 'true', Expectation: 'no-findings' }).error).toMatch(/^findings found: the network does not keep the product promise/);
  });
  test('an undecided analysis (FindingsFound unknown) is no proof either', () => {
    expect(verdict({ Status: 'succeeded', FindingsFound: 'unknown', Expectation: 'no-findings' }).error).toMatch(/^findings found/);
  });
  test('a failed analysis fails the action', () => {
    expect(verdict({ Status: 'failed', FindingsFound: 'unknown', Expectation: 'no-findings' }).error).toBe('the analysis did not succeed: failed');
  });
  test('existing-network reports its findings without failing', () => {
    expect(verdict({ Status: 'succeeded', FindingsFound: 'true', Expectation: 'report' })).toEqual({ result: { Verdict: 'report: true' } });
  });
  test('a version without a scope says to update', () => {
    const names = ['NetworkAccessScopeId', 'NetworkAccessScopeExpectation'];
    expect(runScript(checkNetworkDocument(), 'PickOutputs', { Outputs: outputs({ JobQueueArn: 'q' }), Names: names }).error).toMatch(
      /no output NetworkAccessScopeId, NetworkAccessScopeExpectation: update the provisioned product to a version with a network access scope$/,
    );
  });
});
