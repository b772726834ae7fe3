import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MACHINE_TMPDIR_ENV, RUN_ROOT_ENV, RUN_ROOT_PREFIX, ownTempEntries } from './temp-root';

/** Entries of ours in the machine's temporary directory before the run; the teardown reports new ones. */
export const BEFORE_FILE = 'own-entries-before.json';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Jest global setup: dist/ compiled from the sources under test (`npm run compile`, under a second: the CDK CLI test
 * runs cdk.json's app from dist/, and the portfolio stacks package their Lambda handlers from it), so a bare `npx jest`
 * needs no build first; then one temporary folder for the whole run (see temp-root.ts). Workers start after it and
 * inherit TMPDIR.
 */
export default function globalSetup(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'compile.js')], { cwd: ROOT, stdio: 'inherit' });
  const machineTmp = process.env[MACHINE_TMPDIR_ENV] ?? os.tmpdir();
  const runRoot = fs.mkdtempSync(path.join(machineTmp, RUN_ROOT_PREFIX));
  fs.writeFileSync(path.join(runRoot, BEFORE_FILE), JSON.stringify(ownTempEntries(machineTmp)));
  process.env[MACHINE_TMPDIR_ENV] = machineTmp;
  process.env[RUN_ROOT_ENV] = runRoot;
  process.env.TMPDIR = runRoot;
}
