import { consoleReadinessCheck } from '../../scripts/verify/checks/console-readiness';
import { limitsCheck, LIMITS } from '../../scripts/verify/checks/limits';
import { networkContractCheck } from '../../scripts/verify/checks/network-contract';
import { selfContainedCheck } from '../../scripts/verify/checks/self-contained';
import { runChecks } from '../../scripts/verify/runner';
import type { VerifyCheck } from '../../scripts/verify/types';
import { latestTemplate } from '../contract/fixtures';
import { contextOf, goodProductTemplate, verified } from './fixtures';

const run = (check: VerifyCheck, ...templates: ReturnType<typeof verified>[]) => runChecks([check], contextOf(templates));
const summary = (report: Awaited<ReturnType<typeof run>>) => [...report.errors, ...report.warnings].map((f) => [f.template, f.version, f.resource, f.rule, f.message]);

describe('console readiness', () => {
  test('a labelled, grouped, described, constrained parameter passes', async () => {
    expect(summary(await run(consoleReadinessCheck, verified(goodProductTemplate())))).toEqual([]);
  });

  test('an unlabelled, ungrouped, undescribed, unconstrained parameter fails on each count', async () => {
    const template = goodProductTemplate();
    template.Parameters!.Anything = { Type: 'String' };
    expect(summary(await run(consoleReadinessCheck, verified(template)))).toEqual([
      ['fixture', 'v1.0.0', 'Anything', 'parameter-label', 'no label in AWS::CloudFormation::Interface ParameterLabels'],
      ['fixture', 'v1.0.0', 'Anything', 'parameter-group', 'in 0 parameter groups; expected exactly one'],
      ['fixture', 'v1.0.0', 'Anything', 'parameter-description', 'no Description (more than 10 characters)'],
      ['fixture', 'v1.0.0', 'Anything', 'parameter-constraint', 'type String with no AllowedValues, AllowedPattern or Number bounds'],
    ]);
  });
});

describe('self-containment', () => {
  test('the vendor references of the configuration are allowed', async () => {
    const template = goodProductTemplate();
    template.Resources.Job = { Type: 'AWS::Batch::JobDefinition', Properties: { ContainerProperties: { Image: contextOf([]).config.agent.image } } };
    expect(summary(await run(selfContainedCheck, verified(template)))).toEqual([]);
  });

  test('assets, lookups, account, region and AZ names fail, naming the resource', async () => {
    const template = goodProductTemplate();
    template.Resources.Subnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-0123456789abcdef0', AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.0.0/24' } };
    template.Resources.Role = { Type: 'AWS::IAM::Role', Properties: { Path: { 'Fn::Sub': 'cdk-hnb659fds-assets-123456789012-us-east-1' } } };
    expect(summary(await run(selfContainedCheck, verified(template)))).toEqual([
      ['fixture', 'v1.0.0', 'Subnet', 'no-lookups', '"vpc-0123456789abcdef0": a resource id frozen into the template (context lookup?)'],
      ['fixture', 'v1.0.0', 'Subnet', 'no-region', '"us-east-1a": a hard-coded region or availability zone'],
      ['fixture', 'v1.0.0', 'Role', 'no-assets', '"cdk-hnb659fds-assets": a CDK asset, bootstrap or metadata reference'],
      ['fixture', 'v1.0.0', 'Role', 'no-account', '"123456789012": a hard-coded account id'],
      ['fixture', 'v1.0.0', 'Role', 'no-region', '"us-east-1": a hard-coded region or availability zone'],
    ]);
  });
});

describe('limits', () => {
  test('a template over the resource, parameter and output limits fails', async () => {
    const template = goodProductTemplate();
    for (let i = 0; i < LIMITS.resources; i++) template.Resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic' };
    template.Parameters = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`P${i}`, { Type: 'String' }]));
    template.Outputs = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`O${i}`, { Value: 'x' }]));
    expect(summary(await run(limitsCheck, verified(template)))).toEqual([
      ['fixture', 'v1.0.0', '-', 'resources', '501 resources; the limit is 500'],
      ['fixture', 'v1.0.0', '-', 'parameters', '201 parameters; the limit is 200'],
      ['fixture', 'v1.0.0', '-', 'outputs', '201 outputs; the limit is 200'],
    ]);
  });

  test('a template over 1 MB fails', async () => {
    const template = goodProductTemplate();
    template.Description = 'x'.repeat(LIMITS.templateBytes);
    const t = verified(template);
    expect(summary(await run(limitsCheck, t))).toEqual([['fixture', 'v1.0.0', '-', 'template-size', `${Buffer.byteLength(t.text)} bytes; the limit is 1048576`]]);
  });

  test('a portfolio over 10 IAM_PATTERN principals and 25 TagOptions fails', async () => {
    const resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> = {};
    for (let i = 0; i < 11; i++) resources[`Principal${i}`] = { Type: 'AWS::ServiceCatalog::PortfolioPrincipalAssociation', Properties: { PrincipalType: 'IAM_PATTERN' } };
    resources.ArnPrincipal = { Type: 'AWS::ServiceCatalog::PortfolioPrincipalAssociation', Properties: { PrincipalType: 'IAM' } };
    for (let i = 0; i < 26; i++) resources[`TagOption${i}`] = { Type: i % 2 ? 'AWS::ServiceCatalog::TagOption' : 'Custom::PortfolioTagOption' };
    expect(summary(await run(limitsCheck, verified({ Resources: resources }, { kind: 'stack', name: 'AgentNetworkCatalog-us-east-1', version: '-' })))).toEqual([
      ['AgentNetworkCatalog-us-east-1', '-', '-', 'iam-pattern-principals', '11 IAM_PATTERN principals in the portfolio; the limit is 10'],
      ['AgentNetworkCatalog-us-east-1', '-', '-', 'tag-options', '26 TagOptions; the limit is 25'],
    ]);
  });

  test('a product with more than 100 versions fails', async () => {
    const versions = Array.from({ length: 101 }, (_, i) => verified(goodProductTemplate(), { name: 'public-ip', version: `v1.0.${i}` }));
    const report = await run(limitsCheck, ...versions);
    expect(summary(report)).toEqual([
      ['public-ip', '*', '-', 'versions-per-product', '101 retained versions; a product may have at most 100: mark old versions inactive and stop retaining them'],
    ]);
    expect(report.checks[0].perTemplate).toHaveLength(101);
  });
});

