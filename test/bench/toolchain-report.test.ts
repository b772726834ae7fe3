import * as fs from 'fs';
import * as path from 'path';
import { renderMarkdown, toolchainRows } from '../../scripts/bench/report';
import { judgeTargets, summarizeRuns, type BenchResults } from '../../scripts/bench/results';
import { newTempEntries, removeEntries, tempEntries } from '../../scripts/bench/temp-entries';
import { tempDir } from '../support/catalog';

const run = (seconds: number, tempEntriesLeft = 0) => ({ seconds, cpuSeconds: seconds, maxRssMiB: 1200, exitCode: 0, tempEntriesLeft, stdout: '', stderr: '' });

const measurements = [
  summarizeRuns('toolchain-before', 'npm-test', [run(150, 302)]),
  summarizeRuns('toolchain-after', 'npm-test', [run(70)]),
  summarizeRuns('toolchain-before', 'npm-start', [run(3.6), run(3.7), run(3.5)]),
  summarizeRuns('toolchain-after', 'npm-start', [run(0.6), run(3.8), run(0.6)]),
  summarizeRuns('toolchain-before', 'npm-start-edited', [run(15)]),
  summarizeRuns('toolchain-after', 'npm-start-edited', [run(3)]),
  summarizeRuns('toolchain-after', 'fresh-clone', [run(36)]),
  summarizeRuns('default', 'synth', [{ ...run(2), maxRssMiB: 150 }]),
];

const results: BenchResults = {
  date: '2026-12-03T08:00:00Z',
  machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 23.5, loadAverage1m: 4, os: 'Linux', node: 'v20.20.2', commit: 'f877283', dirtyFiles: 0 },
  toolchainCommits: { before: '052cb78aaaaaaa', after: 'f877283bbbbbbb' },
  loadAverageAtEnd: 4,
  repeats: 3,
  typeErrors: 0,
  scenarios: [],
  measurements,
  skipped: [],
  verifyChecks: [],
  verifySplit: [],
  targets: judgeTargets(measurements),
};

describe('toolchain comparison in the benchmark report', () => {
  test('before and after side by side, with the ratio and the temporary entries each side left', () => {
    expect(toolchainRows(results)).toEqual([
      ['npm-test', '1', '150.00', '70.00', '0.47 x', '150.00', '70.00', '302', '0'],
      ['npm-start', '3', '3.60', '0.60', '0.17 x', '3.60', '0.60', '0', '0'],
      ['npm-start-edited', '1', '15.00', '3.00', '0.20 x', '15.00', '3.00', '0', '0'],
      ['fresh-clone', '1', 'n/a', '36.00', 'n/a', 'n/a', '36.00', 'n/a', '0'],
    ]);
    expect(renderMarkdown(results, '')).toContain('The same commands in a clone at 052cb78 (before) and one at f877283 (after)');
  });

  test("issue 17's targets are judged on the after side; peak memory only on the catalog's own commands", () => {
    const byTarget = new Map(results.targets.map((t) => [t.target, t]));
    expect(byTarget.get('`npm test` <= 0.5 x before')).toMatchObject({ wall: 70 / 150, limit: 0.5 });
    expect(byTarget.get('`npm start` with nothing changed <= 2 s')).toMatchObject({ wall: 0.6, limit: 2 });
    expect(byTarget.get('`npm start` after a one-line edit of a product file <= 6 s')).toMatchObject({ wall: 3, limit: 6 });
    expect(byTarget.get('`npm ci && npm start` on a fresh clone <= 25 s')).toMatchObject({ wall: 36, limit: 25 });
    expect(byTarget.get('0 entries left in the temporary directory')).toMatchObject({ wall: 0, limit: 0, unit: 'count' });
    expect(byTarget.get('peak memory <= 1 GiB')?.wall).toBe(150);
  });
});

describe('temporary entries a command leaves', () => {
  test('new entries are counted and removed; the workspaces and jest cache are not', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'catalog-bench-after-x'));
    const before = tempEntries(dir);
    for (const name of ['catalog-test-1', 'cdk.outAbc', 'jest_0', 'catalog-bench-after-x-fresh']) fs.mkdirSync(path.join(dir, name));
    const left = newTempEntries(dir, before, new Set(['catalog-bench-after-x', 'catalog-bench-after-x-fresh']));
    expect(left).toEqual(['catalog-test-1', 'cdk.outAbc']);
    removeEntries(dir, left);
    expect([...tempEntries(dir)].sort()).toEqual(['catalog-bench-after-x', 'catalog-bench-after-x-fresh', 'jest_0']);
  });
});
