#!/usr/bin/env node
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { repoRoot } from '../../products/shared/repo-root';
import { COMMANDS, registeredCatalogCommands } from './commands';
import type { ContractTiming } from './contract-timing';
import { describeMachine } from './machine';
import { measure, type Run } from './measure';
import { profileCatalogBuild } from './profile';
import { renderMarkdown, renderText } from './report';
import { judgeTargets, summarizeRuns, type BenchResults, type ScenarioFigures } from './results';
import { prepareScenario, SCENARIOS, type PreparedScenario, type ToolchainCommits } from './scenarios';
import { median } from './stats';
import { registeredProducts } from './synthetic-products';
import { newTempEntries, ownTempEntries, removeEntries, tempEntries } from './temp-entries';
import { resolveCommit } from './toolchain';
import { checkCosts, parseVerifyTimings, type VerifyTimings } from './verify-checks';
import { createBaseWorkspace, removeWorkspace, type Workspace } from './workspace';

/**
 * `npm run bench`: wall time and peak memory of synth, verify, docs, build and `npm start` on the default catalog,
 * and of synth/verify/build as the catalog grows (1, 10, 50 retained versions per product; 5 and 25 products),
 * each scenario in a temporary copy of the repository, all runs interleaved. Prints a table, writes
 * bench-results/bench.json and, with --report, docs/benchmark.md.
 */
interface BenchOptions {
  repeats: number;
  heavyRepeats: number;
  before?: string;
  scenarios?: string[];
  report: boolean;
  profile: boolean;
  keep: boolean;
}

/** A failed run's whole output, kept beside bench.json (bench-results/ is not committed), so the failure can be read. */
function keepFailedOutput(name: string, measured: { stdout: string; stderr: string }): string {
  const dir = path.join(repoRoot(), 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `failed-${name}.log`);
  fs.writeFileSync(file, `${measured.stdout}\n--- stderr ---\n${measured.stderr}`);
  return path.relative(repoRoot(), file);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`got '${value}', allowed: an integer >= 1`);
  return n;
}

