import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../products/shared/repo-root';

/**
 * Synthesized fixtures shared by every test file of a run and by later runs, so a template many files read is built
 * once, not once per file. An entry belongs to the exact sources it was built from: the key hashes every file of
 * config/, products/, portfolios/ and scripts/ (code, release records, snapshots, data), the lockfile, cdk.json and
 * tsconfig.json, plus the fixture's own arguments. Any edit there gives new keys; nothing stale can be read.
 * Entries are written through a temporary file and a rename (two jest workers may build the same one at once).
 * `CATALOG_TEST_FIXTURE_CACHE=off` builds every fixture in place.
 */
const SOURCE_FOLDERS = ['config', 'products', 'portfolios', 'scripts'];
const SOURCE_FILES = ['package-lock.json', 'cdk.json', 'tsconfig.json'];

let sources: string | undefined;

function sourcesHash(root: string): string {
  if (sources) return sources;
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(`${path.relative(root, full)}\0`).update(fs.readFileSync(full));
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(path.join(root, folder));
  for (const file of SOURCE_FILES) hash.update(`${file}\0`).update(fs.readFileSync(path.join(root, file)));
  sources = hash.digest('hex');
  return sources;
}

export function fixtureCacheDir(root = repoRoot()): string {
  return path.join(root, 'node_modules', '.cache', 'agent-network-catalog', 'test-fixtures');
}

/** The JSON value `build()` returns for `key`, from the cache when these sources built it before; a fresh copy each call. */
export function cachedJson<T>(kind: string, key: unknown, build: () => T): T {
  if (process.env.CATALOG_TEST_FIXTURE_CACHE === 'off') return build();
  const root = repoRoot();
  const id = crypto.createHash('sha256').update(sourcesHash(root)).update(kind).update(JSON.stringify(key)).digest('hex');
  const file = path.join(fixtureCacheDir(root), `${kind}-${id.slice(0, 32)}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    // Not built yet for these sources.
  }
  const value = build();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value));
  fs.renameSync(temporary, file);
  return JSON.parse(JSON.stringify(value)) as T;
}
