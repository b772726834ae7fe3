import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { runNag } from '../../scripts/verify/checks/cdk-nag';
import { cloudFormationValidateCheck } from '../../scripts/verify/checks/cloudformation-validate';
import { runControlTower } from '../../scripts/verify/checks/control-tower';
import { cloudFormationValidatorVersion } from '../../scripts/verify/cloudformation-validator';
import { ResultCache } from '../../scripts/verify/result-cache';
import { runChecks } from '../../scripts/verify/runner';
import { defaultConfig } from '../support/catalog';
import { contextOf, goodProductTemplate, verified } from './fixtures';

// The tools themselves run here: results of earlier runs are not reused (result-cache.ts is tested on its own).
const previousCache = process.env.CATALOG_VERIFY_CACHE;
beforeAll(() => {
  process.env.CATALOG_VERIFY_CACHE = 'off';
});
afterAll(() => {
  if (previousCache === undefined) delete process.env.CATALOG_VERIFY_CACHE;
  else process.env.CATALOG_VERIFY_CACHE = previousCache;
});

describe('bundled CloudFormation validator', () => {
  test('an invalid property is an error naming the resource and rule; one engine for all templates', async () => {
    const broken = goodProductTemplate();
    broken.Resources.AgentLogGroup.Properties!.RetentionInDays = 'forever';
    const report = await runChecks([cloudFormationValidateCheck], contextOf([verified(goodProductTemplate(), { name: 'good' }), verified(broken, { name: 'broken' })]));
    expect(report.ok).toBe(false);
    expect(report.errors.map((f) => [f.template, f.version, f.resource])).toEqual([['broken', 'v1.0.0', 'AgentLogGroup']]);
    expect(report.errors[0].rule).toBe('F3012');
    expect(report.errors[0].message).toMatch(/^Properties\.RetentionInDays/);
    expect(report.checks[0].perTemplate.map((t) => t.template)).toEqual(['good', 'broken']);
    expect(report.checks[0].startupMs).toEqual(expect.any(Number));
  });

  test('a second run with the cache reports the same findings without validating again', async () => {
    process.env.CATALOG_VERIFY_CACHE = 'on';
    try {
      const broken = goodProductTemplate();
      broken.Description = `cache test ${process.pid} ${Date.now()}`;
      broken.Resources.AgentLogGroup.Properties!.RetentionInDays = 'forever';
      const first = await runChecks([cloudFormationValidateCheck], contextOf([verified(broken)]));
      const cache = new ResultCache<unknown>('cfn-validate', `${cloudFormationValidatorVersion()} warn`);
      expect(cache.get(JSON.stringify(broken, null, 1))).toContainEqual(expect.objectContaining({ ruleId: 'F3012', logicalId: 'AgentLogGroup' }));
      const second = await runChecks([cloudFormationValidateCheck], contextOf([verified(broken)]));
      expect(second.errors).toEqual(first.errors);
    } finally {
      process.env.CATALOG_VERIFY_CACHE = 'off';
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  const appWithWildcardRole = () => {
    const app = new App();
    const stack = new Stack(app, 'Fixture');
    new iam.Role(stack, 'Wide', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      inlinePolicies: { all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }) },
    });
    return app;
  };
  const context = (app: App) => ({ config: defaultConfig(), templates: [], constructRoots: [app] });

  test('an unacknowledged finding fails, naming the stack and logical id', async () => {
    const findings = runNag(context(appWithWildcardRole()), []);
    expect(findings.map((f) => [f.severity, f.template, f.resource, f.rule])).toEqual([['error', 'Fixture', 'WideC9DF38FA', 'AwsSolutions-IAM5[Resource::*]']]);
  });

  test('an acknowledgment with a reason clears it; one for a path that does not exist is reported', async () => {
    const findings = runNag(context(appWithWildcardRole()), [
      { path: 'Fixture/Wide/Resource', id: 'AwsSolutions-IAM5[Resource::*]', reason: 'fixture: s3:GetObject on any bucket is the point' },
      { path: 'Fixture/Gone/Resource', id: 'AwsSolutions-IAM5[Resource::*]', reason: 'stale' },
    ]);
    expect(findings.map((f) => [f.severity, f.resource, f.message])).toEqual([
      ['warning', 'Fixture/Gone/Resource', 'unused acknowledgment (no construct has this path): remove it from scripts/verify/acknowledgments.ts'],
    ]);
  });
});

describe('Control Tower proactive controls (cfn-guard)', () => {
  const shortRetention = () => {
    const t = goodProductTemplate();
    t.Resources.AgentLogGroup.Properties!.RetentionInDays = 7;
    return t;
  };

  test('a finding not on the allow-list fails, naming product, version, resource and control', async () => {
    const findings = runControlTower([verified(shortRetention(), { name: 'public-ip', version: 'v9.0.0' })], []);
    expect(findings.filter((f) => f.rule === 'CT.CLOUDWATCH.PR.2').map((f) => [f.severity, f.template, f.version, f.resource, f.message])).toEqual([
      ['error', 'public-ip', 'v9.0.0', 'AgentLogGroup', 'Require an Amazon CloudWatch log group to be retained for at least one year'],
    ]);
  });

  test('an allow-listed finding is a warning carrying its reason', async () => {
    const findings = runControlTower(
      [verified(shortRetention(), { name: 'public-ip' })],
      [{ control: 'CT.CLOUDWATCH.PR.2', product: '*', resource: 'AgentLogGroup', reason: 'fixture reason' }],
    );
    expect(findings.find((f) => f.rule === 'CT.CLOUDWATCH.PR.2')).toMatchObject({ severity: 'warning', message: expect.stringMatching(/\(allowed: fixture reason\)$/) });
  });
});
