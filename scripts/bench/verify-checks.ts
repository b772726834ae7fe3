import { median } from './stats';

/**
 * The cost of verification, from `catalog verify --json` (scripts/verify: `{ synthSeconds, ms, checks: [{ check,
 * ms, templates, startupMs? }] }`): the synthesis and the checks are timed side by side in the same process, and
 * each check per template.
 */
export interface VerifyTimings {
  readonly synthSeconds: number;
  readonly checksSeconds: number;
  readonly checks: { readonly check: string; readonly seconds: number; readonly startupSeconds: number; readonly templates: number }[];
}

export interface VerifyCheckCost {
  readonly scenario: string;
  /** `verify-cold` (no result cache) or `verify` (cache of earlier runs). */
  readonly command: string;
  readonly check: string;
  /** Medians over the runs. */
  readonly seconds: number;
  readonly startupSeconds: number;
  readonly templates: number;
  /** (time - startup) / templates. */
  readonly msPerTemplate: number;
}

/** The timings of one `catalog verify --json` output, or undefined when it has none (not JSON, an older verify). */
export function parseVerifyTimings(stdout: string): VerifyTimings | undefined {
  let json: { synthSeconds?: unknown; ms?: unknown; checks?: unknown };
  try {
    json = JSON.parse(stdout) as typeof json;
  } catch {
    return undefined;
  }
  if (typeof json.synthSeconds !== 'number' || typeof json.ms !== 'number' || !Array.isArray(json.checks)) return undefined;
  const checks = (json.checks as { check?: unknown; ms?: unknown; templates?: unknown; startupMs?: unknown }[])
    .filter((c) => typeof c.check === 'string' && typeof c.ms === 'number')
    .map((c) => ({
      check: c.check as string,
      seconds: (c.ms as number) / 1000,
      startupSeconds: typeof c.startupMs === 'number' ? c.startupMs / 1000 : 0,
      templates: typeof c.templates === 'number' ? c.templates : 0,
    }));
  return { synthSeconds: json.synthSeconds, checksSeconds: json.ms / 1000, checks };
}

/** Median per check over the runs of one scenario and command. */
export function checkCosts(scenario: string, command: string, runs: readonly VerifyTimings[]): VerifyCheckCost[] {
  const checks = [...new Set(runs.flatMap((r) => r.checks.map((c) => c.check)))];
  return checks.map((check) => {
    const timings = runs.flatMap((r) => r.checks.filter((c) => c.check === check));
    const seconds = median(timings.map((t) => t.seconds));
    const startupSeconds = median(timings.map((t) => t.startupSeconds));
    const templates = timings[0].templates;
    return { scenario, command, check, seconds, startupSeconds, templates, msPerTemplate: templates ? ((seconds - startupSeconds) * 1000) / templates : 0 };
  });
}
