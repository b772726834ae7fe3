import { PRODUCTS } from '../products/catalog';
import { PRODUCT_ROLE_BOUNDARY_NAME } from '../products/shared/member-account';
import type { CfnTemplate } from '../scripts/analyzers/upgrade-diff/types';
import { consoleProblems } from '../scripts/verify/checks/console-readiness';
import { selfContainedProblems } from '../scripts/verify/checks/self-contained';
import type { VerifiedTemplate } from '../scripts/verify/types';
import { defaultConfig, productTemplate, releasedTemplates, type CfnTemplate as SupportTemplate } from './support/catalog';

/**
 * Whole-template policies for every product, current and released: what a data engineer sees in the
 * Service Catalog console, and what makes one template launch in any account and region.
 */
const templates: [string, SupportTemplate][] = PRODUCTS.flatMap((p) => [
  [`${p.id} (current code)`, productTemplate(p.id)] as [string, SupportTemplate],
  ...releasedTemplates(p.id).map((r) => [`${p.id} ${r.version}`, r.template] as [string, SupportTemplate]),
]);

/** The same checks `catalog verify` runs (console-readiness, self-contained), so the policy lives in one place. */
describe.each(templates)('%s', (name, template) => {
  const consoleFindings = consoleProblems(template as CfnTemplate);
  const selfContained = selfContainedProblems(verifiedTemplate(name, template), defaultConfig()).map((f) => ({ resource: f.resource, rule: f.rule, message: f.message }));

  test('every parameter has a label, a description and exactly one group', () => {
    expect(consoleFindings.filter((p) => p.rule !== 'parameter-constraint')).toEqual([]);
  });

  test('every parameter is constrained: an AWS type, allowed values or pattern, or bounds', () => {
    expect(consoleFindings.filter((p) => p.rule === 'parameter-constraint')).toEqual([]);
  });

  test('is self-contained: no assets, no bootstrap version, no region-conditioned metadata', () => {
    expect(selfContained.filter((p) => p.rule === 'no-assets' || p.rule === 'no-lookups')).toEqual([]);
  });

  test('hard-codes no account, region or availability zone of its own', () => {
    // Account ids and regions may appear only inside the vendor's configured references (image, vendor role).
    expect(selfContained.filter((p) => p.rule === 'no-account' || p.rule === 'no-region')).toEqual([]);
  });
});

/**
 * Every IAM role a current product template creates carries the product role boundary (the launch role may create and
 * change only roles with it: issue 12, item 8). Released v1.x snapshots predate it; they are checked by what they are.
 */
describe.each(PRODUCTS.map((p) => [p.id, productTemplate(p.id)] as const))('%s (current code): IAM roles', (_id, template) => {
  const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');

  test('creates at least the agent execution, job and scheduler roles', () => {
    expect(roles.map(([id]) => id)).toEqual(expect.arrayContaining(['AgentExecutionRole', 'AgentJobRole', 'AgentSchedulerRole']));
  });

  test.each(roles.map(([id, role]) => [id, role] as const))('%s has exactly the product role boundary', (_role, role) => {
    expect(role.Properties?.PermissionsBoundary).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${PRODUCT_ROLE_BOUNDARY_NAME}` });
  });

  test('no other resource type creates IAM principals or attaches policies', () => {
    const iam = Object.values(template.Resources).map((r) => r.Type).filter((t) => t.startsWith('AWS::IAM::') && t !== 'AWS::IAM::Role');
    expect(iam).toEqual([]);
  });
});

function verifiedTemplate(name: string, template: CfnTemplate | SupportTemplate): VerifiedTemplate {
  const text = JSON.stringify(template);
  return { kind: 'product', name, version: '-', file: '-', text, template: template as CfnTemplate };
}
