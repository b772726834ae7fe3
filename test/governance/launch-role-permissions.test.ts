import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../config/load';
import type { CatalogConfig } from '../../config/schema';
import { PRODUCT_IDS, type ProductId } from '../../products/shared/identity';
import { readReleases } from '../../products/versioning/release-records';
import { productTemplate, readTemplate, type CfnTemplate } from '../support/catalog';
import { evaluate, type PolicyStatementJson } from '../support/iam-evaluate';
import {
  BOUNDARY_ARN,
  describe as describeFinding,
  HANDLERS,
  launchRoleStatements,
  MEMBER_ACCOUNT,
  notAllowed,
  readAuthorization,
  readSchema,
  schemaFile,
  serviceCatalogChecks,
  templateChecks,
  type Check,
  type Skip,
} from '../support/launch-role-audit';

/**
 * The launch role against CloudFormation's own handler permissions (issue 12, item 8): every action the create,
 * update or delete handler of every resource of every released product version (products/<product>/versions/*.json)
 * and of every current template calls, as a request with its real ARN in every portfolio region of every committed
 * configuration, evaluated against the launch role synthesized for that configuration. Plus what Service Catalog
 * itself does with the role and the SSM parameters CloudFormation resolves with it.
 */
const CONFIG_FILES = ['config/default.yaml', ...fs.readdirSync('config/examples').filter((f) => f.endsWith('.yaml')).map((f) => `config/examples/${f}`)];
const { data: auth, source: authSource } = readAuthorization();

function releasedTemplates(): { source: string; template: CfnTemplate }[] {
  return fs
    .readdirSync('products')
    .filter((p) => fs.existsSync(path.join('products', p, 'versions')))
    .flatMap((p) =>
      fs
        .readdirSync(path.join('products', p, 'versions'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ source: `${p} ${f.match(/\.(v\d+\.\d+\.\d+)\./)?.[1] ?? f}`, template: readTemplate(path.join('products', p, 'versions', f)) })),
    );
}

const released = releasedTemplates();
const current = PRODUCT_IDS.map((id) => ({ source: `${id} (current)`, template: productTemplate(id) }));
const templates = [...released, ...current];

/** Templates whose IAM roles carry no permissions boundary: released before the boundary guard. */
const withoutBoundary = (t: CfnTemplate) => Object.values(t.Resources).some((r) => r.Type === 'AWS::IAM::Role' && r.Properties?.PermissionsBoundary === undefined);

interface Audit {
  config: CatalogConfig;
  file: string;
  statements: PolicyStatementJson[];
  checks: Check[];
  skips: Skip[];
  notIam: string[];
}

const audits: Audit[] = CONFIG_FILES.map((file) => {
  const config = loadConfig(file);
  const checks: Check[] = [];
  const skips: Skip[] = [];
  const notIam: string[] = [];
  for (const region of config.portfolio.regions) {
    checks.push(...serviceCatalogChecks(auth, region));
    for (const { source, template } of templates) {
      const result = templateChecks(auth, source, template, region);
      checks.push(...result.checks);
      skips.push(...result.skips);
      notIam.push(...result.notIam);
    }
  }
  return { config, file, statements: launchRoleStatements(config), checks, skips, notIam };
});

const types = [...new Set(templates.flatMap((t) => Object.values(t.template.Resources).map((r) => r.Type)))].sort();

afterAll(() => {
  const total = audits.reduce((n, a) => n + a.checks.length, 0);
  const distinct = new Set(audits.flatMap((a) => a.checks.map((c) => `${c.type}|${c.handler}|${c.request.action}|${c.region}`)));
  console.log(
    [
      `launch-role audit: ${types.length} resource types in ${templates.length} templates (${released.length} released, ${current.length} current), ${CONFIG_FILES.length} configurations`,
      `authorization data: ${authSource}`,
      `checks evaluated: ${total} requests; ${distinct.size} distinct (type, handler, action, region)`,
      `resource types: ${types.join(', ')}`,
      `handler actions not triggered by these templates: ${[...new Set(audits.flatMap((a) => a.skips.map((s) => `${s.type} ${s.action} (${s.reason})`)))].length}`,
      `handler permissions that are no IAM action: ${[...new Set(audits.flatMap((a) => a.notIam))].join('; ') || 'none'}`,
    ].join('\n'),
  );
});