describe('network contract', () => {
  test('a broken copy of a real template fails, naming the route table', async () => {
    const template = latestTemplate('network-firewall');
    const route = template.Resources.NatSubnet2DefaultRoute.Properties!;
    delete route.VpcEndpointId;
    route.GatewayId = { Ref: 'InternetGateway' };
    expect(summary(await run(networkContractCheck, verified(template, { name: 'network-firewall' })))).toEqual([
      [
        'network-firewall',
        'v1.0.0',
        'NatSubnet2RouteTable',
        'network-firewall-promise',
        'NatSubnet2RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway): egress of agent subnet AgentSubnet2 reaches the internet gateway without crossing a firewall endpoint (firewall bypassed)',
      ],
    ]);
  });
});

describe('runner', () => {
  test('a check that throws is a failure of verify, and every check is timed', async () => {
    const broken: VerifyCheck = {
      id: 'broken',
      description: 'throws',
      applies: () => true,
      perTemplate: () => {
        throw new Error('boom');
      },
    };
    const report = await runChecks([broken, consoleReadinessCheck], contextOf([verified(goodProductTemplate())]));
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([{ check: 'broken', severity: 'error', template: 'fixture', version: '-', resource: '-', rule: 'check-failed', message: 'the check could not run: boom' }]);
    expect(report.checks.map((c) => [c.check, c.templates, typeof c.ms])).toEqual([
      ['broken', 1, 'number'],
      ['console-readiness', 1, 'number'],
    ]);
  });

  test('a background check starts first, goes on between the templates of in-process checks, and is reported in its place', async () => {
    const events: string[] = [];
    const finding = (check: string, template: string) => ({ check, severity: 'warning' as const, template, version: '-', resource: '-', rule: 'r', message: 'm' });
    const inProcess: VerifyCheck = {
      id: 'in-process',
      description: 'one template at a time',
      applies: () => true,
      perTemplate: (t) => {
        events.push(`in-process ${t.name}`);
        return [finding('in-process', t.name)];
      },
    };
    const background: VerifyCheck = {
      id: 'background',
      description: 'another process',
      applies: () => true,
      background: async (templates) => {
        events.push('background started');
        // Stands for a child process's answer: it arrives only when the event loop runs.
        await new Promise((resolve) => setImmediate(resolve));
        events.push('background answered');
        return templates.map((t) => finding('background', t.name));
      },
    };
    const failing: VerifyCheck = { id: 'failing', description: 'rejects', applies: () => true, background: () => Promise.reject(new Error('no such tool')) };
    const report = await runChecks([inProcess, background, failing], contextOf([verified(goodProductTemplate(), { name: 'a' }), verified(goodProductTemplate(), { name: 'b' })]));

    // Started before any in-process work; answered while the in-process check still had templates to go.
    expect(events[0]).toBe('background started');
    expect(events.indexOf('background answered')).toBeLessThan(events.indexOf('in-process b'));
    expect(events).toHaveLength(4);
    expect(report.checks.map((c) => [c.check, c.templates, c.errors, c.warnings])).toEqual([
      ['in-process', 2, 0, 2],
      ['background', 2, 0, 2],
      ['failing', 2, 1, 0],
    ]);
    expect(report.warnings.map((f) => `${f.check} ${f.template}`)).toEqual(['in-process a', 'in-process b', 'background a', 'background b']);
    expect(report.errors).toEqual([{ check: 'failing', severity: 'error', template: '*', version: '-', resource: '-', rule: 'check-failed', message: 'the check could not run: no such tool' }]);
  });
});
