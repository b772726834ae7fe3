import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ResultCache } from '../../scripts/verify/result-cache';

/** What the version-history check keeps of one analyzed step: enough to report it without analyzing again. */
export interface CachedStep {
  readonly verdict: 'compatible' | 'breaking';
  readonly violation?: string;
}

let cache: ResultCache<CachedStep> | undefined;

/**
 * Upgrade verdicts between two released snapshots, kept between runs. Snapshots are hash-locked, so a step's analysis
 * can only change when the analyzer changes: the cache belongs to the versions of cloudformation-diff and
 * aws-service-spec and to the analyzer's own code (a hash of its files and of the shared template evaluator it resolves
 * values with), and starts empty when any of them changes.
 */
export function upgradeVerdictCache(): ResultCache<CachedStep> {
  cache ??= new ResultCache<CachedStep>('upgrade-verdicts', analyzerVersion());
  return cache;
}

/** The analyzer's code: the upgrade-diff folder and the template evaluator it shares with the contract analyzer. */
const ANALYZER_DIRS = ['upgrade-diff', 'template-evaluation'];

function analyzerVersion(): string {
  const pkg = (name: string) => (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  const source = crypto.createHash('sha256');
  for (const dir of ANALYZER_DIRS.map((d) => path.join(__dirname, '..', '..', 'scripts', 'analyzers', d)).filter((d) => fs.existsSync(d))) {
    for (const file of fs.readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f)).sort()) source.update(fs.readFileSync(path.join(dir, file)));
  }
  return `cloudformation-diff ${pkg('@aws-cdk/cloudformation-diff')} aws-service-spec ${pkg('@aws-cdk/aws-service-spec')} analyzer ${source.digest('hex').slice(0, 16)}`;
}
