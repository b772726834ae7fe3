import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MACHINE_TMPDIR_ENV } from './temp-root';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A jest run of its own, with this repository's configuration, over test/fixtures/jest-temp/, inside this file's temporary folder. */
function runFixture(env: Record<string, string>) {
  const machineTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'machine-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.config.js is CommonJS, read as jest reads it
  const config = { ...require(path.join(ROOT, 'jest.config.js')), rootDir: ROOT, roots: ['<rootDir>/test/fixtures/jest-temp'], testMatch: ['**/*.fixture.ts'] };
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--config', JSON.stringify(config), '--runInBand', '--ci'], {
    cwd: ROOT,
    env: { ...process.env, [MACHINE_TMPDIR_ENV]: machineTmp, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr, machineTmp };
}

describe('the teardown check of the test run', () => {
  test('a run whose test files write only in their own temporary folders passes and leaves nothing', () => {
    const { status, output, machineTmp } = runFixture({});
    expect([status, output]).toEqual([0, expect.stringContaining('1 passed')]);
    expect(fs.readdirSync(machineTmp)).toEqual([]);
  }, 60_000);

  test('a run that leaves a file in the run folder fails and names it', () => {
    const { status, output, machineTmp } = runFixture({ LEAK_OUTSIDE_FILE_FOLDER: '1' });
    expect(status).not.toBe(0);
    expect(output).toMatch(/the test run left 1 entry in its temporary folder .*catalog-jest-\w+ .*\n\s+leaked\.txt/);
    expect(fs.readdirSync(machineTmp)).toEqual([]);
  }, 60_000);
});
