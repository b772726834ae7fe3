import * as fs from 'fs';
import * as path from 'path';

/**
 * What commands leave in the temporary directory. The benchmark points TMPDIR at a folder of its own, lists it before
 * and after every measured command, counts what is new (`catalog-test-*` folders of a test run, `cdk.out*` of the CDK,
 * …) and removes it, so one command's leftovers are not the next one's.
 */

/** Jest's transform cache (`jest_<uid>`): a cache the next run reads, not something a test forgot. */
const CACHES = /^jest_/;

/** Names of temporary entries this repository's tests and benchmark create. */
export const OWN_TEMP_ENTRY = /^(catalog-test-|catalog-bench-|bench-|catalog-jest-)/;

export function tempEntries(dir: string): Set<string> {
  return new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
}

/** Entries of `dir` that were not there `before`, other than the benchmark's own workspaces and caches. */
export function newTempEntries(dir: string, before: ReadonlySet<string>, workspaces: ReadonlySet<string>): string[] {
  return [...tempEntries(dir)].filter((name) => !before.has(name) && !workspaces.has(name) && !CACHES.test(name)).sort();
}

export function removeEntries(dir: string, names: readonly string[]): void {
  for (const name of names) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

export function ownTempEntries(dir: string): string[] {
  return [...tempEntries(dir)].filter((name) => OWN_TEMP_ENTRY.test(name));
}
