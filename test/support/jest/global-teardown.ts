import * as fs from 'fs';
import * as path from 'path';
import { BEFORE_FILE } from './global-setup';
import { MACHINE_TMPDIR_ENV, RUN_ROOT_ENV, listTree, ownTempEntries } from './temp-root';

/**
 * Jest global teardown: the run must leave nothing in the temporary directory. Every test file's folder is removed by
 * the test environment; anything else in the run's folder was written outside a test file (or by a process that
 * outlived it) and fails the run, named. New `catalog-test-*` / `bench-*` entries in the machine's temporary
 * directory are reported as a warning, not a failure: the machine is shared, and another checkout's run (or a
 * benchmark) may be creating its own at the same time; ours all go through os.tmpdir(), which is the run's folder.
 */
export default function globalTeardown(): void {
  const runRoot = process.env[RUN_ROOT_ENV];
  const machineTmp = process.env[MACHINE_TMPDIR_ENV];
  if (!runRoot || !machineTmp) return;
  const before = new Set(JSON.parse(fs.readFileSync(path.join(runRoot, BEFORE_FILE), 'utf8')) as string[]);
  const leftInRun = listTree(runRoot).filter((entry) => entry !== BEFORE_FILE);
  fs.rmSync(runRoot, { recursive: true, force: true });
  // The folder is gone: a next run in this process (watch mode) starts from the machine's temporary directory again.
  process.env.TMPDIR = machineTmp;
  const newInMachineTmp = ownTempEntries(machineTmp).filter((name) => !before.has(name) && path.join(machineTmp, name) !== runRoot);
  if (newInMachineTmp.length) {
    const named = newInMachineTmp.slice(0, 10).join(', ') + (newInMachineTmp.length > 10 ? `, … (${newInMachineTmp.length} in all)` : '');
    process.stderr.write(`warning: new entries in ${machineTmp} during the test run (this run's or another's on the same machine): ${named}\n`);
  }
  if (leftInRun.length) {
    throw new Error(`the test run left ${leftInRun.length} entr${leftInRun.length === 1 ? 'y' : 'ies'} in its temporary folder ${runRoot} (written outside a test file's own folder, or by a process that outlived it):\n  ${leftInRun.join('\n  ')}`);
  }
}
