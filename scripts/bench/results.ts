import type { ProfileSummary } from './cpu-profile';
import type { MachineDescription } from './machine';
import type { Run } from './measure';
import { growth, median, ratio } from './stats';
import type { VerifyCheckCost } from './verify-checks';

/** The figures of one benchmark run, as written to bench-results/bench.json. */
export interface BenchResults {
  readonly date: string;
  readonly machine: MachineDescription;
  /** The commits the toolchain-before and toolchain-after scenarios cloned (with --before). */
  readonly toolchainCommits?: { readonly before: string; readonly after: string };
  /** 1-minute load average when the measurements ended (the machine's is at the start). */
  readonly loadAverageAtEnd: number;
  readonly repeats: number;
  /** Type errors tsc reported compiling the copy of the working tree (work in progress; it emits anyway). */
  readonly typeErrors: number;
  readonly scenarios: ScenarioFigures[];
  readonly measurements: Measurement[];
  readonly skipped: { readonly command: string; readonly reason: string }[];
  readonly verifyChecks: VerifyCheckCost[];
  /** Verification beside bare synthesis, both timed inside the same `catalog verify` process (medians). */
  readonly verifySplit: VerifySplit[];
  readonly profile?: ProfileSummary;
  /** Per template, the median over the runs of the contract scenario of its in-process CPU median (contract-timing.ts). */
  readonly contractPerTemplate?: { readonly template: string; readonly scenarios: number; readonly medianMs: number }[];
  readonly targets: TargetResult[];
}

export interface VerifySplit {
  readonly scenario: string;
  readonly command: string;
  readonly synthSeconds: number;
  readonly checksSeconds: number;
  readonly ratio: number;
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
  /** Most entries any run left in the temporary directory. */
  readonly tempEntriesLeft?: number;
  /** Runs that exited non-zero (their times still count: a failing check is work done). */
  readonly failures: number;
  readonly firstError?: string;
}

/**
 * A target judged twice: on wall time, and on CPU time (user + system of the process tree). On a shared machine
 * whose load exceeds its cores, wall time mostly measures waiting; CPU time is what an otherwise idle 2-core
 * machine would spend (the catalog runs single-threaded), so it is the fairer reading of a wall-time target there.
 */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly wall?: number;
  readonly cpu?: number;
  readonly limit: number;
  /** How the figures read; default: seconds, or a percentage when the limit is below 1. */
  readonly unit?: 'seconds' | 'percent' | 'count';
}