describe('launch role: schema-driven permission audit', () => {
  test('every resource type of every template has a schema copy', () => {
    const missing = types.filter((t) => !readSchema(t)).map((t) => `${t}: add ${path.relative('.', schemaFile(t))} (see test/fixtures/cfn-resource-schemas/README.md)`);
    expect(missing).toEqual([]);
    expect(types.length).toBeGreaterThanOrEqual(20);
  });

  test('the audit covers every handler of every resource type in every portfolio region', () => {
    for (const audit of audits) {
      const covered = new Set(audit.checks.map((c) => `${c.type}|${c.handler}|${c.region}`));
      const expected = types.flatMap((t) =>
        HANDLERS.filter((h) => (readSchema(t)!.handlers[h]?.permissions ?? []).length > 0).flatMap((h) => audit.config.portfolio.regions.map((r) => `${t}|${h}|${r}`)),
      );
      expect(expected.filter((e) => !covered.has(e))).toEqual([]);
    }
  });

  test.each(CONFIG_FILES)('every action a product create, update or delete needs is allowed (%s)', (file) => {
    const audit = audits.find((a) => a.file === file)!;
    const findings = notAllowed(audit.statements, audit.checks);
    // Released versions from before the boundary guard create roles without PermissionsBoundary: the guarded
    // launch role refuses exactly those role writes (the integrator deprecates those versions; see README).
    const preBoundary = new Set(templates.filter((t) => withoutBoundary(t.template)).map((t) => t.source));
    const expectedRefusals = findings.filter(
      (f) =>
        preBoundary.has(f.check.source) &&
        f.check.type === 'AWS::IAM::Role' &&
        ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy'].includes(f.check.request.action) &&
        f.deniedBy === 'DenyRoleWritesWithoutBoundary',
    );
    const missing = findings.filter((f) => !expectedRefusals.includes(f)).map(describeFinding);
    expect([...new Set(missing)]).toEqual([]);
    if (expectedRefusals.length) {
      console.log(`${file}: role writes refused for templates without a permissions boundary: ${[...new Set(expectedRefusals.map((f) => f.check.source))].join(', ')}`);
    }
  });

  test('a version whose roles carry no permissions boundary is never offered for new launches', () => {
    // The guarded launch role refuses its role writes: such a version must be deprecated (updates still allowed, no
    // new launches) or inactive, and no current template may be one.
    const preBoundary = templates.filter((t) => withoutBoundary(t.template)).map((t) => t.source);
    expect(preBoundary.filter((s) => s.endsWith('(current)'))).toEqual([]);
    const offered = preBoundary.filter((s) => {
      const [product, version] = s.split(' ');
      return readReleases(product as ProductId).releases.find((r) => r.version === version)?.status === 'active';
    });
    expect(offered).toEqual([]);
    expect(preBoundary.length).toBeGreaterThan(0);
  });

  test('no grant of the launch role depends on the region it is deployed in', () => {
    // launchRoleStatements throws on Ref AWS::Region; every regional ARN names the portfolio regions.
    for (const audit of audits) {
      const text = JSON.stringify(audit.statements);
      for (const region of audit.config.portfolio.regions) expect(text).toContain(`:${region}:`);
    }
  });
});