function scenarioList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) throw new InvalidArgumentError(`unknown scenario ${unknown.join(', ')}; allowed: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return ids;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

export function runBenchmark(options: BenchOptions): BenchResults {
  const root = repoRoot();
  const machine = describeMachine(root);
  const commits: ToolchainCommits | undefined = options.before ? { repoRoot: root, before: resolveCommit(root, options.before), after: resolveCommit(root, 'HEAD') } : undefined;
  const wanted = SCENARIOS.filter((s) => !options.scenarios || options.scenarios.includes(s.id));
  const selected = wanted.filter((s) => !s.clone || commits);
  const prepared: PreparedScenario[] = [];
  let base: Workspace | undefined;
  let typeErrors = 0;
  // Everything of the run, workspaces and what the measured commands write to the temporary directory, in one folder
  // (TMPDIR for this process and every command), removed at the end; what a command leaves there is counted per run.
  const machineTmp = os.tmpdir();
  const ownBefore = new Set(ownTempEntries(machineTmp));
  const benchTmp = fs.mkdtempSync(path.join(machineTmp, 'catalog-bench-run-'));
  process.env.TMPDIR = benchTmp;
  try {
    log('copying and compiling the working tree');
    const compiled = createBaseWorkspace(root);
    base = compiled.workspace;
    typeErrors = compiled.compileErrors.length;
    if (compiled.compileErrors.length) log(`${compiled.compileErrors.length} type errors in the working tree (compiled anyway):\n${compiled.compileErrors.join('\n')}`);
    const realProducts = registeredProducts(base.root);
    for (const scenario of selected) {
      log(`preparing ${scenario.id} (${scenario.title})`);
      prepared.push(prepareScenario(base.root, scenario, realProducts, commits));
    }
    const registered = registeredCatalogCommands(prepared[0].workspace.root);
    const skipped = [...new Set(selected.flatMap((s) => s.commands))]
      .filter((id) => COMMANDS[id].needs !== undefined && !registered.has(COMMANDS[id].needs!))
      .map((command) => ({ command, reason: `\`catalog ${COMMANDS[command].needs}\` is not registered yet` }));
    for (const s of wanted.filter((w) => !selected.includes(w))) skipped.push({ command: `scenario ${s.id}`, reason: 'no --before <commit> given' });
    const workspaceNames = new Set(prepared.flatMap((p) => [path.basename(p.workspace.root), `${path.basename(p.workspace.root)}-fresh`]).concat(base ? [path.basename(base.root)] : []));

    const runs = new Map<string, Run[]>();
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      // Rotating the order spreads the machine's drift over all scenarios instead of the last ones.
      const order = prepared.map((_, i) => prepared[(i + repeat) % prepared.length]);
      for (const { scenario, workspace } of order) {
        for (const id of scenario.commands.filter((c) => !skipped.some((s) => s.command === c))) {
          if (COMMANDS[id].heavy && repeat >= options.heavyRepeats) continue;
          const { command, args } = COMMANDS[id].argv(workspace.root);
          COMMANDS[id].prepare?.(workspace.root);
          const entriesBefore = tempEntries(benchTmp);
          const measured = measure(command, args, workspace.root, { ...process.env, ...COMMANDS[id].env });
          const left = newTempEntries(benchTmp, entriesBefore, workspaceNames);
          removeEntries(benchTmp, left);
          const run = { ...measured, tempEntriesLeft: left.length };
          log(`run ${repeat + 1}/${options.repeats} ${scenario.id} ${id}: ${run.seconds.toFixed(2)} s, ${run.maxRssMiB?.toFixed(0) ?? '?'} MiB, exit ${run.exitCode}, ${left.length} temp entries left${left.length ? ` (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''})` : ''}`);
          if (run.exitCode !== 0) log(`its output: ${keepFailedOutput(`${scenario.id}-${id}-run${repeat + 1}`, measured)}`);
          runs.set(`${scenario.id} ${id}`, [...(runs.get(`${scenario.id} ${id}`) ?? []), run]);
        }
      }
    }

    const measurements = prepared.flatMap(({ scenario }) =>
      scenario.commands.filter((id) => runs.has(`${scenario.id} ${id}`)).map((id) => summarizeRuns(scenario.id, id, runs.get(`${scenario.id} ${id}`)!)),
    );
    const scenarios = prepared.map((p) => scenarioFigures(p, runs.get(`${p.scenario.id} synth`) ?? []));
    // Per scenario and verify command (cold: no result cache; warm: cache of earlier runs).
    const complete = prepared.flatMap(({ scenario }) =>
      ['verify-cold', 'verify'].flatMap((command) => {
        const timings = (runs.get(`${scenario.id} ${command}`) ?? []).map((r) => parseVerifyTimings(r.stdout));
        return timings.length > 0 && timings.every((t) => t !== undefined) ? [{ scenario: scenario.id, command, timings: timings as VerifyTimings[] }] : [];
      }),
    );
    const verifyChecks = complete.flatMap(({ scenario, command, timings }) => checkCosts(scenario, command, timings));
    const verifySplit = complete.map(({ scenario, command, timings }) => {
      const synthSeconds = median(timings.map((t) => t.synthSeconds));
      const checksSeconds = median(timings.map((t) => t.checksSeconds));
      return { scenario, command, synthSeconds, checksSeconds, ratio: checksSeconds / synthSeconds };
    });
    if (runs.has('default verify-cold') && !complete.some((c) => c.scenario === 'default')) {
      skipped.push({ command: 'verify per-check timings', reason: '`catalog verify --json` printed no timings (see the verify rows for its exit status)' });
    }
    const contractPerTemplate = contractFigures(runs.get('contract contract-per-template') ?? []);
    if (contractPerTemplate) log(`contract per template: median ${median(contractPerTemplate.map((t) => t.medianMs)).toFixed(1)} ms, max ${Math.max(...contractPerTemplate.map((t) => t.medianMs)).toFixed(1)} ms (${contractPerTemplate.find((t) => t.medianMs === Math.max(...contractPerTemplate.map((c) => c.medianMs)))?.template})`);
    const defaultWorkspace = prepared.find((p) => p.scenario.id === 'default')?.workspace;
    const profile = options.profile && defaultWorkspace && registered.has('build') ? profileCatalogBuild(defaultWorkspace.root) : undefined;
    return {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine,
      toolchainCommits: commits && { before: commits.before, after: commits.after },
      loadAverageAtEnd: Math.round(os.loadavg()[0] * 100) / 100,
      repeats: options.repeats,
      typeErrors,
      scenarios,
      measurements,
      skipped,
      verifyChecks,
      verifySplit,
      profile,
      contractPerTemplate,
      targets: judgeTargets(measurements, verifySplit),
    };
  } finally {
    process.env.TMPDIR = machineTmp;
    const workspaces = [...(base ? [base] : []), ...prepared.map((p) => p.workspace)];
    if (!options.keep) {
      workspaces.forEach(removeWorkspace);
      fs.rmSync(benchTmp, { recursive: true, force: true });
    } else log(`kept workspaces: ${workspaces.map((w) => w.root).join(' ')} (in ${benchTmp})`);
    const appeared = ownTempEntries(machineTmp).filter((name) => !ownBefore.has(name));
    // The machine is shared: another checkout's tests or benchmark may have created these, so they are named, not failed.
    if (appeared.length) log(`new entries in ${machineTmp} while the benchmark ran (not in its folder; maybe another checkout's): ${appeared.join(', ')}`);
  }
}

