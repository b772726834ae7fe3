/**
 * Findings for the template sections outside Resources/Parameters/Outputs. Template `Metadata` is
 * ignored on purpose: the catalog records product id and version there, so it changes every release.
 */
import { deepEqual, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import type { Finding } from './types';

export function sectionFindings(diff: TemplateDiff): Finding[] {
  const findings: Finding[] = [];
  if (diff.description?.isDifferent) {
    findings.push({
      severity: 'info',
      kind: 'description-changed',
      name: 'Description',
      before: diff.description.oldValue,
      after: diff.description.newValue,
      message: `Template description changes to "${diff.description.newValue ?? ''}".`,
    });
  }
  if (diff.transform?.isDifferent) {
    findings.push(sectionChanged('Transform', 'warning', 'Template Transform changes: macros rewrite the template at deploy time, so this analysis cannot see their effect.'));
  }
  if (diff.conditions.differenceCount > 0) {
    findings.push(sectionChanged('Conditions', 'info', `Conditions change (${diff.conditions.logicalIds.join(', ')}): resources are compared in each launch scenario they give, and a finding that holds only in some names their parameter values.`));
  }
  if (diff.mappings.differenceCount > 0) {
    findings.push(sectionChanged('Mappings', 'info', `Mappings change (${diff.mappings.logicalIds.join(', ')}): resource values read from them are compared as looked up in each launch scenario.`));
  }
  // cloudformation-diff has no handler for `Rules`; it lands in `unknown` with whole-section values.
  for (const section of diff.unknown.logicalIds) {
    const change = diff.unknown.get(section);
    if (section === 'Rules') findings.push(...ruleFindings(change.oldValue, change.newValue));
    else findings.push(sectionChanged(section, 'info', `Template section ${section} changes.`));
  }
  return findings;
}

/**
 * Rules validate parameter values on every create and update; an added or stricter rule can reject
 * the values an existing product was provisioned with, which this offline analysis cannot evaluate.
 */
function ruleFindings(oldRules: unknown, newRules: unknown): Finding[] {
  const before = asRecord(oldRules);
  const after = asRecord(newRules);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name): Finding[] => {
    if (deepEqual(before[name], after[name])) return [];
    if (before[name] === undefined) {
      return [{ severity: 'warning', kind: 'rules-changed', name, after: after[name], message: `New rule ${name}: updates whose parameter values violate it will fail.` }];
    }
    if (after[name] === undefined) {
      return [{ severity: 'info', kind: 'rules-changed', name, before: before[name], message: `Rule ${name} is removed: parameter combinations it rejected are now accepted.` }];
    }
    return [{ severity: 'warning', kind: 'rules-changed', name, before: before[name], after: after[name], message: `Rule ${name} changes: check that the parameter values of existing products still satisfy it.` }];
  });
}

function sectionChanged(name: string, severity: Finding['severity'], message: string): Finding {
  return { severity, kind: 'template-section-changed', name, message };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
