/**
 * `npm run compile`: transpile every TypeScript file of the repository to dist/ (CommonJS, source maps) with esbuild,
 * without type checking — the whole tree in well under a second, so `npm start` never waits for the type checker.
 * Types are checked by `npm run typecheck` (part of `npm test` and CI); `npx tsc -b .` still type-checks and emits the
 * same layout. esbuild reads tsconfig.json (target, class fields) as `tsc` does; `isolatedModules` there guarantees
 * every file can be compiled on its own.
 *
 * Only files whose output changed are written, each through a temporary file and a rename: a process reading dist/
 * meanwhile (a test running the CLI while another test compiles) never sees a half-written file, and unchanged files
 * keep their times.
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const { outputFiles } = esbuild.buildSync({
  entryPoints: ['config', 'products', 'portfolios', 'scripts', 'test'].map((folder) => `${folder}/**/*.ts`),
  outdir: 'dist',
  outbase: '.',
  absWorkingDir: __dirname,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Like tsc's maps: they point at the .ts files instead of embedding them (dist/ handler folders are Lambda assets).
  sourcesContent: false,
  logLevel: 'warning',
  write: false,
});

let written = 0;
for (const file of outputFiles) {
  let current;
  try {
    current = fs.readFileSync(file.path);
  } catch {
    current = undefined;
  }
  if (current && Buffer.compare(current, file.contents) === 0) continue;
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
  written++;
}
if (process.env.COMPILE_VERBOSE) process.stderr.write(`compile: ${written} of ${outputFiles.length} files written\n`);
