import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MACHINE_TMPDIR_ENV, RUN_ROOT_ENV, RUN_ROOT_PREFIX, ownTempEntries } from './temp-root';

/** Entries of ours in the machine's temporary directory before the run; the teardown reports new ones. */
export const BEFORE_FILE = 'own-entries-before.json';

/** Jest global setup: one temporary folder for the whole run (see temp-root.ts). Workers start after it and inherit TMPDIR. */
export default function globalSetup(): void {
  const machineTmp = process.env[MACHINE_TMPDIR_ENV] ?? os.tmpdir();
  const runRoot = fs.mkdtempSync(path.join(machineTmp, RUN_ROOT_PREFIX));
  fs.writeFileSync(path.join(runRoot, BEFORE_FILE), JSON.stringify(ownTempEntries(machineTmp)));
  process.env[MACHINE_TMPDIR_ENV] = machineTmp;
  process.env[RUN_ROOT_ENV] = runRoot;
  process.env.TMPDIR = runRoot;
}
