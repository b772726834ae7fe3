import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freshCloneOf, FRESH_SUFFIX } from './toolchain';

/** A command the benchmark times, run in a workspace (a temporary copy of the repository). */
export interface BenchCommand {
  readonly id: string;
  readonly title: string;
  /** The `catalog` sub-command it needs; the command is skipped (with a note) where that is not registered yet. */
  readonly needs?: string;
  readonly argv: (root: string) => { command: string; args: string[] };
  /** Untimed step before each run. */
  readonly prepare?: (root: string) => void;
  /** Added to the environment of the run. */
  readonly env?: Readonly<Record<string, string>>;
  /** Minutes rather than seconds (`npm test`, a fresh install): run only in the first `--heavy-repeats` repetitions. */
  readonly heavy?: boolean;
}

/**
 * The product file the "one-line edit" scenarios change: one line of code appended (an unused export, so the compiled
 * JavaScript changes and `npm start` must build again, but the template stays the same and no release is needed).
 */
export const EDITED_PRODUCT_FILE = path.join('products', 'public-ip', 'public-ip-product.ts');

/**
 * Verify keeps the raw results of unchanged templates (keyed by their SHA-256) in `node_modules/.cache/` of the
 * workspace (scripts/verify/result-cache.ts); `CATALOG_VERIFY_CACHE=off` turns that off. Released snapshots never
 * change, so a warm cache is what every build after the first sees; a cold run is CI without a cache.
 */
const COLD = { CATALOG_VERIFY_CACHE: 'off' };

export function verifyCacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'agent-network-catalog');
}

/** Fills the workspace's verify cache once (untimed), so warm runs are warm from the first repetition. */
function warmVerifyCache(root: string): void {
  if (fs.existsSync(verifyCacheDir(root))) return;
  const { command, args } = catalog(root, 'verify', '--json');
  spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

const catalog = (root: string, ...args: string[]) => ({ command: process.execPath, args: [path.join(root, 'dist', 'scripts', 'catalog.js'), ...args] });

export const COMMANDS: Record<string, BenchCommand> = {
  startup: { id: 'startup', title: '`catalog --help` (loading the CLI)', argv: (root) => catalog(root, '--help') },
  synth: { id: 'synth', title: '`catalog synth` (bare synthesis)', needs: 'synth', argv: (root) => catalog(root, 'synth', '--json') },
  'verify-cold': { id: 'verify-cold', title: '`catalog verify` without a result cache', needs: 'verify', env: COLD, argv: (root) => catalog(root, 'verify', '--json') },
  verify: {
    id: 'verify',
    title: '`catalog verify` with the result cache of earlier runs',
    needs: 'verify',
    prepare: warmVerifyCache,
    argv: (root) => catalog(root, 'verify', '--json'),
  },
  docs: { id: 'docs', title: '`catalog docs`', needs: 'docs', argv: (root) => catalog(root, 'docs') },
  build: { id: 'build', title: '`catalog build` (what `npm start` runs after compiling), verify cache warm', needs: 'build', prepare: warmVerifyCache, argv: (root) => catalog(root, 'build') },
  'build-cold': { id: 'build-cold', title: '`catalog build` without a verify cache', needs: 'build', env: COLD, argv: (root) => catalog(root, 'build') },
  'npm-start': {
    id: 'npm-start',
    title: '`npm start` (compile + build) with no source changed since the last compile, verify cache warm',
    needs: 'build',
    prepare: warmVerifyCache,
    argv: () => npmStart(),
  },
  'npm-start-edited': {
    id: 'npm-start-edited',
    title: '`npm start` right after a one-line code edit of a product file (an unused export appended to products/public-ip/public-ip-product.ts: the compiled code changes, the template does not)',
    needs: 'build',
    argv: () => npmStart(),
    prepare: (root) => {
      warmVerifyCache(root);
      fs.appendFileSync(path.join(root, EDITED_PRODUCT_FILE), `export const benchmarkEdit${Date.now()} = '${new Date().toISOString()}';\n`);
    },
  },
  'contract-per-template': {
    id: 'contract-per-template',
    title: '`catalog contract` analysis per template, in process: CPU ms, median of 7 runs, each current template and released snapshot (issue 13: under 100 ms each)',
    argv: (root) => ({ command: process.execPath, args: [path.join(root, 'dist', 'scripts', 'bench', 'contract-timing.js'), '7', '--json'] }),
  },
  'npm-test': {
    id: 'npm-test',
    title: '`npm test` as the README runs it (type check, lint, jest); the first run in a clone also fills the compiler and jest caches',
    heavy: true,
    argv: () => ({ command: npm(), args: ['test', '--silent'] }),
  },
  'fresh-clone': {
    id: 'fresh-clone',
    title: '`npm ci && npm start` in a new `git clone` of the scenario (no node_modules, no dist, no verify cache; the clone itself is not timed)',
    heavy: true,
    prepare: (root) => {
      freshCloneOf(root);
    },
    argv: (root) => ({ command: 'sh', args: ['-c', 'cd "$1" && npm ci --no-audit --no-fund --loglevel=error && npm start --silent', 'sh', `${root}${FRESH_SUFFIX}`] }),
  },
};

const npm = () => (process.platform === 'win32' ? 'npm.cmd' : 'npm');

function npmStart() {
  return { command: npm(), args: ['start', '--silent'] };
}

/** The `catalog` sub-commands registered in a workspace, read from `catalog --help`. */
export function registeredCatalogCommands(root: string): Set<string> {
  const { command, args } = catalog(root, '--help');
  const help = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`catalog --help failed in ${root}:\n${help.stderr}`);
  return parseHelpCommands(help.stdout);
}

/** Command names from commander's help ("Commands:" section, one `  name [options] ...  description` per line). */
export function parseHelpCommands(help: string): Set<string> {
  const section = help.split(/^Commands:\s*$/m)[1] ?? '';
  const names = section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
  return new Set(names);
}
