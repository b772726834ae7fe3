import { median } from './stats';

/**
 * The cost of each verify check per template, from the per-check timings `catalog verify --json` reports.
 * Read defensively: any array of entries that name a check and carry a duration counts (durations in ms or s,
 * one entry per check, or one per check and template).
 */
export interface VerifyCheckCost {
  readonly scenario: string;
  readonly check: string;
  /** Median over the runs of the check's total time. */
  readonly seconds: number;
  readonly templates: number;
  readonly msPerTemplate: number;
}

interface Timing {
  readonly check: string;
  readonly seconds: number;
  readonly templates: number;
}

const NAME_KEYS = ['check', 'id', 'name'];

export function extractCheckTimings(json: unknown): Timing[] {
  const totals = new Map<string, { seconds: number; templates: number }>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    const name = NAME_KEYS.map((k) => entry[k]).find((v): v is string => typeof v === 'string');
    const seconds = durationSeconds(entry);
    if (name !== undefined && seconds !== undefined) {
      const total = totals.get(name) ?? { seconds: 0, templates: 0 };
      total.seconds += seconds;
      total.templates += templateCount(entry);
      totals.set(name, total);
      return;
    }
    Object.values(entry).forEach(visit);
  };
  visit(json);
  return [...totals].map(([check, t]) => ({ check, ...t }));
}

function durationSeconds(entry: Record<string, unknown>): number | undefined {
  for (const key of ['ms', 'durationMs', 'millis', 'elapsedMs']) if (typeof entry[key] === 'number') return (entry[key] as number) / 1000;
  for (const key of ['seconds', 'durationSeconds']) if (typeof entry[key] === 'number') return entry[key] as number;
  return undefined;
}

function templateCount(entry: Record<string, unknown>): number {
  if (typeof entry.templates === 'number') return entry.templates;
  if (Array.isArray(entry.templates)) return entry.templates.length;
  return typeof entry.template === 'string' || typeof entry.file === 'string' ? 1 : 0;
}

/** Median per check over the runs of one scenario; per-template cost uses the template count of the catalog. */
export function checkCosts(scenario: string, runs: readonly Timing[][], catalogTemplates: number): VerifyCheckCost[] {
  const checks = [...new Set(runs.flat().map((t) => t.check))];
  return checks.map((check) => {
    const timings = runs.map((r) => r.find((t) => t.check === check)).filter((t): t is Timing => t !== undefined);
    const seconds = median(timings.map((t) => t.seconds));
    const templates = timings[0].templates || catalogTemplates;
    return { scenario, check, seconds, templates, msPerTemplate: templates ? (seconds * 1000) / templates : 0 };
  });
}
