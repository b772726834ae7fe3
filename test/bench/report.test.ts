import { parseHelpCommands } from '../../scripts/bench/commands';
import { formatTarget, markdownTable, renderMarkdown, renderText } from '../../scripts/bench/report';
import { judgeTargets, summarizeRuns, type BenchResults } from '../../scripts/bench/results';

const run = (seconds: number, maxRssMiB = 130, exitCode = 0) => ({ seconds, maxRssMiB, cpuSeconds: seconds / 2, exitCode, stdout: '', stderr: exitCode ? 'catalog: boom' : '' });

const measurements = [
  summarizeRuns('default', 'synth', [run(2.0), run(2.4), run(1.9)]),
  summarizeRuns('default', 'verify-cold', [run(6.0), run(6.4), run(6.2)]),
  summarizeRuns('default', 'verify', [run(2.6), run(3.0), run(2.8)]),
  summarizeRuns('default', 'build', [run(3.5), run(3.1), run(3.3)]),
  summarizeRuns('default', 'npm-start', [run(16, 843, 2), run(15.5, 840), run(17, 845)]),
  summarizeRuns('versions-1', 'build', [run(3.0), run(3.0), run(3.0)]),
  summarizeRuns('versions-50', 'build', [run(3.9), run(3.6), run(3.3)]),
  summarizeRuns('versions-1', 'verify-cold', [run(6.0), run(6.0), run(6.0)]),
  summarizeRuns('versions-50', 'verify-cold', [run(24), run(24), run(24)]),
];

const verifySplit = [
  { scenario: 'default', command: 'verify-cold', synthSeconds: 2, checksSeconds: 4, ratio: 2 },
  { scenario: 'default', command: 'verify', synthSeconds: 2, checksSeconds: 0.7, ratio: 0.35 },
];

const results: BenchResults = {
  date: '2026-11-28T20:35:00Z',
  machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 23.5, loadAverage1m: 1.5, os: 'Linux 6 x64', node: 'v20.20.2', commit: 'abc1234', dirtyFiles: 0 },
  loadAverageAtEnd: 2.5,
  repeats: 3,
  typeErrors: 0,
  scenarios: [
    { id: 'default', title: 'as is', products: 2, productVersions: 3, templates: 5 },
    { id: 'versions-1', title: '1', products: 2, productVersions: 2, templates: 4 },
    { id: 'versions-50', title: '50', products: 2, productVersions: 100, templates: 102 },
  ],
  measurements,
  skipped: [{ command: 'docs', reason: '`catalog docs` is not registered yet' }],
  verifyChecks: [{ scenario: 'default', command: 'verify-cold', check: 'control-tower', seconds: 0.5, startupSeconds: 0.1, templates: 5, msPerTemplate: 80 }],
  verifySplit,
  targets: judgeTargets(measurements, verifySplit),
};

