import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Workspace } from './workspace';

/**
 * The toolchain comparison: the same developer commands (`npm test`, `npm start`, a fresh clone's `npm ci && npm
 * start`) in two clones of the repository, one at an older commit ("before", e.g. the commit before the toolchain
 * changed) and one at HEAD ("after"), measured interleaved in one run so their ratio means something on a shared
 * machine. Each side has its own `npm ci`, because the two toolchains have different dependencies (ts-jest before,
 * esbuild after); uncommitted changes of the working tree are not in either clone.
 */
export type ToolchainSide = 'before' | 'after';

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });

export function resolveCommit(repoRoot: string, rev: string): string {
  try {
    return run('git', ['rev-parse', '--verify', `${rev}^{commit}`], repoRoot).trim();
  } catch {
    throw new Error(`--before: '${rev}' is not a commit of ${repoRoot}; allowed: any revision git rev-parse accepts (a hash, a branch, HEAD~3)`);
  }
}

/** The side's checkout folder, for the fresh-clone command to clone from. */
export const FRESH_SUFFIX = '-fresh';

/**
 * Clones `repoRoot` at `commit` into `root` (a new folder), installs it with `npm ci` and runs `npm start` once, so
 * `dist/` and the verify cache exist as after a developer's first build. Untimed.
 */
export function prepareToolchainClone(repoRoot: string, commit: string, workspace: Workspace): void {
  run('git', ['clone', '--quiet', '--no-checkout', repoRoot, workspace.root], path.dirname(workspace.root));
  run('git', ['checkout', '--quiet', '-B', `bench-${workspace.name}`, commit], workspace.root);
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], workspace.root);
  run('npm', ['start', '--silent'], workspace.root);
}

/** A new clone of the side's checkout next to it, without node_modules (what `git clone` gives a newcomer). */
export function freshCloneOf(root: string): string {
  const fresh = `${root}${FRESH_SUFFIX}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  run('git', ['clone', '--quiet', root, fresh], path.dirname(root));
  return fresh;
}
