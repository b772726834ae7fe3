import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/** The repository root (the folder holding package.json), from sources under jest or compiled code under dist/. */
export function repoRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root (package.json) above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}