describe('benchmark results', () => {
  test('medians, peak memory and failures per scenario and command', () => {
    const npmStart = measurements.find((m) => m.command === 'npm-start')!;
    expect(npmStart).toMatchObject({ scenario: 'default', command: 'npm-start', medianSeconds: 16, medianCpuSeconds: 8, maxRssMiB: 845, failures: 1, firstError: 'catalog: boom' });
  });

  test('targets are judged on the medians', () => {
    expect(results.targets.map(formatTarget)).toEqual([
      ['`npm start` on the default catalog <= 15 s', 'npm start, no source changed, median s', '15', '16.00', 'MISSED', '8.00', 'met'],
      ['`npm start` on the default catalog <= 15 s (after an edit)', 'npm start after a source changed, median s', '15', 'not measured', 'n/a', 'not measured', 'n/a'],
      ['`catalog build` on the default catalog <= 15 s', 'catalog build, verify cache warm, median s', '15', '3.30', 'met', '1.65', 'met'],
      ['`catalog build` on the default catalog <= 15 s (cold)', 'catalog build without a verify cache, median s', '15', 'not measured', 'n/a', 'not measured', 'n/a'],
      [
        'verify <= 50 % of synth (no cache)',
        'default catalog, verify-cold; wall: checks / synthesis inside one process; cpu: (verify - synth) / synth commands',
        '50 %',
        '200 %',
        'MISSED',
        '210 %',
        'MISSED',
      ],
      [
        'verify <= 50 % of synth (warm cache)',
        'default catalog, verify; wall: checks / synthesis inside one process; cpu: (verify - synth) / synth commands',
        '50 %',
        '35 %',
        'met',
        '40 %',
        'met',
      ],
      ['50 versions per product cost <= 20 % more than 1', 'catalog build (verify cache warm), versions-50 / versions-1 - 1', '20 %', '20 %', 'met', '20 %', 'met'],
      ['50 versions per product cost <= 20 % more than 1 (verify, no cache)', 'catalog verify without a cache, versions-50 / versions-1 - 1', '20 %', '300 %', 'MISSED', '300 %', 'MISSED'],
      ['50 versions per product cost <= 20 % more than 1 (synth alone)', 'catalog synth, versions-50 / versions-1 - 1', '20 %', 'not measured', 'n/a', 'not measured', 'n/a'],
      ['peak memory <= 1 GiB', 'largest peak RSS of any catalog run (not the toolchain scenarios), MiB', '1024', '845', 'met', '845', 'met'],
    ]);
  });
});

describe('benchmark report', () => {
  test('text table: one aligned row per scenario and command', () => {
    const text = renderText(results);
    expect(text).toContain('Benchmark 2026-11-28T20:35:00Z on 2 CPUs (AMD EPYC), 23.5 GiB, Node v20.20.2, load 1.5 -> 2.5; median of 3 interleaved runs');
    expect(text).toMatch(/^default +2 +3 +npm-start +16\.00 +15\.50-17\.00 +8\.00 +845 +1 failed$/m);
    expect(text).toMatch(/^versions-50 +2 +100 +build +3\.60 +3\.30-3\.90 +1\.80 +130 +ok$/m);
    expect(text).toMatch(/^default +verify-cold +control-tower +0\.500 +0\.100 +5 +80\.0$/m);
    expect(text).toMatch(/^default +verify +2\.00 +0\.70 +35 %$/m);
    expect(text).toMatch(/^default +verify-cold +2\.00 +4\.00 +200 %$/m);
    expect(text).toContain('skipped docs: `catalog docs` is not registered yet');
  });

  test('markdown: machine, targets and measurements, then the notes', () => {
    const md = renderMarkdown(results, '## Notes\n\nBefore/after.\n');
    expect(md).toContain('Machine: 2 CPUs (AMD EPYC), 23.5 GiB RAM, Linux 6 x64, Node v20.20.2; load average 1.5 at start, 2.5 at end; commit abc1234 with 0 uncommitted files in the working tree (0 type errors).');
    expect(md).toContain('| default | 2 | 3 | synth | 2.00 | 1.90-2.40 | 1.00 | 130 | ok |');
    expect(md).toContain('| peak memory <= 1 GiB | largest peak RSS of any catalog run (not the toolchain scenarios), MiB | 1024 | 845 | met | 845 | met |');
    expect(md.endsWith('## Notes\n\nBefore/after.\n')).toBe(true);
  });

  test('markdown cells escape pipes and newlines', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 'one\ntwo']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | one two |');
  });
});

describe('registered catalog commands', () => {
  test('read from the Commands section of `catalog --help`', () => {
    const help = [
      'Usage: catalog [options] [command]',
      '',
      'Options:',
      '  --config <file>   catalog configuration file',
      '',
      'Commands:',
      '  build [options]                   Synthesize the catalog.',
      '  release [options] <product> <version>  Record a new version',
      '  help [command]                    display help for command',
    ].join('\n');
    expect([...parseHelpCommands(help)]).toEqual(['build', 'release']);
  });
});
