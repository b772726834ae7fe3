import { renderTable } from '../format/table';
import { COMMANDS } from './commands';
import { findMeasurement, type BenchResults, type Measurement, type TargetResult } from './results';
import { percent } from './stats';

/** The measurement table: one row per scenario and command, medians over the repeats. */
export function measurementRows(results: BenchResults): (string | number)[][] {
  const scenario = new Map(results.scenarios.map((s) => [s.id, s]));
  return results.measurements.map((m) => {
    const s = scenario.get(m.scenario);
    return [
      m.scenario,
      s?.products ?? '',
      s?.productVersions ?? '',
      m.command,
      m.medianSeconds.toFixed(2),
      range(m),
      m.medianCpuSeconds === undefined ? 'n/a' : m.medianCpuSeconds.toFixed(2),
      m.maxRssMiB === undefined ? 'n/a' : m.maxRssMiB.toFixed(0),
      m.failures ? `${m.failures} failed` : 'ok',
    ];
  });
}

export const MEASUREMENT_HEADERS = ['scenario', 'products', 'versions', 'command', 'median s', 'min-max s', 'cpu s', 'peak MiB', 'exit'];

function range(m: Measurement): string {
  const s = m.runs.map((r) => r.seconds);
  return `${Math.min(...s).toFixed(2)}-${Math.max(...s).toFixed(2)}`;
}

export function formatTarget(t: TargetResult): string[] {
  const unit = t.unit ?? (t.limit < 1 ? 'percent' : 'seconds');
  const asPercent = unit === 'percent';
  const show = (v?: number) => (v === undefined ? 'not measured' : asPercent ? percent(v) : unit === 'count' ? String(v) : v.toFixed(t.limit >= 100 ? 0 : 2));
  const verdict = (v?: number) => (v === undefined ? 'n/a' : v <= t.limit ? 'met' : 'MISSED');
  return [t.target, t.measured, asPercent ? percent(t.limit) : String(t.limit), show(t.wall), verdict(t.wall), show(t.cpu), verdict(t.cpu)];
}

export const TOOLCHAIN_HEADERS = ['command', 'runs', 'before s', 'after s', 'after / before', 'before cpu s', 'after cpu s', 'temp entries left before', 'after'];

/** The toolchain scenarios side by side: the same command in the clone at the --before commit and at HEAD. */
export function toolchainRows(results: BenchResults): string[][] {
  const commands = [...new Set(results.measurements.filter((m) => m.scenario.startsWith('toolchain-')).map((m) => m.command))];
  return commands.map((command) => {
    const before = findMeasurement(results.measurements, 'toolchain-before', command);
    const after = findMeasurement(results.measurements, 'toolchain-after', command);
    const s = (m?: Measurement) => (m ? `${m.medianSeconds.toFixed(2)}${m.failures ? ` (${m.failures} failed)` : ''}` : 'n/a');
    const cpu = (m?: Measurement) => (m?.medianCpuSeconds === undefined ? 'n/a' : m.medianCpuSeconds.toFixed(2));
    const left = (m?: Measurement) => (m?.tempEntriesLeft === undefined ? 'n/a' : String(m.tempEntriesLeft));
    const r = before && after ? `${(after.medianSeconds / before.medianSeconds).toFixed(2)} x` : 'n/a';
    return [command, String(Math.max(before?.runs.length ?? 0, after?.runs.length ?? 0)), s(before), s(after), r, cpu(before), cpu(after), left(before), left(after)];
  });
}

export const TARGET_HEADERS = ['target', 'measured as', 'limit', 'wall', 'on wall', 'cpu', 'on cpu'];

/** What the terminal shows at the end of `npm run bench`. */
export function renderText(results: BenchResults): string {
  const lines = [
    `Benchmark ${results.date} on ${describe(results)}; median of ${results.repeats} interleaved runs`,
    '',
    renderTable(MEASUREMENT_HEADERS, measurementRows(results)),
    '',
    renderTable(TARGET_HEADERS, results.targets.map(formatTarget)),
  ];
  if (results.toolchainCommits) lines.push('', `Toolchain: before ${results.toolchainCommits.before.slice(0, 7)}, after ${results.toolchainCommits.after.slice(0, 7)}`, renderTable(TOOLCHAIN_HEADERS, toolchainRows(results)));
  if (results.verifySplit.length) lines.push('', renderTable(SPLIT_HEADERS, splitRows(results)));
  if (results.verifyChecks.length) lines.push('', renderTable(CHECK_HEADERS, checkRows(results)));
  for (const s of results.skipped) lines.push(`skipped ${s.command}: ${s.reason}`);
  if (results.profile) {
    lines.push(
      '',
      `CPU profile of \`catalog build\` (default catalog): ${results.profile.totalSeconds.toFixed(2)} s, of which ${results.profile.requireSeconds.toFixed(2)} s loading modules`,
      renderTable(['package (self time)', 's'], results.profile.byPackage.map((p) => [p.name, p.seconds.toFixed(2)])),
    );
  }
  return lines.join('\n');
}

