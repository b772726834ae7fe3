/**
 * A validator of SSM Automation runbooks (schemaVersion 0.3), written from the documented schema, for the runbooks
 * this catalog ships (./automation-documents.ts). Sources (AWS Systems Manager user guide):
 * - top-level data elements and parameter types: documents-syntax-data-elements-parameters.html
 * - the properties every step has: automation-actions.html ("Properties shared by all actions")
 * - each action's inputs: automation-action-executeAwsApi.html, automation-action-waitForAwsResourceProperty.html,
 *   automation-action-assertAwsResourceProperty.html, automation-action-executeScript.html, automation-action-branch.html
 * - variables: automation-variables.html ({{global:ACCOUNT_ID}}, {{global:REGION}}, {{automation:EXECUTION_ID}} …)
 * It checks what would fail at CreateDocument or at run time: unknown keys, a missing required input, a reference to a
 * parameter or step output that does not exist (or a step that runs later), an assume role that is not a parameter.
 */

const TOP_LEVEL = ['schemaVersion', 'description', 'assumeRole', 'parameters', 'mainSteps', 'outputs', 'files'];
const PARAMETER_KEYS = ['type', 'description', 'default', 'allowedValues', 'allowedPattern', 'displayType', 'minItems', 'maxItems', 'minChars', 'maxChars'];
const PARAMETER_TYPES = [
  'String',
  'StringList',
  'Integer',
  'Boolean',
  'MapList',
  'StringMap',
  'AWS::EC2::Instance::Id',
  'List<AWS::EC2::Instance::Id>',
  'AWS::IAM::Role::Arn',
  'List<AWS::IAM::Role::Arn>',
  'AWS::S3::Bucket::Name',
];
const STEP_KEYS = ['name', 'action', 'description', 'inputs', 'outputs', 'maxAttempts', 'timeoutSeconds', 'onFailure', 'onCancel', 'isEnd', 'nextStep', 'isCritical'];
const OUTPUT_TYPES = ['String', 'Integer', 'Boolean', 'StringList', 'StringMap', 'MapList'];
const SCRIPT_RUNTIMES = ['python3.8', 'python3.9', 'python3.10', 'python3.11', 'PowerShell Core 6.0', 'PowerShell 7.0', 'PowerShell 7.2', 'PowerShell 7.4'];
const VARIABLES = ['global:ACCOUNT_ID', 'global:REGION', 'global:AWS_PARTITION', 'global:DATE', 'global:DATE_TIME', 'automation:EXECUTION_ID'];

/** Required inputs per action (the "Required: Yes" inputs of each action's page); executeScript also needs Script or Attachment. */
export const REQUIRED_INPUTS: Record<string, string[]> = {
  'aws:executeAwsApi': ['Service', 'Api'],
  'aws:waitForAwsResourceProperty': ['Service', 'Api', 'PropertySelector', 'DesiredValues'],
  'aws:assertAwsResourceProperty': ['Service', 'Api', 'PropertySelector', 'DesiredValues'],
  'aws:executeScript': ['Runtime', 'Handler'],
  'aws:branch': ['Choices'],
  'aws:sleep': [],
};

type Json = Record<string, unknown>;

/** Every problem of a runbook, each naming where it is; empty when the runbook is valid. */
export function validateAutomationDocument(doc: unknown, options: { requireAssumeRole?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!isObject(doc)) return ['the document is not an object'];
  for (const key of Object.keys(doc)) if (!TOP_LEVEL.includes(key)) problems.push(`${key}: not a top-level element of an Automation runbook (${TOP_LEVEL.join(', ')})`);
  if (doc.schemaVersion !== '0.3') problems.push(`schemaVersion: got ${JSON.stringify(doc.schemaVersion)}, Automation runbooks use "0.3"`);

  const parameters = isObject(doc.parameters) ? doc.parameters : {};
  if (doc.parameters !== undefined && !isObject(doc.parameters)) problems.push('parameters: must be an object of parameter definitions');
  for (const [name, definition] of Object.entries(parameters)) {
    if (!isObject(definition)) {
      problems.push(`parameters.${name}: must be an object`);
      continue;
    }
    for (const key of Object.keys(definition)) if (!PARAMETER_KEYS.includes(key)) problems.push(`parameters.${name}.${key}: not a parameter property (${PARAMETER_KEYS.join(', ')})`);
    if (!PARAMETER_TYPES.includes(String(definition.type))) problems.push(`parameters.${name}.type: got ${JSON.stringify(definition.type)}, allowed: ${PARAMETER_TYPES.join(', ')}`);
  }

  if (doc.assumeRole === undefined) {
    if (options.requireAssumeRole) problems.push('assumeRole: missing; the runbook must run as the role given in a parameter');
  } else {
    const name = singleReference(doc.assumeRole);
    const type = name === undefined ? undefined : (parameters[name] as Json | undefined)?.type;
    if (name === undefined || type === undefined) problems.push(`assumeRole: ${JSON.stringify(doc.assumeRole)} must be {{ P }} naming a parameter of the runbook`);
    else if (type !== 'String' && type !== 'AWS::IAM::Role::Arn') problems.push(`assumeRole: parameter ${name} is ${String(type)}, expected String or AWS::IAM::Role::Arn`);
  }

  const steps = Array.isArray(doc.mainSteps) ? doc.mainSteps : [];
  if (steps.length === 0) problems.push('mainSteps: at least one step is required');
  const stepNames = steps.map((s) => (isObject(s) ? String(s.name) : ''));
  const available = new Set<string>(Object.keys(parameters));
  const outputsOf = new Map<string, Set<string>>();
  steps.forEach((step, index) => {
    const where = `mainSteps[${index}]${isObject(step) && typeof step.name === 'string' ? ` (${step.name})` : ''}`;
    if (!isObject(step)) {
      problems.push(`${where}: must be an object`);
      return;
    }
    problems.push(...stepProblems(step, where, stepNames, index));
    for (const reference of references(step.inputs)) {
      if (!available.has(reference) && !VARIABLES.includes(reference)) {
        problems.push(`${where}: {{${reference}}} is neither a parameter, a variable, nor an output of an earlier step`);
      }
    }
    const names = new Set<string>();
    for (const output of Array.isArray(step.outputs) ? step.outputs : []) if (isObject(output)) names.add(String(output.Name));
    outputsOf.set(String(step.name), names);
    for (const name of names) available.add(`${String(step.name)}.${name}`);
  });

  for (const output of Array.isArray(doc.outputs) ? doc.outputs : []) {
    const [step, name] = String(output).split('.');
    if (!outputsOf.get(step)?.has(name)) problems.push(`outputs: ${String(output)} is not an output of a step`);
  }
  return problems;
}

