import { renderTable } from '../format/table';
import type { VerifyFinding, VerifyReport } from './types';

/** The verify report: per check its time, templates and counts; then every error and warning with where it is. */
export function renderVerifyReport(report: VerifyReport): string {
  const lines = [
    renderTable(
      ['check', 'templates', 'errors', 'warnings', 'allowed', 'ms', 'cpu ms', 'ms per template'],
      report.checks.map((c) => [
        c.check,
        c.templates,
        c.errors,
        c.warnings,
        c.allowed,
        c.ms.toFixed(0),
        c.cpuMs.toFixed(0),
        c.perTemplate.length ? (c.perTemplate.reduce((s, t) => s + t.ms, 0) / c.perTemplate.length).toFixed(1) + (c.startupMs ? ` (+${c.startupMs.toFixed(0)} start)` : '') : '-',
      ]),
    ),
  ];
  const list = (title: string, findings: VerifyFinding[]) => {
    if (!findings.length) return;
    lines.push('', `${title} (${findings.length}):`);
    lines.push(renderTable(['check', 'template', 'version', 'resource', 'rule', 'message'], findings.map((f) => [f.check, f.template, f.version, f.resource, f.rule, f.message])));
  };
  list('warnings', report.warnings);
  list('errors', report.errors);
  lines.push('', `${report.ok ? 'verify passed' : 'verify FAILED'}: ${report.errors.length} error(s), ${report.warnings.length} warning(s)${report.allowed ? `, ${report.allowed} allow-listed` : ''} in ${(report.ms / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
