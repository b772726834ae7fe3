/** Release-note text of an upgrade report, for operators reading `catalog diff` output or a changelog. */
import type { Finding, FindingKind, Severity, UpgradeReport } from './types';

interface Section {
  title: string;
  kinds: readonly FindingKind[];
}

/** Changes CloudFormation refuses come first, whatever their kind: no part of such an update happens. */
const FAILING_TITLE = 'Will fail the update (CloudFormation refuses it and rolls the whole update back)';

const SECTIONS: readonly Section[] = [
  { title: 'Will be replaced', kinds: ['identity-resource-replaced', 'resource-replaced', 'identity-resource-possibly-replaced', 'resource-possibly-replaced'] },
  { title: 'Will be deleted', kinds: ['identity-resource-removed', 'resource-removed', 'resource-orphaned'] },
  { title: 'Changed in place', kinds: ['resource-modified'] },
  { title: 'Added', kinds: ['resource-added'] },
  {
    title: 'Parameters',
    kinds: [
      'parameter-added-required', 'parameter-added-optional', 'parameter-removed', 'parameter-type-changed',
      'parameter-allowed-values-narrowed', 'parameter-constraint-tightened', 'parameter-constraint-relaxed', 'parameter-default-changed',
    ],
  },
  { title: 'Outputs', kinds: ['output-added', 'output-removed', 'output-changed', 'output-export-changed'] },
  { title: 'Template', kinds: ['rules-changed', 'description-changed', 'template-section-changed', 'analysis-incomplete'] },
];

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, breaking: 1, warning: 2, info: 3 };
const TAG: Record<Severity, string> = { critical: 'CRITICAL', breaking: 'BREAKING', warning: 'WARNING ', info: 'info    ' };

export function renderUpgradeReport(report: UpgradeReport, versions: { from: string; to: string }): string {
  const lines = [headline(report, versions), '', resourceLine(report)];
  if (report.reasons.length === 0) {
    lines.push('', 'No changes that affect provisioned products (template Metadata is not compared).');
    return `${lines.join('\n')}\n`;
  }
  const failing = report.reasons.filter((r) => r.updateFails);
  if (failing.length > 0) lines.push('', FAILING_TITLE, ...failing.map(renderFinding));
  for (const section of SECTIONS) {
    const items = report.reasons
      .filter((r) => !r.updateFails && section.kinds.includes(r.kind))
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    if (items.length === 0) continue;
    lines.push('', section.title, ...items.map(renderFinding));
  }
  return `${lines.join('\n')}\n`;
}

function headline(report: UpgradeReport, { from, to }: { from: string; to: string }): string {
  const counts = (['critical', 'breaking', 'warning', 'info'] as const)
    .map((severity) => [severity, report.reasons.filter((r) => r.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity === 'warning' && n > 1 ? 'warnings' : severity}`);
  const failing = report.reasons.filter((r) => r.updateFails);
  const fails = failing.some((r) => r.updateFails!.certain) ? 'the update will fail as written' : 'the update may fail as written';
  const verdict = report.verdict === 'breaking'
    ? `BREAKING: this upgrade needs a new major version${failing.length > 0 ? `, and ${fails}` : ''}`
    : 'COMPATIBLE: provisioned products can update in place';
  return `Upgrade ${from} → ${to}: ${verdict}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}.`;
}

function resourceLine({ summary, scenarios }: UpgradeReport): string {
  return `Resources: ${summary.replaced} replaced, ${summary.possiblyReplaced} possibly replaced, ${summary.removed} deleted, `
    + `${summary.modified} changed in place, ${summary.added} added.`
    + (scenarios > 1 ? ` Compared in ${scenarios} launch scenarios (the parameter values that decide the changed Conditions).` : '');
}

function renderFinding(finding: Finding): string {
  return `  ${TAG[finding.severity]}  ${finding.message}`;
}
