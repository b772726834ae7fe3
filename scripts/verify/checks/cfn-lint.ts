import { execFile, type ExecFileException } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../../products/shared/repo-root';
import { CFN_LINT_ALLOWLIST, type CfnLintAllowance } from '../cfn-lint-allowlist';
import { ResultCache } from '../result-cache';
import { isAny } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

/*
 * The reference CloudFormation linter, Python cfn-lint (1.x; 1.51 on developer and CI machines), on every template
 * verify sees: portfolio stacks, launch-role and StackSet stacks, every product version (snapshots and current).
 *
 * How it is run, and why:
 * - The `cfn-lint` console script, found on PATH (or CATALOG_CFN_LINT, a path, for tests and unusual installs). It is
 *   what pip, pipx and Homebrew install and what cfn-lint documents. `python3 -m cfnlint` is NOT an option: cfn-lint
 *   1.x has no `cfnlint.__main__` ("cannot be directly executed"), and the `python3` on PATH is often not the
 *   interpreter cfn-lint was installed into (pipx, pyenv, Homebrew each keep their own).
 * - In the background (VerifyCheck.background): a Python process on the other core while the in-process checks run.
 * - ONE process over every template not linted before (result-cache.ts; the key is each template's SHA-256, under
 *   the cfn-lint version and the exact lint options), templates with the same text linted once.
 * - `--regions` = every portfolio region of the configuration: a product is offered, so launched, in each of them.
 * - `--config-file` names an empty configuration (scripts/verify/cfnlintrc.yaml), so that a ~/.cfnlintrc or a
 *   .cfnlintrc in the working directory cannot silently change which rules run.
 * - Errors (E) fail verify, warnings (W) are listed, informational (I) rules are not run (cfn-lint's default).
 *   Findings on the allow-list (cfn-lint-allowlist.ts, one reason each) are counted, not listed.
 * - cfn-lint missing is one error finding that says how to install it: verify fails, so CI cannot pass without the
 *   reference linter. Any other failure to run (exit code outside cfn-lint's bit mask, output that is not its JSON,
 *   an exit code that contradicts the findings) is an error too, never a pass.
 */

export const CFN_LINT_ENV = 'CATALOG_CFN_LINT';
export const CFN_LINT_CONFIG_FILE = path.join(repoRoot(), 'scripts', 'verify', 'cfnlintrc.yaml');
export const CFN_LINT_MISSING_RULE = 'cfn-lint-missing';
const INSTALL_HINT = 'install it with `pip install cfn-lint` (or `pipx install cfn-lint`; CI and developer machines have 1.51), or set CATALOG_CFN_LINT to its path';

export const cfnLintCheck: VerifyCheck = {
  id: 'cfn-lint',
  description: 'the reference CloudFormation linter (Python cfn-lint) on every template, in every portfolio region; errors fail, warnings listed',
  applies: isAny,
  background: (templates, context) => runCfnLint(templates, { regions: context.config.portfolio.regions }),
};

export interface CfnLintOptions {
  readonly regions: readonly string[];
  readonly allowlist?: readonly CfnLintAllowance[];
  /** The cfn-lint executable; default CATALOG_CFN_LINT, else `cfn-lint` on PATH. */
  readonly executable?: string;
}

/** One cfn-lint match of one template text, as cached. */
interface LintMatch {
  readonly rule: string;
  readonly level: 'Error' | 'Warning' | 'Informational';
  /** Path in the template (['Resources', 'Id', 'Properties', ...]); null for a template that does not parse. */
  readonly path: (string | number)[] | null;
  readonly line?: number;
  readonly message: string;
}