const CHECK_HEADERS = ['scenario', 'command', 'verify check', 'median s', 'startup s', 'templates', 'ms per template'];

function checkRows(results: BenchResults): (string | number)[][] {
  return results.verifyChecks.map((c) => [c.scenario, c.command, c.check, c.seconds.toFixed(3), c.startupSeconds.toFixed(3), c.templates, c.msPerTemplate.toFixed(1)]);
}

const SPLIT_HEADERS = ['scenario', 'command', 'synthesis s', 'verification s', 'verification / synthesis'];

function splitRows(results: BenchResults): (string | number)[][] {
  return results.verifySplit.map((v) => [v.scenario, v.command, v.synthSeconds.toFixed(2), v.checksSeconds.toFixed(2), percent(v.ratio)]);
}

function describe(results: BenchResults): string {
  const m = results.machine;
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadAverage1m} -> ${results.loadAverageAtEnd}`;
}

/** A GitHub-flavoured Markdown table; pipes in cells are escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [headers, headers.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

/** docs/benchmark.md: the figures of one run, the machine, the targets, and the notes written by hand. */
export function renderMarkdown(results: BenchResults, notes: string): string {
  const m = results.machine;
  const commandTitles = Object.values(COMMANDS).map((c) => `\`${c.id}\`: ${c.title}`);
  const sections = [
    '# Benchmark',
    '',
    `Measured by \`npm run bench\` on ${results.date}: median of ${results.repeats} runs, scenarios interleaved in one run so ` +
      'their ratios are comparable on a shared machine. Each scenario runs in its own temporary copy of the repository.',
    '',
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}; load average ${m.loadAverage1m} at start, ` +
      `${results.loadAverageAtEnd} at end; ` +
      `commit ${m.commit} with ${m.dirtyFiles} uncommitted files in the working tree (${results.typeErrors} type errors).`,
    '',
    '## Targets',
    '',
    'Judged on wall time and on CPU time (user + system of the process tree). When the load average exceeds the cores, ' +
      'wall time mostly measures waiting for a CPU. CPU time is steadier; it also counts V8 background threads ' +
      '(compilation, garbage collection), so it is an upper bound of what an otherwise idle 2-core machine would take.',
    '',
    markdownTable(TARGET_HEADERS, results.targets.map(formatTarget)),
    '',
    ...(results.toolchainCommits
      ? [
          '## Toolchain before and after',
          '',
          `The same commands in a clone at ${results.toolchainCommits.before.slice(0, 7)} (before) and one at ${results.toolchainCommits.after.slice(0, 7)} (after), ` +
            'each with its own `npm ci`, interleaved in this run; medians. "temp entries left": most new entries one run left in the temporary directory.',
          '',
          markdownTable(TOOLCHAIN_HEADERS, toolchainRows(results)),
          '',
        ]
      : []),
    '## Measurements',
    '',
    markdownTable(MEASUREMENT_HEADERS, measurementRows(results)),
    '',
    `Commands: ${commandTitles.join('; ')}. Peak MiB is the largest maximum resident set size (GNU time) of the process tree.`,
  ];
  if (results.skipped.length) sections.push('', ...results.skipped.map((s) => `- skipped \`${s.command}\`: ${s.reason}`));
  if (results.verifySplit.length) {
    sections.push(
      '',
      '## Verification beside synthesis',
      '',
      'Both timed inside the same `catalog verify --json` process (its `synthSeconds` and `ms`), medians over the runs.',
      '',
      markdownTable(SPLIT_HEADERS, splitRows(results)),
    );
  }
  if (results.verifyChecks.length) sections.push('', '## Verify checks', '', markdownTable(CHECK_HEADERS, checkRows(results)));
  if (results.profile) {
    const p = results.profile;
    sections.push(
      '',
      '## Where the time goes',
      '',
      `CPU profile (\`node --cpu-prof\`) of \`catalog build\` on the default catalog: ${p.totalSeconds.toFixed(2)} s in all, ` +
        `${p.requireSeconds.toFixed(2)} s of it loading modules (samples under \`require\`).`,
      '',
      markdownTable(['package (self time)', 's'], p.byPackage.map((x) => [x.name, x.seconds.toFixed(2)])),
      '',
      markdownTable(['hottest functions (self time)', 'where', 's'], p.topFunctions.map((f) => [f.name, f.where, f.seconds.toFixed(2)])),
    );
  }
  if (notes.trim()) sections.push('', notes.trim());
  return `${sections.join('\n')}\n`;
}
