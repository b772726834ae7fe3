import type { CheckTiming, VerifiedTemplate, VerifyCheck, VerifyContext, VerifyFinding, VerifyReport } from './types';

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs every check over the templates it applies to, timing each check (and each template of per-template checks). */
export function runChecks(checks: readonly VerifyCheck[], context: VerifyContext): VerifyReport {
  const started = now();
  const findings: VerifyFinding[] = [];
  const timings: CheckTiming[] = [];
  let allowed = 0;
  for (const check of checks) {
    const templates = context.templates.filter(check.applies);
    const checkStarted = now();
    const cpuStarted = process.cpuUsage();
    const perTemplate: CheckTiming['perTemplate'] = [];
    const found: VerifyFinding[] = [];
    let startupMs: number | undefined;
    try {
      if (check.all) found.push(...check.all(templates, context));
      const session = check.open?.(context);
      if (session) startupMs = round(now() - checkStarted);
      try {
        const each = session ? (t: VerifiedTemplate) => session.perTemplate(t) : check.perTemplate ? (t: VerifiedTemplate) => check.perTemplate!(t, context) : undefined;
        for (const t of each ? templates : []) {
          const t0 = now();
          found.push(...each!(t));
          perTemplate.push({ template: t.name, version: t.version, ms: round(now() - t0) });
        }
      } finally {
        session?.close();
      }
    } catch (e) {
      // A check that cannot run is a failure of verify, reported like any other.
      found.push(crashed(check, e, templates));
    }
    const listed = found.filter((f) => f.allowed === undefined);
    allowed += found.length - listed.length;
    findings.push(...listed);
    timings.push({
      check: check.id,
      description: check.description,
      ms: round(now() - checkStarted),
      cpuMs: round(cpuMs(process.cpuUsage(cpuStarted))),
      templates: templates.length,
      errors: listed.filter((f) => f.severity === 'error').length,
      warnings: listed.filter((f) => f.severity === 'warning').length,
      allowed: found.length - listed.length,
      perTemplate,
      ...(startupMs !== undefined ? { startupMs } : {}),
    });
  }
  const errors = findings.filter((f) => f.severity === 'error');
  return { ok: errors.length === 0, ms: round(now() - started), checks: timings, errors, warnings: findings.filter((f) => f.severity === 'warning'), allowed };
}

function crashed(check: VerifyCheck, e: unknown, templates: readonly VerifiedTemplate[]): VerifyFinding {
  return {
    check: check.id,
    severity: 'error',
    template: templates.length === 1 ? templates[0].name : '*',
    version: '-',
    resource: '-',
    rule: 'check-failed',
    message: `the check could not run: ${(e as Error).message}`,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
/** CPU time of this process (user + system): unlike wall time, it does not grow when other work shares the machine. */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