/** The contract timings each run printed (contract-timing.ts --json), merged: per template the median over the runs. */
function contractFigures(contractRuns: readonly { stdout: string }[]): BenchResults['contractPerTemplate'] {
  const parsed = contractRuns.map((r) => parseJson(r.stdout)).filter((p): p is ContractTiming[] => Array.isArray(p));
  if (parsed.length === 0) return undefined;
  return parsed[0].map((t) => ({ ...t, medianMs: median(parsed.map((p) => p.find((q) => q.template === t.template)?.medianMs ?? t.medianMs)) }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Products and versions as the scenario's own `catalog synth --json` counted them. */
function scenarioFigures(p: PreparedScenario, synthRuns: readonly Run[]): ScenarioFigures {
  const summary = synthRuns.map((r) => parseJson(r.stdout) as { templates?: { kind: string; name: string }[] } | undefined).find((s) => s?.templates);
  const products = summary?.templates?.filter((t) => t.kind === 'product') ?? [];
  return {
    id: p.scenario.id,
    title: p.scenario.title,
    products: new Set(products.map((t) => t.name)).size,
    productVersions: products.length,
    templates: summary?.templates?.length ?? 0,
  };
}

export function main(argv: string[]): number {
  const program = new Command('bench')
    .description('Measure how fast the catalog builds on this machine and how that grows with versions and products.')
    .option('--repeats <n>', 'runs of every measurement (the median is reported)', positiveInt, 3)
    .option('--heavy-repeats <n>', 'runs of the minutes-long commands (npm test, fresh clone); at most --repeats', positiveInt, 1)
    .option('--before <commit>', 'also compare the toolchain with this older commit (scenarios toolchain-before and toolchain-after)')
    .option('--scenarios <ids>', `comma-separated subset of: ${SCENARIOS.map((s) => s.id).join(', ')}`, scenarioList)
    .option('--report', 'also write docs/benchmark.md (the committed report) with the notes in scripts/bench/notes.md')
    .option('--no-profile', 'skip the CPU profile of catalog build')
    .option('--keep', 'keep the temporary copies of the repository')
    .option('--render <json>', 'measure nothing: rewrite docs/benchmark.md from a saved bench.json and the current notes')
    .parse(argv, { from: 'user' });
  const options = program.opts<BenchOptions & { render?: string }>();
  const root = repoRoot();
  if (options.render) {
    // The saved figures, judged by the current targets (a target added since the run is judged on its figures too).
    const saved = JSON.parse(fs.readFileSync(options.render, 'utf8')) as BenchResults;
    writeReport(root, { ...saved, targets: judgeTargets(saved.measurements, saved.verifySplit) });
    return 0;
  }
  const results = runBenchmark(options);
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results', 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderText(results)}\n\nwrote bench-results/bench.json\n`);
  if (options.report) writeReport(root, results);
  // The catalog must at least synthesize in every scenario; missed targets are reported, not failures.
  return results.measurements.some((m) => m.command === 'synth' && m.failures > 0) ? 1 : 0;
}

function writeReport(root: string, results: BenchResults): void {
  const notesFile = path.join(root, 'scripts', 'bench', 'notes.md');
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
  fs.writeFileSync(path.join(root, 'docs', 'benchmark.md'), renderMarkdown(results, notes));
  process.stdout.write('wrote docs/benchmark.md\n');
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
