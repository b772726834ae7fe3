import type { CfnTemplate } from '../../analyzers/upgrade-diff/types';
import { isProduct } from '../templates';
import type { VerifyCheck, VerifyFinding } from '../types';

type Interface = { ParameterGroups?: { Label?: { default?: string }; Parameters?: string[] }[]; ParameterLabels?: Record<string, { default?: string }> };

/**
 * What a data engineer sees on the Service Catalog launch page: every parameter labelled, in exactly one group,
 * described, and constrained (an AWS-specific type, allowed values or pattern, or Number bounds), so a wrong value is
 * refused before anything is created.
 */
export const consoleReadinessCheck: VerifyCheck = {
  id: 'console-readiness',
  description: 'every parameter labelled, grouped, described and constrained (AWS::CloudFormation::Interface)',
  applies: isProduct,
  perTemplate: (t) => consoleProblems(t.template).map((p) => ({ check: 'console-readiness', severity: 'error', template: t.name, version: t.version, ...p })),
};

/** The console-readiness problems of a template: `{resource: parameter, rule, message}`. */
export function consoleProblems(template: CfnTemplate): Pick<VerifyFinding, 'resource' | 'rule' | 'message'>[] {
  const ui = (template.Metadata?.['AWS::CloudFormation::Interface'] ?? {}) as Interface;
  const grouped = (ui.ParameterGroups ?? []).flatMap((g) => g.Parameters ?? []);
  const problems: Pick<VerifyFinding, 'resource' | 'rule' | 'message'>[] = [];
  const parameters = template.Parameters ?? {};
  for (const [name, p] of Object.entries(parameters)) {
    if (!/\S/.test(ui.ParameterLabels?.[name]?.default ?? '')) problems.push({ resource: name, rule: 'parameter-label', message: 'no label in AWS::CloudFormation::Interface ParameterLabels' });
    const groups = grouped.filter((g) => g === name).length;
    if (groups !== 1) problems.push({ resource: name, rule: 'parameter-group', message: `in ${groups} parameter groups; expected exactly one` });
    if (typeof p.Description !== 'string' || p.Description.trim().length <= 10) problems.push({ resource: name, rule: 'parameter-description', message: 'no Description (more than 10 characters)' });
    const type = String(p.Type);
    const constrained =
      type.startsWith('AWS::') ||
      type.startsWith('List<AWS::') ||
      p.AllowedValues !== undefined ||
      p.AllowedPattern !== undefined ||
      (type === 'Number' && p.MinValue !== undefined && p.MaxValue !== undefined);
    if (!constrained) problems.push({ resource: name, rule: 'parameter-constraint', message: `type ${type} with no AllowedValues, AllowedPattern or Number bounds` });
  }
  for (const name of new Set(grouped)) {
    if (!parameters[name]) problems.push({ resource: name, rule: 'parameter-group', message: 'a parameter group lists a parameter the template does not declare' });
  }
  return problems;
}