export async function runCfnLint(templates: readonly VerifiedTemplate[], options: CfnLintOptions): Promise<VerifyFinding[]> {
  if (templates.length === 0) return [];
  const executable = options.executable ?? (process.env[CFN_LINT_ENV] || 'cfn-lint');
  const version = await cfnLintVersion(executable);
  if (version === undefined) {
    return [
      {
        check: 'cfn-lint',
        severity: 'error',
        template: '*',
        version: '-',
        resource: '-',
        rule: CFN_LINT_MISSING_RULE,
        message: `cfn-lint (the reference CloudFormation linter) is not installed: \`${executable}\` was not found; ${INSTALL_HINT}`,
      },
    ];
  }
  const regions = [...new Set(options.regions)].sort();
  const lintArgs = ['--format', 'json', '--regions', ...regions];
  const configText = fs.readFileSync(CFN_LINT_CONFIG_FILE, 'utf8');
  const configHash = crypto.createHash('sha256').update(configText).digest('hex').slice(0, 16);
  const cache = new ResultCache<LintMatch[]>('cfn-lint', `cfn-lint ${version} ${lintArgs.join(' ')} config:${configHash}`);

  const results = new Map<string, LintMatch[]>();
  const misses = new Map<string, VerifiedTemplate>();
  for (const t of templates) {
    if (results.has(t.text) || misses.has(t.text)) continue;
    const cached = cache.get(t.text);
    if (cached) results.set(t.text, cached);
    else misses.set(t.text, t);
  }
  if (misses.size) {
    for (const [text, matches] of await lint(executable, ['--config-file', CFN_LINT_CONFIG_FILE, ...lintArgs], [...misses.values()])) {
      results.set(text, matches);
      cache.set(text, matches);
    }
  }
  cache.save();

  const allowlist = options.allowlist ?? CFN_LINT_ALLOWLIST;
  return templates.flatMap((t) => (results.get(t.text) ?? []).flatMap((m) => toFinding(m, t, allowlist)));
}

/** `cfn-lint --version` → '1.51.0'; undefined when there is no such executable. Anything else unexpected throws. */
export async function cfnLintVersion(executable: string): Promise<string | undefined> {
  const r = await run(executable, ['--version'], 120_000);
  // ENOENT: not on PATH / no such file. 127: a shell wrapper's "command not found" (e.g. a pyenv shim whose
  // active Python has no cfn-lint).
  if (r.error?.code === 'ENOENT' || r.status === 127) return undefined;
  if (r.error) throw new Error(`\`${executable} --version\` failed: ${r.error.message}`);
  const match = /^cfn-lint (\d+)\.(\d+)\.(\d+)\s*$/.exec(r.stdout ?? '');
  if (r.status !== 0 || !match) throw new Error(`\`${executable} --version\` exited ${r.status} with ${JSON.stringify(firstLine(r.stdout || r.stderr))}, not "cfn-lint X.Y.Z"`);
  if (Number(match[1]) < 1) throw new Error(`cfn-lint ${match[1]}.${match[2]}.${match[3]} is too old: verify reads cfn-lint 1.x JSON and rules; ${INSTALL_HINT}`);
  return `${match[1]}.${match[2]}.${match[3]}`;
}

/** One cfn-lint process over the templates; its matches per template text. */
async function lint(executable: string, args: string[], templates: VerifiedTemplate[]): Promise<Map<string, LintMatch[]>> {
  const byFile = new Map(templates.map((t) => [path.resolve(t.file), t]));
  const r = await run(executable, [...args, '--', ...byFile.keys()], 600_000);
  const context = () => `\`${executable}\` exited ${r.status ?? r.signal}: ${JSON.stringify(firstLine(r.stderr || r.stdout))}`;
  if (r.error) throw new Error(`cfn-lint could not run: ${r.error.message}`);
  // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 (or anything else) is a failure.
  if (r.status === null || r.status < 0 || r.status > 14 || r.status % 2 === 1) throw new Error(`cfn-lint failed: ${context()}`);
  let output: unknown;
  try {
    output = JSON.parse(r.stdout);
  } catch {
    throw new Error(`cfn-lint output is not JSON: ${context()}`);
  }
  if (!Array.isArray(output)) throw new Error(`cfn-lint output is not a JSON list of matches: ${context()}`);
  const results = new Map<string, LintMatch[]>(templates.map((t) => [t.text, []]));
  for (const raw of output as unknown[]) {
    const m = readMatch(raw);
    if (!m) throw new Error(`cfn-lint output has a match verify cannot read: ${JSON.stringify(raw).slice(0, 200)}`);
    const t = byFile.get(path.resolve(m.filename));
    if (!t) throw new Error(`cfn-lint reported a file it was not given: ${m.filename}`);
    results.get(t.text)!.push(m.match);
  }
  const errors = [...results.values()].flat().filter((m) => m.level === 'Error').length;
  if ((errors > 0) !== ((r.status & 2) === 2)) throw new Error(`cfn-lint's exit code ${r.status} contradicts its output (${errors} error(s))`);
  return results;
}

