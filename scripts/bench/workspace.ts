import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A temporary copy of the repository for one benchmark scenario: sources, compiled `dist/`, products and config,
 * with `node_modules` symlinked. Scenarios change releases and registries only there, and every command writes
 * its outputs (cdk.out, docs) there — never into the working tree others are editing.
 */
export interface Workspace {
  readonly name: string;
  readonly root: string;
}

/** Top-level entries not copied: dependencies (symlinked instead), history and build outputs. */
const NOT_COPIED = new Set(['node_modules', '.git', 'cdk.out', 'coverage', 'bench-results']);

export function createWorkspace(repoRoot: string, name: string, parent = os.tmpdir()): Workspace {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'scripts', 'catalog.js'))) {
    throw new Error(`${repoRoot}/dist/scripts/catalog.js is missing: run \`npm run build\` first (npm run bench does)`);
  }
  const root = fs.mkdtempSync(path.join(parent, `catalog-bench-${name}-`));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (NOT_COPIED.has(entry)) continue;
    fs.cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return { name, root };
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