export function summarizeRuns(scenario: string, command: string, runs: readonly Run[]): Measurement {
  const failed = runs.filter((r) => r.exitCode !== 0);
  const cpu = runs.map((r) => r.cpuSeconds).filter((s): s is number => s !== undefined);
  const rss = runs.map((r) => r.maxRssMiB).filter((m): m is number => m !== undefined);
  const left = runs.map((r) => r.tempEntriesLeft).filter((n): n is number => n !== undefined);
  return {
    scenario,
    command,
    runs: runs.map(({ seconds, maxRssMiB, cpuSeconds, exitCode, tempEntriesLeft }) => ({ seconds, maxRssMiB, cpuSeconds, exitCode, tempEntriesLeft })),
    tempEntriesLeft: left.length ? Math.max(...left) : undefined,
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
export function judgeTargets(measurements: readonly Measurement[], verifySplit: readonly VerifySplit[] = []): TargetResult[] {
  const figure = (scenario: string, command: string) => {
    const m = findMeasurement(measurements, scenario, command);
    return { wall: m?.medianSeconds, cpu: m?.medianCpuSeconds };
  };
  const compare = (a: { wall?: number; cpu?: number }, b: { wall?: number; cpu?: number }, f: typeof ratio) => ({
    wall: f(a.wall, b.wall),
    cpu: f(a.cpu, b.cpu),
  });
  // The catalog's own commands; the toolchain scenarios' `npm test` runs jest workers, tsc and ESLint side by side.
  const rss = measurements
    .filter((m) => !m.scenario.startsWith('toolchain-'))
    .map((m) => m.maxRssMiB)
    .filter((m): m is number => m !== undefined);
  const peak = rss.length ? Math.max(...rss) : undefined;
  return [
    { target: '`npm start` on the default catalog <= 15 s', measured: 'npm start, no source changed, median s', ...figure('default', 'npm-start'), limit: 15 },
    {
      target: '`npm start` on the default catalog <= 15 s (after an edit)',
      measured: 'npm start after a source changed, median s',
      ...figure('default', 'npm-start-edited'),
      limit: 15,
    },
    { target: '`catalog build` on the default catalog <= 15 s', measured: 'catalog build, verify cache warm, median s', ...figure('default', 'build'), limit: 15 },
    { target: '`catalog build` on the default catalog <= 15 s (cold)', measured: 'catalog build without a verify cache, median s', ...figure('default', 'build-cold'), limit: 15 },
    ...(['verify-cold', 'verify'] as const).map((command) => ({
      target: `verify <= 50 % of synth (${command === 'verify' ? 'warm cache' : 'no cache'})`,
      measured: `default catalog, ${command}; wall: checks / synthesis inside one process; cpu: (verify - synth) / synth commands`,
      wall: verifySplit.find((v) => v.scenario === 'default' && v.command === command)?.ratio,
      cpu: growth(figure('default', command).cpu, figure('default', 'synth').cpu),
      limit: 0.5,
    })),
    {
      target: '50 versions per product cost <= 20 % more than 1',
      measured: 'catalog build (verify cache warm), versions-50 / versions-1 - 1',
      ...compare(figure('versions-50', 'build'), figure('versions-1', 'build'), growth),
      limit: 0.2,
    },
    {
      target: '50 versions per product cost <= 20 % more than 1 (verify, no cache)',
      measured: 'catalog verify without a cache, versions-50 / versions-1 - 1',
      ...compare(figure('versions-50', 'verify-cold'), figure('versions-1', 'verify-cold'), growth),
      limit: 0.2,
    },
    {
      target: '50 versions per product cost <= 20 % more than 1 (synth alone)',
      measured: 'catalog synth, versions-50 / versions-1 - 1',
      ...compare(figure('versions-50', 'synth'), figure('versions-1', 'synth'), growth),
      limit: 0.2,
    },
    // Peak memory is not time: the same figure in both columns.
    { target: 'peak memory <= 1 GiB', measured: 'largest peak RSS of any catalog run (not the toolchain scenarios), MiB', wall: peak, cpu: peak, limit: 1024 },
    ...toolchainTargets(measurements),
  ];
}

/** Issue 17's targets, on the toolchain scenarios (a clone at HEAD beside one at the --before commit, same run). */
function toolchainTargets(measurements: readonly Measurement[]): TargetResult[] {
  const after = (command: string) => findMeasurement(measurements, 'toolchain-after', command);
  const before = (command: string) => findMeasurement(measurements, 'toolchain-before', command);
  if (!after('npm-start') && !after('npm-test')) return [];
  const seconds = (command: string, target: string, limit: number): TargetResult => ({
    target,
    measured: `toolchain-after ${command}, median s`,
    wall: after(command)?.medianSeconds,
    cpu: after(command)?.medianCpuSeconds,
    limit,
  });
  // Leftovers of the commands a developer runs, after the change; the benchmark's own folder is removed at its end.
  const left = ['npm-test', 'npm-start', 'npm-start-edited', 'fresh-clone'].map((c) => after(c)?.tempEntriesLeft).filter((n): n is number => n !== undefined);
  const mostLeft = left.length ? Math.max(...left) : undefined;
  return [
    {
      target: '`npm test` <= 0.5 x before',
      measured: 'npm test, toolchain-after / toolchain-before, medians',
      wall: ratio(after('npm-test')?.medianSeconds, before('npm-test')?.medianSeconds),
      cpu: ratio(after('npm-test')?.medianCpuSeconds, before('npm-test')?.medianCpuSeconds),
      limit: 0.5,
    },
    seconds('npm-start-edited', '`npm start` after a one-line edit of a product file <= 6 s', 6),
    seconds('npm-start', '`npm start` with nothing changed <= 2 s', 2),
    seconds('fresh-clone', '`npm ci && npm start` on a fresh clone <= 25 s', 25),
    { target: '0 entries left in the temporary directory', measured: 'most entries any toolchain-after command left', wall: mostLeft, cpu: mostLeft, limit: 0, unit: 'count' },
  ];
}