interface ProcessResult {
  /** Exit code; null when a signal ended it or it did not start. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** It did not start (ENOENT), ran past its timeout, or wrote more than the buffer. */
  readonly error?: ExecFileException;
}

/** Runs a program without blocking this process (verify goes on meanwhile); non-zero exits are results, not throws. */
function run(executable: string, args: string[], timeout: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(executable, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout }, (error, stdout, stderr) => {
      if (!error) return resolve({ status: 0, signal: null, stdout, stderr });
      // An exit code is a number, a signal leaves it null; not starting (ENOENT) or being stopped by execFile (timeout,
      // output past maxBuffer) is an error.
      const status = typeof error.code === 'number' ? error.code : null;
      const failedToRun = typeof error.code === 'string' || error.killed === true;
      resolve({ status, signal: error.signal ?? null, stdout, stderr, ...(failedToRun ? { error } : {}) });
    });
  });
}

function readMatch(raw: unknown): { filename: string; match: LintMatch } | undefined {
  const m = raw as { Filename?: unknown; Level?: unknown; Message?: unknown; Rule?: { Id?: unknown }; Location?: { Path?: unknown; Start?: { LineNumber?: unknown } } };
  if (typeof m?.Filename !== 'string' || typeof m.Message !== 'string' || typeof m.Rule?.Id !== 'string') return undefined;
  if (m.Level !== 'Error' && m.Level !== 'Warning' && m.Level !== 'Informational') return undefined;
  const p = m.Location?.Path;
  const line = m.Location?.Start?.LineNumber;
  return {
    filename: m.Filename,
    match: {
      rule: m.Rule.Id,
      level: m.Level,
      path: Array.isArray(p) ? p.map((s) => (typeof s === 'number' ? s : String(s))) : null,
      ...(typeof line === 'number' ? { line } : {}),
      message: m.Message,
    },
  };
}

const SECTIONS = new Set(['Resources', 'Parameters', 'Outputs', 'Conditions', 'Mappings', 'Rules']);

/** Error → error, Warning → warning, Informational → not reported; allow-listed → counted (not listed). */
export function toFinding(m: LintMatch, t: VerifiedTemplate, allowlist: readonly CfnLintAllowance[]): VerifyFinding[] {
  if (m.level === 'Informational') return [];
  const inSection = m.path !== null && m.path.length >= 2 && SECTIONS.has(String(m.path[0]));
  const resource = inSection ? String(m.path![1]) : '-';
  const where = inSection ? m.path!.slice(2).join('/') : m.path?.length ? m.path.join('/') : m.line !== undefined ? `line ${m.line}` : '';
  const allowed = allowlist.find(
    (a) =>
      a.rule === m.rule &&
      matchesName(a.template, t.name) &&
      a.version === t.version &&
      a.resource === resource &&
      (a.path === undefined || where.startsWith(a.path)) &&
      (a.message === undefined || m.message.includes(a.message)),
  );
  return [
    {
      check: 'cfn-lint',
      severity: m.level === 'Error' ? 'error' : 'warning',
      template: t.name,
      version: t.version,
      resource,
      rule: m.rule,
      message: where ? `${where}: ${m.message}` : m.message,
      ...(allowed ? { allowed: allowed.reason } : {}),
    },
  ];
}

/** Exact, or a prefix when the entry ends in `*` (the per-region portfolio stacks). */
const matchesName = (pattern: string, name: string) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name);

const firstLine = (s: string | null | undefined) => (s ?? '').trim().split('\n')[0].slice(0, 300);
