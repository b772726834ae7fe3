import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Everything `catalog build` reads, hashed, so `npm start` can tell that a build would produce what the last one did.
 * Cheap on purpose (fs and crypto only, no CDK): it runs before the catalog's modules are loaded.
 *
 * - The code that runs: every .js file under dist/ (the compiled output, not the .ts sources: dist/ is what executes,
 *   even when someone ran `catalog build` without compiling). Source maps are left out: Node runs without them, and
 *   they change with every comment.
 * - The data the code reads: every file of config/, products/ (release records and snapshots, docs.yaml),
 *   portfolios/ and scripts/ (docs data, price tables, rule files) that is not TypeScript, cdk.json, package.json,
 *   and the installed dependencies as npm recorded them (node_modules/.package-lock.json).
 * - The configuration file passed with --config (it may live outside the repository) and the build's arguments.
 * - The environment that changes results: Node's version, PATH and every CATALOG_*, CDK_* and AWS_* variable, and
 *   the cfn-lint executable verify runs (its path, size and time: pip rewrites the console script on every install
 *   or upgrade).
 */
const DATA_FOLDERS = ['config', 'products', 'portfolios', 'scripts'];
const ROOT_FILES = ['cdk.json', 'package.json', 'package-lock.json', path.join('node_modules', '.package-lock.json')];
const ENVIRONMENT = /^(CATALOG_|CDK_|AWS_)|^PATH$/;

export function buildInputsHash(root: string, args: readonly string[], configFile: string): string {
  const hash = crypto.createHash('sha256');
  const add = (label: string, content: string | Buffer) => hash.update(`${label}\0${content.length}\0`).update(content);
  for (const file of filesUnder(path.join(root, 'dist')).filter((f) => f.endsWith('.js'))) add(path.relative(root, file), fs.readFileSync(file));
  for (const folder of DATA_FOLDERS) {
    for (const file of filesUnder(path.join(root, folder)).filter((f) => !f.endsWith('.ts'))) add(path.relative(root, file), fs.readFileSync(file));
  }
  for (const file of ROOT_FILES) add(file, readIfExists(path.join(root, file)));
  add('config', readIfExists(path.resolve(root, configFile)));
  add('args', JSON.stringify(args));
  add('node', process.version);
  const environment = Object.keys(process.env).filter((k) => ENVIRONMENT.test(k)).sort();
  add('env', JSON.stringify(environment.map((k) => [k, process.env[k]])));
  add('cfn-lint', executableIdentity(process.env.CATALOG_CFN_LINT || 'cfn-lint'));
  return hash.digest('hex');
}

/** A hash of every file under the folders a build writes (cdk.out/, docs/), to tell they are still as it left them. */
export function outputsHash(root: string, folders: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const folder of folders) {
    for (const file of filesUnder(path.resolve(root, folder))) hash.update(`${path.relative(root, file)}\0`).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/** Files under `dir`, sorted, recursively; none when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function readIfExists(file: string): Buffer {
  return fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
}

/** Path, size and modification time of an executable (resolved on PATH when it has no slash); '' when absent. */
function executableIdentity(executable: string): string {
  const candidates = executable.includes(path.sep) ? [executable] : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, executable));
  for (const candidate of candidates) {
    try {
      const real = fs.realpathSync(candidate);
      const stat = fs.statSync(real);
      if (stat.isFile()) return `${real} ${stat.size} ${stat.mtimeMs}`;
    } catch {
      // Not in this PATH entry.
    }
  }
  return '';
}
