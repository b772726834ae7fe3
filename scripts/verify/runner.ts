import type { CheckTiming, VerifiedTemplate, VerifyCheck, VerifyContext, VerifyFinding, VerifyReport } from './types';

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** What one check found, with its timing (the runner counts and lists the findings). */
interface CheckOutcome {
  /** How many templates it applied to. */
  readonly templates: number;
  readonly found: VerifyFinding[];
  readonly ms: number;
  readonly cpuMs: number;
  readonly perTemplate: CheckTiming['perTemplate'];
  readonly startupMs?: number;
}

/**
 * Runs every check over the templates it applies to, timing each check (and each template of per-template checks).
 * Background checks (another process's work, such as cfn-lint) start first and are awaited last, so they run beside
 * the in-process checks on the machine's other core; the report keeps the checks' order either way.
 */
export async function runChecks(checks: readonly VerifyCheck[], context: VerifyContext): Promise<VerifyReport> {
  const started = now();
  const outcomes = new Map<VerifyCheck, Promise<CheckOutcome>>();
  for (const check of checks) if (check.background) outcomes.set(check, runBackground(check, context));
  for (const check of checks) {
    if (check.background) continue;
    const outcome = runInProcess(check, context);
    outcomes.set(check, outcome);
    await outcome;
  }

  const findings: VerifyFinding[] = [];
  const timings: CheckTiming[] = [];
  let allowed = 0;
  for (const check of checks) {
    const outcome = await outcomes.get(check)!;
    const listed = outcome.found.filter((f) => f.allowed === undefined);
    allowed += outcome.found.length - listed.length;
    findings.push(...listed);
    timings.push({
      check: check.id,
      description: check.description,
      ms: outcome.ms,
      cpuMs: outcome.cpuMs,
      templates: outcome.templates,
      errors: listed.filter((f) => f.severity === 'error').length,
      warnings: listed.filter((f) => f.severity === 'warning').length,
      allowed: outcome.found.length - listed.length,
      perTemplate: outcome.perTemplate,
      ...(outcome.startupMs !== undefined ? { startupMs: outcome.startupMs } : {}),
    });
  }
  const errors = findings.filter((f) => f.severity === 'error');
  return { ok: errors.length === 0, ms: round(now() - started), checks: timings, errors, warnings: findings.filter((f) => f.severity === 'warning'), allowed };
}

/**
 * One check after another in this process. Between templates it yields to the event loop, so that a background
 * check's process events get through (its `--version` answered: the lint starts while this check goes on).
 */
async function runInProcess(check: VerifyCheck, context: VerifyContext): Promise<CheckOutcome> {
  const templates = context.templates.filter(check.applies);
  const checkStarted = now();
  const cpuStarted = process.cpuUsage();
  const perTemplate: CheckTiming['perTemplate'] = [];
  const found: VerifyFinding[] = [];
  let startupMs: number | undefined;
  try {
    if (check.all) found.push(...check.all(templates, context));
    await yieldToEventLoop();
    const session = check.open?.(context);
    if (session) startupMs = round(now() - checkStarted);
    try {
      const each = session ? (t: VerifiedTemplate) => session.perTemplate(t) : check.perTemplate ? (t: VerifiedTemplate) => check.perTemplate!(t, context) : undefined;
      for (const t of each ? templates : []) {
        const t0 = now();
        found.push(...each!(t));
        perTemplate.push({ template: t.name, version: t.version, ms: round(now() - t0) });
        await yieldToEventLoop();
      }
    } finally {
      session?.close();
    }
  } catch (e) {
    // A check that cannot run is a failure of verify, reported like any other.
    found.push(crashed(check, e, templates));
  }
  return {
    templates: templates.length,
    found,
    ms: round(now() - checkStarted),
    cpuMs: round(cpuMs(process.cpuUsage(cpuStarted))),
    perTemplate,
    ...(startupMs !== undefined ? { startupMs } : {}),
  };
}

/** Its wall time runs until its findings arrive; its CPU time is the child's, not this process's, so it is not counted. */
async function runBackground(check: VerifyCheck, context: VerifyContext): Promise<CheckOutcome> {
  const templates = context.templates.filter(check.applies);
  const checkStarted = now();
  let found: VerifyFinding[];
  try {
    found = await check.background!(templates, context);
  } catch (e) {
    found = [crashed(check, e, templates)];
  }
  return { templates: templates.length, found, ms: round(now() - checkStarted), cpuMs: 0, perTemplate: [] };
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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const round = (ms: number) => Math.round(ms * 10) / 10;
/** CPU time of this process (user + system): unlike wall time, it does not grow when other work shares the machine. */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