describe('launch role: the evaluator bites', () => {
  const audit = audits.find((a) => a.config.portfolio.regions.length > 1) ?? audits[0];

  test('removing one grant from a copy of the policy names the missing action', () => {
    const copy = audit.statements.map((s) => ({ ...s, Action: s.Action === undefined ? undefined : [s.Action].flat().filter((a) => a !== 'logs:PutRetentionPolicy') }));
    const before = new Set(notAllowed(audit.statements, audit.checks).map(describeFinding));
    const added = notAllowed(copy, audit.checks).map(describeFinding).filter((f) => !before.has(f));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((f) => !f.startsWith('logs:PutRetentionPolicy — AWS::Logs::LogGroup'))).toEqual([]);
  });

  test('a grant scoped to the deploy region alone fails the other portfolio regions', () => {
    const [first, ...others] = audit.config.portfolio.regions;
    if (!others.length) return;
    const copy = audit.statements.map((s) => (s.Sid === 'AgentBatch' ? { ...s, Resource: [s.Resource!].flat().filter((r) => r.includes(`:${first}:`)) } : s));
    const findings = notAllowed(copy, audit.checks);
    expect(findings.some((f) => f.check.request.action === 'batch:CreateComputeEnvironment' && f.check.region === others[0])).toBe(true);
    expect(findings.some((f) => f.check.request.action === 'batch:CreateComputeEnvironment' && f.check.region === first)).toBe(false);
  });

  const role = (name: string) => `arn:aws:iam::${MEMBER_ACCOUNT}:role/SC-${MEMBER_ACCOUNT}-pp-abc-${name}`;
  test('escalation guard: role writes need the product-role boundary, boundaries cannot be removed or swapped', () => {
    const s = audit.statements;
    expect(evaluate(s, { action: 'iam:CreateRole', resource: role('X'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN } }).allowed).toBe(true);
    expect(evaluate(s, { action: 'iam:CreateRole', resource: role('X') })).toEqual({ allowed: false, deniedBy: 'DenyRoleWritesWithoutBoundary' });
    expect(evaluate(s, { action: 'iam:PutRolePolicy', resource: role('X') })).toEqual({ allowed: false, deniedBy: 'DenyRoleWritesWithoutBoundary' });
    expect(evaluate(s, { action: 'iam:AttachRolePolicy', resource: role('X'), context: { 'iam:PermissionsBoundary': `arn:aws:iam::${MEMBER_ACCOUNT}:policy/Other` } }).allowed).toBe(false);
    expect(evaluate(s, { action: 'iam:PutRolePermissionsBoundary', resource: role('X'), context: { 'iam:PermissionsBoundary': `arn:aws:iam::${MEMBER_ACCOUNT}:policy/AdministratorAccess` } })).toEqual({
      allowed: false,
      deniedBy: 'DenyRoleWritesWithoutBoundary',
    });
    expect(evaluate(s, { action: 'iam:DeleteRolePermissionsBoundary', resource: role('X'), context: { 'iam:PermissionsBoundary': BOUNDARY_ARN } })).toEqual({ allowed: false, deniedBy: 'DenyBoundaryRemoval' });
    expect(evaluate(s, { action: 'iam:CreatePolicyVersion', resource: BOUNDARY_ARN })).toEqual({ allowed: false, deniedBy: 'DenyBoundaryPolicyChanges' });
    expect(evaluate(s, { action: 'iam:CreateRole', resource: `arn:aws:iam::${MEMBER_ACCOUNT}:role/Admin`, context: { 'iam:PermissionsBoundary': BOUNDARY_ARN } }).allowed).toBe(false);
    expect(evaluate(s, { action: 'iam:PassRole', resource: role('X'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }).allowed).toBe(false);
  });

  test('destructive EC2 actions need the resource to belong to a Service Catalog stack', () => {
    const vpc = `arn:aws:ec2:${audit.config.portfolio.regions[0]}:${MEMBER_ACCOUNT}:vpc/vpc-0customer`;
    expect(evaluate(audit.statements, { action: 'ec2:DeleteVpc', resource: vpc }).allowed).toBe(false);
    expect(evaluate(audit.statements, { action: 'ec2:DeleteVpc', resource: vpc, context: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'customer-network' } }).allowed).toBe(false);
    expect(evaluate(audit.statements, { action: 'ec2:DeleteVpc', resource: vpc, context: { 'aws:ResourceTag/aws:cloudformation:stack-name': `SC-${MEMBER_ACCOUNT}-pp-x` } }).allowed).toBe(true);
    expect(evaluate(audit.statements, { action: 'ec2:DeleteVpc', resource: vpc.replace(audit.config.portfolio.regions[0], 'eu-west-3'), context: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'SC-1' } }).allowed).toBe(false);
  });
});
