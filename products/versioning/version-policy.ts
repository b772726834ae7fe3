import type { UpgradeReport } from '../../scripts/analyzers/upgrade-diff';
import { parseVersion } from './release-records';

/**
 * Semantic versioning of product templates: an upgrade that the offline analysis finds breaking (a replaced
 * identity resource, a new required parameter, a removed output …) may only ship as a new major version, so a
 * customer who updates within a major version never loses an allowlisted IP or a promise (DESIGN.md, Versions).
 */
export function nextMajor(version: string): string {
  return `v${parseVersion(version)[0] + 1}.0.0`;
}

export function isMajorBump(from: string, to: string): boolean {
  return parseVersion(to)[0] > parseVersion(from)[0];
}

/** Why `to` may not follow `from` with this report, or undefined when it may. */
export function majorBumpViolation(productId: string, from: string, to: string, report: UpgradeReport): string | undefined {
  if (report.verdict !== 'breaking' || isMajorBump(from, to)) return undefined;
  const blocking = report.reasons.filter((r) => r.severity === 'critical' || r.severity === 'breaking');
  const shown = blocking.slice(0, 3).map((r) => `${r.severity.toUpperCase()} ${r.message}`);
  const more = blocking.length > shown.length ? `\n  - … and ${blocking.length - shown.length} more` : '';
  return (
    `${productId} ${to}: the upgrade from ${from} is breaking, and a breaking change needs a new major version ` +
    `(release it as ${nextMajor(from)}, or make the change compatible):\n  - ${shown.join('\n  - ')}${more}`
  );
}

/** One line for release notes: the verdict from the previous version and what an update does to resources. */
export function verdictLine(from: string, report: UpgradeReport): string {
  const s = report.summary;
  const count = (severity: string) => report.reasons.filter((r) => r.severity === severity).length;
  const findings = (['critical', 'breaking', 'warning'] as const).map((sev) => [sev, count(sev)] as const).filter(([, n]) => n > 0);
  return (
    `Upgrade from ${from}: ${report.verdict} (resources: ${s.replaced} replaced, ${s.possiblyReplaced} possibly replaced, ` +
    `${s.removed} deleted, ${s.modified} changed in place, ${s.added} added` +
    `${findings.length ? `; ${findings.map(([sev, n]) => `${n} ${sev}`).join(', ')}` : ''}).`
  );
}
