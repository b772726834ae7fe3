import * as fs from 'fs';
import * as path from 'path';
import { CFN_LINT_ENV, CFN_LINT_MISSING_RULE, cfnLintCheck, runCfnLint } from '../../scripts/verify/checks/cfn-lint';
import { renderVerifyReport } from '../../scripts/verify/report';
import { runChecks } from '../../scripts/verify/runner';
import type { VerifyCheck } from '../../scripts/verify/types';
import { tempDir } from '../support/catalog';
import { contextOf, goodProductTemplate, verified } from './fixtures';

// The real cfn-lint (on PATH here and on CI) runs in these tests; results of earlier runs are not reused unless a
// test turns the cache on.
const saved = { cache: process.env.CATALOG_VERIFY_CACHE, exe: process.env[CFN_LINT_ENV] };
beforeAll(() => {
  process.env.CATALOG_VERIFY_CACHE = 'off';
  delete process.env[CFN_LINT_ENV];
});
afterEach(() => {
  process.env.CATALOG_VERIFY_CACHE = 'off';
  delete process.env[CFN_LINT_ENV];
});
afterAll(() => {
  restore('CATALOG_VERIFY_CACHE', saved.cache);
  restore(CFN_LINT_ENV, saved.exe);
});
/** Tests that start the real cfn-lint (seconds of CPU per start on a shared 2-core machine). */
const REAL_CFN_LINT_TIMEOUT = 300_000;
const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

/** A log group whose retention is not a number: cfn-lint E3012 on AgentLogGroup. */
const broken = (marker = '') => {
  const t = goodProductTemplate();
  t.Description = `broken fixture ${marker}`;
  t.Resources.AgentLogGroup.Properties!.RetentionInDays = 'forever';
  return t;
};
/** A queue that DependsOn a log group it also references: cfn-lint W3005 on Queue. */
const redundantDependsOn = (marker = '') => {
  const t = goodProductTemplate();
  t.Description = `warning fixture ${marker}`;
  t.Resources.Queue = { Type: 'AWS::SQS::Queue', DependsOn: ['AgentLogGroup'], Properties: { QueueName: { Ref: 'AgentLogGroup' } } } as never;
  return t;
};

