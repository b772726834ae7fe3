import * as fs from 'fs';
import * as path from 'path';

/**
 * Absolute path of a compiled Lambda handler folder, `<repoRoot>/dist/<relativeFolder>`.
 *
 * Handlers are plain `index.ts` files that import only Node built-ins and `@aws-sdk/*` (provided by the
 * Lambda Node.js runtime), so the compiled output (`npm run compile`, esbuild; or `tsc -b`) is already a
 * self-contained asset: no bundler, no Docker. The repository root is found by walking up to `package.json`, so this
 * works from `dist/` (compiled) and from the sources (jest) alike.
 */
export function handlerAssetPath(relativeFolder: string): string {
  const folder = path.join(repoRoot(), 'dist', relativeFolder);
  if (!fs.existsSync(path.join(folder, 'index.js'))) {
    throw new Error(
      `Lambda handler not compiled: ${path.join(folder, 'index.js')} is missing. Run \`npm run build\` first (tsc compiles handlers into dist/).`,
    );
  }
  return folder;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json found above ${__dirname}: cannot locate the repository root.`);
    }
    dir = parent;
  }
  return dir;
}
