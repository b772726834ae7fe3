/**
 * Output findings. Outputs are the product's interface: the console shows them after launch, customers
 * copy the egress IPs from them into allowlists, and other stacks may import their exports.
 */
import { deepEqual, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import type { CfnOutput, Finding } from './types';

export function outputFindings(diff: TemplateDiff): Finding[] {
  const findings: Finding[] = [];
  diff.outputs.forEachDifference((name, change) => {
    const before = change.oldValue as CfnOutput | undefined;
    const after = change.newValue as CfnOutput | undefined;
    if (!before && after) {
      findings.push({ severity: 'info', kind: 'output-added', name, after: after.Value, message: `New output ${name}.` });
    } else if (before && !after) {
      findings.push({
        severity: 'breaking',
        kind: 'output-removed',
        name,
        before: before.Value,
        message: `Output ${name} is removed: anything reading it (allowlists, runbooks, stacks importing it) loses the value.`,
      });
    } else if (before && after) {
      findings.push(...changedFindings(name, before, after));
    }
  });
  return findings;
}

function changedFindings(name: string, before: CfnOutput, after: CfnOutput): Finding[] {
  const findings: Finding[] = [];
  if (!deepEqual(before.Export, after.Export)) {
    // CloudFormation refuses to change or delete an export another stack imports (Fn::ImportValue).
    findings.push({
      severity: 'breaking',
      kind: 'output-export-changed',
      name,
      before: before.Export,
      after: after.Export,
      message: `Export of output ${name} changes: stacks importing it block the update until they stop importing it.`,
    });
  }
  if (!deepEqual(before.Value, after.Value)) {
    findings.push({
      severity: 'warning',
      kind: 'output-changed',
      name,
      before: before.Value,
      after: after.Value,
      message: `Output ${name} now reports a different value expression: check consumers still get what they expect.`,
    });
  } else if (findings.length === 0) {
    findings.push({ severity: 'info', kind: 'output-changed', name, message: `Output ${name} changes its description or condition; its value is unchanged.` });
  }
  return findings;
}
