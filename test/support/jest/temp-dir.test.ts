import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tempDir } from '../catalog';
import { FILE_DIR_PREFIX, RUN_ROOT_ENV, RUN_ROOT_PREFIX, ownTempEntries } from './temp-root';

// The jest setup itself (global-setup.ts, temp-dir-environment.ts, global-teardown.ts): what a test file writes to
// the temporary directory is in a folder of its own, inside the run's folder, and so is what its child processes write.
describe('temporary files of a test file', () => {
  const runRoot = process.env[RUN_ROOT_ENV]!;

  test('os.tmpdir() is a folder of this test file inside the run folder, not the machine temporary directory', () => {
    expect(path.basename(runRoot)).toMatch(new RegExp(`^${RUN_ROOT_PREFIX}`));
    expect(path.dirname(os.tmpdir())).toBe(runRoot);
    expect(path.basename(os.tmpdir())).toMatch(new RegExp(`^${FILE_DIR_PREFIX}\\w{6}$`));
  });

  test('tempDir() and child processes write there too', () => {
    const dir = tempDir();
    expect(path.dirname(dir)).toBe(os.tmpdir());
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], { encoding: 'utf8' });
    expect(child.stdout).toBe(os.tmpdir());
    fs.writeFileSync(path.join(dir, 'left-on-purpose.txt'), 'removed with the folder after this file');
  });

  test('the names of what the tests and the benchmark create are what the teardown looks for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
    for (const name of ['catalog-test-a', 'catalog-bench-default-b', 'bench-versions-c', 'catalog-jest-d', 'cdk.outXYZ', 'other']) fs.mkdirSync(path.join(dir, name));
    expect(ownTempEntries(dir).sort()).toEqual(['bench-versions-c', 'catalog-bench-default-b', 'catalog-jest-d', 'catalog-test-a']);
  });
});
