import type { ProfileSummary } from './cpu-profile';
import type { MachineDescription } from './machine';
import type { Run } from './measure';
import { growth, median, ratio } from './stats';
import type { VerifyCheckCost } from './verify-checks';

/** The figures of one benchmark run, as written to bench-results/bench.json. */
export interface BenchResults {
  readonly date: string;
  readonly machine: MachineDescription;
  readonly repeats: number;
  readonly scenarios: ScenarioFigures[];
  readonly measurements: Measurement[];
  readonly skipped: { readonly command: string; readonly reason: string }[];
  readonly verifyChecks: VerifyCheckCost[];
  readonly profile?: ProfileSummary;
  readonly targets: TargetResult[];
}

export interface ScenarioFigures {
  readonly id: string;
  readonly title: string;
  readonly products: number;
  readonly productVersions: number;
  readonly templates: number;
}

export interface Measurement {
  readonly scenario: string;
  readonly command: string;
  readonly runs: Omit<Run, 'stdout' | 'stderr'>[];
  readonly medianSeconds: number;
  readonly medianCpuSeconds?: number;
  readonly maxRssMiB?: number;
  /** Runs that exited non-zero (their times still count: a failing check is work done). */
  readonly failures: number;
  readonly firstError?: string;
}

export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly value?: number;
  readonly limit: number;
  readonly met?: boolean;
}

export function summarizeRuns(scenario: string, command: string, runs: readonly Run[]): Measurement {
  const failed = runs.filter((r) => r.exitCode !== 0);
  const cpu = runs.map((r) => r.cpuSeconds).filter((s): s is number => s !== undefined);
  const rss = runs.map((r) => r.maxRssMiB).filter((m): m is number => m !== undefined);
  return {
    scenario,
    command,
    runs: runs.map(({ seconds, maxRssMiB, cpuSeconds, exitCode }) => ({ seconds, maxRssMiB, cpuSeconds, exitCode })),
    medianSeconds: median(runs.map((r) => r.seconds)),
    medianCpuSeconds: cpu.length ? median(cpu) : undefined,
    maxRssMiB: rss.length ? Math.max(...rss) : undefined,
    failures: failed.length,
    firstError: failed[0] ? lastLines(failed[0].stderr || failed[0].stdout, 5) : undefined,
  };
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

export function findMeasurement(measurements: readonly Measurement[], scenario: string, command: string): Measurement | undefined {
  return measurements.find((m) => m.scenario === scenario && m.command === command);
}

/** The targets, judged on the medians of this run (not timed tests: the machine is shared). */
export function judgeTargets(measurements: readonly Measurement[]): TargetResult[] {
  const seconds = (scenario: string, command: string) => findMeasurement(measurements, scenario, command)?.medianSeconds;
  const targets: TargetResult[] = [];
  const add = (target: string, measured: string, value: number | undefined, limit: number) =>
    targets.push({ target, measured, value, limit, met: value === undefined ? undefined : value <= limit });

  add('`npm start` on the default catalog <= 15 s', 'npm start (compile + build), median s', seconds('default', 'npm-start'), 15);
  add('`catalog build` on the default catalog <= 15 s', 'catalog build, median s', seconds('default', 'build'), 15);
  add('verify <= 50 % of synth', 'catalog verify / catalog synth, default catalog', ratio(seconds('default', 'verify'), seconds('default', 'synth')), 0.5);
  add(
    '50 versions per product cost <= 20 % more than 1',
    'catalog build, versions-50 / versions-1 - 1',
    growth(seconds('versions-50', 'build'), seconds('versions-1', 'build')),
    0.2,
  );
  add(
    '50 versions per product cost <= 20 % more than 1 (synth alone)',
    'catalog synth, versions-50 / versions-1 - 1',
    growth(seconds('versions-50', 'synth'), seconds('versions-1', 'synth')),
    0.2,
  );
  const rss = measurements.map((m) => m.maxRssMiB).filter((m): m is number => m !== undefined);
  add('peak memory <= 1 GiB', 'largest peak RSS of any run, MiB', rss.length ? Math.max(...rss) : undefined, 1024);
  return targets;
}
