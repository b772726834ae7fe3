/**
 * Offline upgrade-safety analysis between two versions of a product template: what an update of a
 * provisioned product from `from` to `to` would replace, delete or break. Built on
 * @aws-cdk/cloudformation-diff (the engine of `cdk diff`) and @aws-cdk/aws-service-spec; nothing calls AWS.
 */
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { outputFindings } from './outputs';
import { parameterFindings } from './parameters';
import { scenarioResourceFindings } from './scenario-findings';
import { sectionFindings } from './sections';
import type { CfnTemplate, Finding, FindingKind, Severity, UpgradeReport, UpgradeSummary } from './types';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, breaking: 1, warning: 2, info: 3 };

export function analyzeUpgrade(from: CfnTemplate, to: CfnTemplate): UpgradeReport {
  return analyzeWithin(from, to, Infinity) as UpgradeReport;
}

/**
 * The same report, or undefined as soon as it is certain to give more than `maxReasons` reasons: a reason is never
 * taken back by a later launch scenario, so the count found so far is a lower bound. For ranking many candidates by
 * their number of findings (`catalog adopt`'s closest version) without analysing every scenario of the hopeless ones.
 */
export function analyzeUpgradeWithin(from: CfnTemplate, to: CfnTemplate, maxReasons: number): UpgradeReport | undefined {
  return analyzeWithin(from, to, maxReasons);
}

function analyzeWithin(from: CfnTemplate, to: CfnTemplate, maxReasons: number): UpgradeReport | undefined {
  // fullDiff normalizes copies (DependsOn order, short Fn::GetAtt) so cosmetic differences are not changes.
  const diff = fullDiff(from, to);
  const templateWide = [parameterFindings(diff, to), outputFindings(diff), sectionFindings(diff)];
  // Resources are compared per launch scenario, with values resolved; the rest of the template as written.
  const resources = scenarioResourceFindings(from, to, maxReasons - templateWide.flat().length);
  if (!resources) return undefined;
  const groups = [resources.findings, ...templateWide];
  // Deterministic order for release notes and CI diffs: most severe first, then resources, parameters,
  // outputs, template; then by logical id or name (a finding's own order is kept for equal keys).
  const reasons = groups
    .flatMap((findings, group) => findings.map((finding) => ({ finding, group, key: finding.logicalId ?? finding.name ?? '' })))
    .sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.group - b.group || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ finding }) => finding);
  const breaking = reasons.some((r) => r.severity === 'critical' || r.severity === 'breaking');
  return { verdict: breaking ? 'breaking' : 'compatible', scenarios: resources.scenarios, reasons, summary: summarize(reasons) };
}

function summarize(reasons: Finding[]): UpgradeSummary {
  const count = (...kinds: FindingKind[]) => reasons.filter((r) => kinds.includes(r.kind)).length;
  return {
    added: count('resource-added'),
    removed: count('resource-removed', 'identity-resource-removed', 'resource-orphaned'),
    modified: count('resource-modified'),
    replaced: count('resource-replaced', 'identity-resource-replaced'),
    possiblyReplaced: count('resource-possibly-replaced', 'identity-resource-possibly-replaced'),
  };
}