/** An executable standing in for cfn-lint: logs its arguments, then runs `body` (sh). */
function fakeCfnLint(body: string): { file: string; calls: () => string[] } {
  const dir = tempDir('fake-cfn-lint-');
  const log = path.join(dir, 'calls.log');
  const file = path.join(dir, 'cfn-lint');
  fs.writeFileSync(file, `#!/bin/sh\necho "$*" >> '${log}'\n${body}\n`, { mode: 0o755 });
  return { file, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}
/** The real cfn-lint behind a logging wrapper. */
const loggedCfnLint = () => fakeCfnLint('exec cfn-lint "$@"');

const summary = (report: Awaited<ReturnType<typeof runChecks>>) => [...report.errors, ...report.warnings].map((f) => [f.severity, f.template, f.version, f.resource, f.rule]);

describe('cfn-lint', () => {
  test('an error fails naming template, version, resource and rule; a warning is listed; one process for all templates in every region', async () => {
    const wrapper = loggedCfnLint();
    process.env[CFN_LINT_ENV] = wrapper.file;
    const context = { ...contextOf([verified(goodProductTemplate(), { name: 'good' }), verified(broken(), { name: 'broken', version: 'v2.0.0' }), verified(redundantDependsOn(), { name: 'warned', kind: 'stack', version: '-' })]) };
    const config = { ...context.config, portfolio: { ...context.config.portfolio, regions: ['us-east-1', 'ap-northeast-1'] } };
    const report = await runChecks([cfnLintCheck], { ...context, config });

    expect(report.ok).toBe(false);
    expect(summary(report)).toEqual([
      ['error', 'broken', 'v2.0.0', 'AgentLogGroup', 'E3012'],
      ['error', 'broken', 'v2.0.0', 'AgentLogGroup', 'E3030'],
      // The retention parameter is no longer referenced.
      ['warning', 'broken', 'v2.0.0', 'LogRetentionDays', 'W2001'],
      ['warning', 'warned', '-', 'Queue', 'W3005'],
    ]);
    expect(report.errors[0].message).toBe("Properties/RetentionInDays: 'forever' is not of type 'integer'");
    expect(report.warnings[1].message).toMatch(/^DependsOn\/0: 'AgentLogGroup' dependency already enforced by a 'Ref'/);
    expect(report.checks[0]).toMatchObject({ check: 'cfn-lint', templates: 3, errors: 2, warnings: 2, allowed: 0 });
    // `--version` (presence and cache key), then ONE lint over the three files, in both portfolio regions.
    const calls = wrapper.calls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBe('--version');
    expect(calls[1]).toMatch(/--format json --regions ap-northeast-1 us-east-1 -- \S+good\.template\.json \S+broken\.template\.json \S+warned\.template\.json$/);
    expect(calls[1]).toMatch(/^--config-file \S+scripts\/verify\/cfnlintrc\.yaml /);
  }, REAL_CFN_LINT_TIMEOUT);

  test('an allow-listed finding is not listed but counted', async () => {
    const allowing: VerifyCheck = {
      ...cfnLintCheck,
      background: (templates) =>
        runCfnLint(templates, {
          regions: ['ap-northeast-1'],
          allowlist: [{ rule: 'W3005', template: 'warned', version: 'v1.0.0', resource: 'Queue', path: 'DependsOn', reason: 'fixture reason' }],
        }),
    };
    const report = await runChecks([allowing], contextOf([verified(redundantDependsOn(), { name: 'warned' })]));
    expect([report.ok, report.errors, report.warnings, report.allowed, report.checks[0].allowed]).toEqual([true, [], [], 1, 1]);
    expect(renderVerifyReport(report)).toMatch(/0 error\(s\), 0 warning\(s\), 1 allow-listed/);
  }, REAL_CFN_LINT_TIMEOUT);

  test('an allow-list entry for another version, resource or rule does not accept the finding', async () => {
    const entry = { rule: 'E3012', template: 'broken', version: 'v1.0.0', resource: 'AgentLogGroup', reason: 'fixture' };
    const findings = await runCfnLint([verified(broken(), { name: 'broken', version: 'v1.1.0' })], { regions: ['ap-northeast-1'], allowlist: [entry, { ...entry, version: 'v1.1.0', resource: 'Other' }] });
    expect(findings.filter((f) => f.rule === 'E3012').map((f) => [f.severity, f.allowed])).toEqual([['error', undefined]]);
  }, REAL_CFN_LINT_TIMEOUT);

  test('cfn-lint absent: one line that says so and how to install it, and verify fails', async () => {
    process.env[CFN_LINT_ENV] = path.join(tempDir(), 'no-such-cfn-lint');
    const report = await runChecks([cfnLintCheck], contextOf([verified(goodProductTemplate()), verified(broken())]));
    expect(report.ok).toBe(false);
    expect(report.errors.map((f) => [f.template, f.rule])).toEqual([['*', CFN_LINT_MISSING_RULE]]);
    expect(report.errors[0].message).toMatch(/cfn-lint .* is not installed: .*pip install cfn-lint/);
    expect(renderVerifyReport(report).split('\n').filter((l) => l.includes('not installed'))).toHaveLength(1);
  });

  test('a shell wrapper that cannot find cfn-lint (exit 127) counts as absent', async () => {
    process.env[CFN_LINT_ENV] = fakeCfnLint("echo 'pyenv: cfn-lint: command not found' >&2; exit 127").file;
    const report = await runChecks([cfnLintCheck], contextOf([verified(goodProductTemplate())]));
    expect(report.errors.map((f) => f.rule)).toEqual([CFN_LINT_MISSING_RULE]);
  });

  test.each([
    ['garbage output with a non-zero exit', 'echo "Traceback (most recent call last): boom"; exit 2', /cfn-lint output is not JSON/],
    ['a crash (exit 1)', 'echo "[]"; echo "KeyError: x" >&2; exit 1', /cfn-lint failed: .* exited 1: "KeyError: x"/],
    ['an exit code outside the bit mask', 'echo "[]"; exit 32', /cfn-lint failed/],
    ['JSON that is not a list of matches', 'echo \'{"ok": true}\'; exit 0', /not a JSON list of matches/],
    ['an error exit code with no error in the output', 'echo "[]"; exit 2', /exit code 2 contradicts its output/],
    ['a match without a rule id', 'echo \'[{"Filename": "x", "Level": "Error", "Message": "m"}]\'; exit 2', /a match verify cannot read/],
  ])('%s is an error of verify, never a pass', async (_name, body, expected) => {
    process.env[CFN_LINT_ENV] = fakeCfnLint(`if [ "$1" = "--version" ]; then echo "cfn-lint 1.51.0"; exit 0; fi\n${body}`).file;
    const report = await runChecks([cfnLintCheck], contextOf([verified(goodProductTemplate())]));
    expect(report.ok).toBe(false);
    expect(report.errors.map((f) => [f.check, f.rule])).toEqual([['cfn-lint', 'check-failed']]);
    expect(report.errors[0].message).toMatch(expected);
  });

  test('an unreadable --version or a cfn-lint older than 1.x is an error', async () => {
    for (const body of ['echo "hello"', 'echo "cfn-lint 0.87.1"']) {
      process.env[CFN_LINT_ENV] = fakeCfnLint(body).file;
      const report = await runChecks([cfnLintCheck], contextOf([verified(goodProductTemplate())]));
      expect(report.errors.map((f) => f.rule)).toEqual(['check-failed']);
    }
  });

  test('with the cache, unchanged templates are not linted again; other regions or another cfn-lint version are', async () => {
    process.env.CATALOG_VERIFY_CACHE = 'on';
    const marker = `${process.pid} ${Date.now()}`;
    const templates = () => [verified(broken(marker), { name: 'broken' }), verified(redundantDependsOn(marker), { name: 'warned' })];
    const wrapper = loggedCfnLint();
    const run = (regions: string[], executable = wrapper.file) => runCfnLint(templates(), { regions, executable, allowlist: [] });

    const first = await run(['ap-northeast-1']);
    expect(wrapper.calls()).toHaveLength(2);
    expect(await run(['ap-northeast-1'])).toEqual(first);
    expect(wrapper.calls()).toEqual([expect.any(String), expect.any(String), '--version']);
    await run(['ap-northeast-1', 'us-east-1']);
    expect(wrapper.calls().slice(3)).toEqual(['--version', expect.stringMatching(/--regions ap-northeast-1 us-east-1 --/)]);
    // Same templates and options, but a different cfn-lint version: not served from the cache.
    const newer = fakeCfnLint('if [ "$1" = "--version" ]; then echo "cfn-lint 1.99.0"; exit 0; fi\necho "[]"; exit 0');
    expect(await runCfnLint(templates(), { regions: ['ap-northeast-1', 'us-east-1'], executable: newer.file })).toEqual([]);
    expect(newer.calls()).toHaveLength(2);
  }, REAL_CFN_LINT_TIMEOUT);
});
