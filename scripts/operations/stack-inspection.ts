/**
 * Reads a CloudFormation stack for adoption and checks the ImportAsProvisionedProduct rules
 * (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ImportAsProvisionedProduct.html): stack ARNs only,
 * no StackSets and no non-root nested stacks, and one of five stable statuses.
 */
import { DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import type { CfnTemplate } from '../analyzers/upgrade-diff';
import { CliError } from '../cli-error';
import type { OperationsContext } from './aws-clients';
import { callAws, OperationError } from './errors';
import { parseTemplateBody } from './template-match';

export const IMPORTABLE_STATUSES = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'];

const STACK_ARN = /^arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):(\d{12}):stack\/([A-Za-z][A-Za-z0-9-]*)\/[A-Za-z0-9-]+$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export interface StackReference {
  /** What DescribeStacks is called with: the name or the ARN as given. */
  readonly stackName: string;
  /** The region in the ARN, when an ARN was given. */
  readonly arnRegion?: string;
}

export function parseStackReference(value: string): StackReference {
  const arn = STACK_ARN.exec(value);
  if (arn) return { stackName: value, arnRegion: arn[1] };
  if (STACK_NAME.test(value)) return { stackName: value };
  throw new CliError(
    `--stack: got "${value}", allowed: a stack name (letters, digits and hyphens, starting with a letter, at most 128) ` +
      'or a stack ARN arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID',
  );
}

export interface InspectedStack {
  /** The stack ARN: the PhysicalId Service Catalog imports. */
  readonly stackId: string;
  readonly name: string;
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly parentId?: string;
  readonly rootId?: string;
  /** The template as deployed (GetTemplate, Original stage: before transforms). */
  readonly text: string;
  readonly template: CfnTemplate;
}

export async function inspectStack(ctx: OperationsContext, reference: StackReference): Promise<InspectedStack> {
  const subject = `stack ${reference.stackName}`;
  const described = await callAws(ctx, { service: 'CloudFormation', operation: 'DescribeStacks', subject }, () =>
    ctx.cloudFormation.send(new DescribeStacksCommand({ StackName: reference.stackName })),
  );
  const stack = described.Stacks?.[0];
  if (!stack?.StackId || !stack.StackName) throw new OperationError(`CloudFormation DescribeStacks returned no stack for ${subject} in ${ctx.region}.`);
  // Original: the template as submitted, which is what a provisioning artifact holds (Processed would expand transforms).
  const got = await callAws(ctx, { service: 'CloudFormation', operation: 'GetTemplate', subject }, () =>
    ctx.cloudFormation.send(new GetTemplateCommand({ StackName: stack.StackId, TemplateStage: 'Original' })),
  );
  const text = got.TemplateBody ?? '';
  return {
    stackId: stack.StackId,
    name: stack.StackName,
    status: stack.StackStatus ?? 'UNKNOWN',
    tags: Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    parentId: stack.ParentId,
    rootId: stack.RootId,
    text,
    template: parseTemplateBody(text, subject),
  };
}

/** Every import rule the stack breaks, each as a sentence; empty when it can be imported. */
export function importRuleViolations(stack: InspectedStack): string[] {
  const violations: string[] = [];
  if (!IMPORTABLE_STATUSES.includes(stack.status)) {
    violations.push(`its status is ${stack.status}; Service Catalog imports only stacks in ${IMPORTABLE_STATUSES.join(', ')} — wait for it to settle or repair it first`);
  }
  // CloudFormation names the stacks of StackSet instances StackSet-<set name>-<uuid>.
  if (/^StackSet-/.test(stack.name)) {
    violations.push('it is a StackSet instance (its name starts with StackSet-); Service Catalog cannot import StackSet instances — manage it through its StackSet');
  }
  if (stack.parentId || stack.rootId) {
    violations.push(`it is a nested stack (root ${stack.rootId ?? stack.parentId}); Service Catalog imports only root stacks — adopt the root stack instead`);
  }
  return violations;
}

/**
 * AWS Proton (end of support 2026-10-07; its API is gone, its CloudFormation stacks remain) tagged what it
 * deployed with AWS-managed `aws:proton:*` tags.
 */
export function protonTags(stack: InspectedStack): string[] {
  return Object.keys(stack.tags).filter((key) => key.startsWith('aws:proton:')).sort();
}