function stepProblems(step: Json, where: string, stepNames: string[], index: number): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(step)) if (!STEP_KEYS.includes(key)) problems.push(`${where}.${key}: not a step property (${STEP_KEYS.join(', ')})`);
  if (typeof step.name !== 'string' || !/^[A-Za-z0-9_]+$/.test(step.name)) problems.push(`${where}.name: a name of letters, digits and _ is required`);
  else if (stepNames.indexOf(step.name) !== index) problems.push(`${where}.name: ${step.name} is used by an earlier step`);
  const action = String(step.action);
  const required = REQUIRED_INPUTS[action];
  if (required === undefined) {
    problems.push(`${where}.action: ${JSON.stringify(step.action)} is not an action this validator knows (${Object.keys(REQUIRED_INPUTS).join(', ')})`);
    return problems;
  }
  const inputs = isObject(step.inputs) ? step.inputs : undefined;
  if (!inputs) problems.push(`${where}.inputs: required for ${action}`);
  for (const input of required) if (inputs?.[input] === undefined) problems.push(`${where}.inputs.${input}: required by ${action}`);
  if (action === 'aws:executeScript' && inputs) {
    if ((inputs.Script === undefined) === (inputs.Attachment === undefined)) problems.push(`${where}.inputs: aws:executeScript needs exactly one of Script and Attachment`);
    if (!SCRIPT_RUNTIMES.includes(String(inputs.Runtime))) problems.push(`${where}.inputs.Runtime: got ${JSON.stringify(inputs.Runtime)}, allowed: ${SCRIPT_RUNTIMES.join(', ')}`);
  }
  for (const key of ['onFailure', 'onCancel'] as const) {
    const value = step[key];
    if (value === undefined) continue;
    const target = /^step:(.+)$/.exec(String(value))?.[1];
    if (target !== undefined ? !stepNames.includes(target) : !['Abort', 'Continue'].includes(String(value))) {
      problems.push(`${where}.${key}: ${JSON.stringify(value)} must be Abort, Continue or step:<a step of the runbook>`);
    }
  }
  if (step.nextStep !== undefined && !stepNames.includes(String(step.nextStep))) problems.push(`${where}.nextStep: no step named ${String(step.nextStep)}`);
  if (step.timeoutSeconds !== undefined && !(Number.isInteger(step.timeoutSeconds) && (step.timeoutSeconds as number) > 0)) {
    problems.push(`${where}.timeoutSeconds: a positive whole number of seconds`);
  }
  const outputs = step.outputs;
  if (outputs !== undefined && !Array.isArray(outputs)) problems.push(`${where}.outputs: must be a list`);
  const seen = new Set<string>();
  (Array.isArray(outputs) ? outputs : []).forEach((output, i) => {
    if (!isObject(output) || typeof output.Name !== 'string' || typeof output.Selector !== 'string') {
      problems.push(`${where}.outputs[${i}]: Name and Selector are required`);
      return;
    }
    if (!OUTPUT_TYPES.includes(String(output.Type))) problems.push(`${where}.outputs[${i}].Type: got ${JSON.stringify(output.Type)}, allowed: ${OUTPUT_TYPES.join(', ')}`);
    if (!output.Selector.startsWith('$')) problems.push(`${where}.outputs[${i}].Selector: a JSONPath starting with $`);
    if (seen.has(output.Name)) problems.push(`${where}.outputs[${i}].Name: ${output.Name} is declared twice`);
    seen.add(output.Name);
  });
  return problems;
}

/** Every {{ name }} in a value (parameters, variables, Step.Output). */
function references(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) into.push(m[1]);
  else if (Array.isArray(value)) value.forEach((v) => references(v, into));
  else if (isObject(value)) Object.values(value).forEach((v) => references(v, into));
  return into;
}

function singleReference(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(value)?.[1] : undefined;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
