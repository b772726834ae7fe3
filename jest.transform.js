/**
 * Jest transform: TypeScript to CommonJS with esbuild, no type checking (`npm test` type-checks the whole tree once
 * with `tsc`, see package.json). The same compiler and the same tsconfig.json options as `npm run compile` (dist/), so
 * tests run the code the CLI runs. The source map is returned to jest, so stack traces point at the .ts lines.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const tsconfigText = fs.readFileSync(path.join(__dirname, 'tsconfig.json'), 'utf8');
// esbuild reads useDefineForClassFields, target and the JSX/decorator options from here, as its CLI does from the file.
const tsconfigRaw = JSON.parse(tsconfigText);

module.exports = {
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      sourcesContent: false,
      sourcefile: filename,
      tsconfigRaw,
    });
    return { code, map };
  },
  getCacheKey(source, filename, options) {
    return crypto.createHash('sha256').update(esbuild.version).update(tsconfigText).update(options.configString).update(filename).update(source).digest('hex');
  },
};
