import { validateAutomationDocument } from '../../portfolios/actions/automation-document-schema';
import { checkNetworkDocument, runAgentDocument, type AutomationDocument } from '../../portfolios/actions/automation-documents';

const documents: [string, () => AutomationDocument][] = [
  ['Run the agent now', runAgentDocument],
  ['Check the network', checkNetworkDocument],
];

describe('the runbooks are valid SSM Automation documents (schemaVersion 0.3)', () => {
  test.each(documents)('%s', (_, build) => {
    expect(validateAutomationDocument(build(), { requireAssumeRole: true })).toEqual([]);
  });

  test.each(documents)('%s: every step names a known action and the documented required inputs', (_, build) => {
    for (const step of build().mainSteps) expect(['aws:executeAwsApi', 'aws:executeScript', 'aws:waitForAwsResourceProperty', 'aws:assertAwsResourceProperty']).toContain(step.action);
  });
});

/** A copy of a valid runbook with one change: the validator must name exactly what is wrong. */
function broken(edit: (d: AutomationDocument) => void): string[] {
  const document = structuredClone(checkNetworkDocument());
  edit(document);
  return validateAutomationDocument(document, { requireAssumeRole: true });
}
/** A step, loosely typed for editing (inputs and outputs are free-form JSON). */
type EditableStep = Record<string, unknown> & { inputs: Record<string, unknown>; outputs: Record<string, unknown>[] };
const step = (d: AutomationDocument, name: string) => d.mainSteps.find((s) => s.name === name)! as EditableStep;

describe('the validator bites', () => {
  test.each<[string, (d: AutomationDocument) => void, RegExp]>([
    ['another schema version', (d) => (d.schemaVersion = '2.2'), /^schemaVersion: got "2\.2", Automation runbooks use "0\.3"$/],
    ['an unknown top-level element', (d) => (d.runtimeConfig = {}), /^runtimeConfig: not a top-level element/],
    ['no assume role', (d) => delete d.assumeRole, /^assumeRole: missing/],
    ['an assume role that is no parameter', (d) => (d.assumeRole = '{{ LaunchRole }}'), /^assumeRole: "\{\{ LaunchRole \}\}" must be \{\{ P \}\} naming a parameter/],
    ['a parameter type that does not exist', (d) => ((d.parameters as Record<string, Record<string, unknown>>).ProvisionedProductId.type = 'Text'), /^parameters\.ProvisionedProductId\.type: got "Text"/],
    ['a missing required input', (d) => delete step(d, 'WaitForAnalysis').inputs.PropertySelector, /^mainSteps\[3\] \(WaitForAnalysis\)\.inputs\.PropertySelector: required by aws:waitForAwsResourceProperty$/],
    ['a script with neither Script nor Attachment', (d) => delete step(d, 'PickOutputs').inputs.Script, /aws:executeScript needs exactly one of Script and Attachment/],
    ['an unsupported script runtime', (d) => (step(d, 'Verdict').inputs.Runtime = 'python2.7'), /^mainSteps\[6\] \(Verdict\)\.inputs\.Runtime: got "python2\.7"/],
    ['a reference to an output no step has', (d) => (step(d, 'StartAnalysis').inputs.NetworkInsightsAccessScopeId = '{{PickOutputs.ScopeId}}'), /\{\{PickOutputs\.ScopeId\}\} is neither a parameter, a variable, nor an output of an earlier step/],
    ['a reference to a later step', (d) => (step(d, 'StartAnalysis').inputs.NetworkInsightsAccessScopeId = '{{GetFindings.Findings}}'), /\(StartAnalysis\): \{\{GetFindings\.Findings\}\} is neither/],
    ['a document output that does not exist', (d) => (d.outputs as string[]).push('Verdict.Missing'), /^outputs: Verdict\.Missing is not an output of a step$/],
    ['an output type that does not exist', (d) => (step(d, 'DescribeAnalysis').outputs[2].Type = 'Number'), /outputs\[2\]\.Type: got "Number"/],
    ['two steps with one name', (d) => (step(d, 'GetFindings').name = 'StartAnalysis'), /name: StartAnalysis is used by an earlier step/],
    ['an onFailure target that does not exist', (d) => (step(d, 'WaitForAnalysis').onFailure = 'step:Cleanup'), /onFailure: "step:Cleanup" must be Abort, Continue or step:/],
    ['an unknown step property', (d) => (step(d, 'Verdict').retries = 3), /\(Verdict\)\.retries: not a step property/],
    ['an unknown action', (d) => (step(d, 'Verdict').action = 'aws:runPython'), /action: "aws:runPython" is not an action this validator knows/],
  ])('%s', (_, edit, message) => {
    const problems = broken(edit);
    expect(problems[0]).toMatch(message);
    // One mistake, one problem; a renamed step also takes its outputs away from the document outputs that named them.
    expect(problems.filter((p, i) => i === 0 || !/^outputs: /.test(p))).toHaveLength(1);
  });
});
