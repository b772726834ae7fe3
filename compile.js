/**
 * `npm run compile`: transpile every TypeScript file of the repository to dist/ (CommonJS, source maps) with esbuild,
 * without type checking — the whole tree in well under a second, so `npm start` never waits for the type checker.
 * Types are checked by `npm run typecheck` (part of `npm test` and CI); `npx tsc -b .` still type-checks and emits the
 * same layout. esbuild reads tsconfig.json (target, class fields) as `tsc` does; `isolatedModules` there guarantees
 * every file can be compiled on its own.
 */
const esbuild = require('esbuild');

esbuild.buildSync({
  entryPoints: ['config', 'products', 'portfolios', 'scripts', 'test'].map((folder) => `${folder}/**/*.ts`),
  outdir: 'dist',
  outbase: '.',
  absWorkingDir: __dirname,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
