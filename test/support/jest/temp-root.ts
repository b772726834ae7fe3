import * as fs from 'fs';
import * as path from 'path';
import { OWN_TEMP_ENTRY, ownTempEntries } from '../../../scripts/bench/temp-entries';

export { OWN_TEMP_ENTRY, ownTempEntries };

/**
 * Where a test run keeps its temporary files. Jest's global setup makes one folder per run in the machine's temporary
 * directory and points TMPDIR at it; the test environment (temp-dir-environment.ts) gives every test file its own
 * folder inside and removes it after the file, so `os.tmpdir()` — in tests, in the code under test and in every child
 * process they spawn (CDK CLI, cfn-lint, `catalog`) — is a folder that is gone when the file is done. The global
 * teardown then fails the run if anything is left.
 */
// Short on purpose: Chromium (test/docs/mermaid-browser.test.ts) puts a Unix socket in the temporary directory, and a
// socket path may not exceed 107 bytes, even under the benchmark's own folder (/tmp/catalog-bench-run-XXXXXX/).
export const RUN_ROOT_PREFIX = 'catalog-jest-';
export const FILE_DIR_PREFIX = 'f-';
/** Set by the global setup: the temporary directory of the machine, before TMPDIR was redirected. */
export const MACHINE_TMPDIR_ENV = 'CATALOG_TEST_MACHINE_TMPDIR';
/** Set by the global setup: the run's folder. */
export const RUN_ROOT_ENV = 'CATALOG_TEST_RUN_ROOT';

/** Every entry under `dir`, as paths relative to it (to name what a test file left behind). */
export function listTree(dir: string, limit = 20): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (found.length >= limit) return;
      const full = path.join(d, entry.name);
      found.push(path.relative(dir, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found;
}
