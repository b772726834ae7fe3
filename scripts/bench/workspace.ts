import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A temporary copy of the repository for one benchmark scenario: sources, compiled `dist/`, products and config,
 * with the installed packages symlinked. Scenarios change releases and registries only there, and every command writes
 * its outputs (cdk.out, docs) there — never into the working tree others are editing.
 */
export interface Workspace {
  readonly name: string;
  readonly root: string;
}

/** Top-level entries not copied: dependencies (symlinked instead), history and build outputs. */
const NOT_COPIED = new Set(['node_modules', '.git', 'cdk.out', 'coverage', 'bench-results']);

/** The name and folder a workspace will have, not created yet (a clone is made there). */
export function emptyWorkspace(name: string, parent = os.tmpdir()): Workspace {
  const reserved = fs.mkdtempSync(path.join(parent, `catalog-bench-${name}-`));
  fs.rmdirSync(reserved);
  return { name, root: reserved };
}

export function createWorkspace(source: string, name: string, parent = os.tmpdir()): Workspace {
  const root = fs.mkdtempSync(path.join(parent, `catalog-bench-${name}-`));
  for (const entry of fs.readdirSync(source)) {
    if (NOT_COPIED.has(entry)) continue;
    fs.cpSync(path.join(source, entry), path.join(root, entry), { recursive: true, preserveTimestamps: true });
  }
  linkDependencies(path.join(source, 'node_modules'), path.join(root, 'node_modules'));
  return { name, root };
}

/**
 * The workspace's own `node_modules/` folder with a symlink to each installed package, but no shared `.cache/`: verify
 * caches results there (scripts/verify/result-cache.ts), and each scenario must fill its own cache, never the tree's.
 */
function linkDependencies(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from)) {
    if (entry === '.cache') continue;
    const target = fs.realpathSync(path.join(from, entry));
    fs.symlinkSync(target, path.join(to, entry), fs.statSync(target).isDirectory() ? 'dir' : 'file');
  }
}

/**
 * The copy every scenario starts from: the working tree as it is now, compiled there. Others edit the tree while
 * the benchmark runs, so `dist/` is compiled from the copied sources (incrementally, from the copied build info)
 * rather than taken from the tree: sources and compiled code of a workspace always match, and `npm start` in it
 * recompiles the same sources. It compiles as `npm run compile` does (esbuild, no type check: npm test checks types),
 * so only syntax errors can show up; older trees without compile.js use tsc, which emits despite type errors. Both are returned.
 */
export function createBaseWorkspace(repoRoot: string): { workspace: Workspace; compileErrors: string[] } {
  const workspace = createWorkspace(repoRoot, 'base');
  // `npm run compile` (esbuild, no type check; npm test checks types) where the tree has it, else tsc, which emits anyway.
  const compile = fs.existsSync(path.join(workspace.root, 'compile.js'))
    ? [path.join(workspace.root, 'compile.js')]
    : [require.resolve('typescript/bin/tsc', { paths: [repoRoot] }), '-p', '.'];
  const result = spawnSync(process.execPath, compile, { cwd: workspace.root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!fs.existsSync(path.join(workspace.root, 'dist', 'scripts', 'catalog.js'))) {
    throw new Error(`compiling the copy of the working tree in ${workspace.root} produced no dist/scripts/catalog.js:\n${result.stdout}${result.stderr}`);
  }
  return { workspace, compileErrors: `${result.stdout}${result.stderr}`.split('\n').filter((l) => /error TS\d+|✘ \[ERROR\]/.test(l)) };
}

export function removeWorkspace(workspace: Workspace): void {
  fs.rmSync(workspace.root, { recursive: true, force: true });
}

/** Ids of the products a workspace holds releases for (folders with a releases.json). */
export function releasedProductIds(root: string): string[] {
  const products = path.join(root, 'products');
  return fs
    .readdirSync(products)
    .filter((d) => fs.existsSync(path.join(products, d, 'releases.json')))
    .sort();
}
