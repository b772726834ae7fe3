import { failUnlessOk } from '../../scripts/commands/verify';
import { tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';

describe('catalog verify', () => {
  test('the real catalog passes every check; the JSON report times each check', async () => {
    const { code, stdout, stderr } = await runCatalog(['verify', '--json', '--out', tempDir()]);
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    // The seven checks of issue 4 and the reference linter (issue 12) first; later issues add theirs (version-history, issue 5).
    expect(report.checks.map((c: { check: string }) => c.check).slice(0, 8)).toEqual([
      'cfn-validate',
      'cfn-lint',
      'cdk-nag',
      'control-tower',
      'limits',
      'console-readiness',
      'self-contained',
      'network-contract',
    ]);
    for (const c of report.checks) expect([c.check, typeof c.ms]).toEqual([c.check, 'number']);
    // The validator sees the portfolio and launch-role stacks and every product version.
    const validated = report.checks[0].perTemplate.map((t: { template: string; version: string }) => `${t.template} ${t.version}`);
    expect(validated).toEqual(expect.arrayContaining(['public-ip v1.0.0', 'AgentNetworkCatalogLaunchRole -', 'AgentNetworkCatalog-ap-northeast-1 -']));
    // cfn-lint (the real one, as on CI) lints the same templates: no error; what it warns about on the catalog today
    // is on its allow-list (scripts/verify/cfn-lint-allowlist.ts), so nothing is listed.
    const lint = report.checks.find((c: { check: string }) => c.check === 'cfn-lint');
    expect(lint).toMatchObject({ templates: report.checks[0].templates, errors: 0, warnings: 0 });
    expect(lint.allowed).toBeGreaterThan(0);
    expect(report.warnings.filter((w: { check: string }) => w.check === 'cfn-lint')).toEqual([]);
  }, 600_000);

  test('a failed verify is one message naming check, template, version, resource and rule', () => {
    const error = {
      check: 'network-contract',
      severity: 'error' as const,
      template: 'nat-gateway',
      version: 'v1.0.0',
      resource: 'AgentSubnet1RouteTable',
      rule: 'nat-gateway-promise',
      message: 'AgentSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway), but …',
    };
    expect(() => failUnlessOk({ ok: false, ms: 1, checks: [], errors: [error], warnings: [], allowed: 0 })).toThrow(
      'verify failed: 1 error(s); first: [network-contract] nat-gateway v1.0.0 AgentSubnet1RouteTable nat-gateway-promise: AgentSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway), but …',
    );
  });
});
