import type { ContractReport } from './types';

/** The contract report as text: the promise and verdict, the agent, then per AZ its paths and every finding. */
export function renderContract(report: ContractReport): string {
  const lines = [`${report.template}: ${report.productId} ${report.version}`, `promise: ${report.promise}`];
  if (report.requested) lines.push(`(checked as ${report.productId} by --promise; the template declares ${report.requested.declared ?? 'no product'})`);
  if (report.agent) {
    lines.push(
      `agent: ${report.agent.computeEnvironment} in ${report.agent.subnets.join(', ')}; assignPublicIp ${report.agent.assignPublicIp}`,
      ...report.agent.securityGroupRules.map((g) => `  security group ${g}`),
    );
  }
  for (const p of report.paths) {
    lines.push('', `${p.az} (agent subnet ${p.agentSubnet})`, `  to the internet:    ${p.internet}`, `  to AWS services:    ${p.awsServices}`, `  return path:        ${p.returnPath}`);
  }
  if (report.assumptions.length) lines.push('', 'assumptions:', ...report.assumptions.map((a) => `  - ${a}`));
  if (report.notes.length) lines.push('', 'notes:', ...report.notes.map((n) => `  - ${n}`));
  const verdict = { holds: 'PROMISE HOLDS', broken: 'PROMISE BROKEN', 'cannot-prove': 'PROMISE FAILS — CANNOT PROVE' }[report.verdict];
  const coverage = report.coverage.exhaustive ? '' : `, ${report.coverage.examined} of ${report.coverage.combinations} parameter combinations examined pairwise`;
  lines.push('', `${verdict} (${report.scenarios} parameter scenario${report.scenarios === 1 ? '' : 's'} checked${coverage})`);
  lines.push(...report.findings.map((f) => `  ✗ ${f}`));
  return lines.join('\n');
}
