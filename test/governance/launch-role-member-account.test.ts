import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../config/load';
import { MEMBER_ACCOUNT_IDS } from '../../portfolios/launch-role-stack';
import { launchRoleTemplateBody, MAX_TEMPLATE_BODY_BYTES } from '../../portfolios/launch-role-stackset-stack';
import { distributionValues } from '../../products/shared/distribution-values';
import { DISTRIBUTION_PARAMETERS, PRODUCT_ROLE_BOUNDARY_NAME } from '../../products/shared/member-account';
import type { CfnTemplate } from '../support/catalog';

/**
 * The member-account stack: one template for every launching account and every portfolio region. The distribution
 * parameters exist in every region with that region's values; the role and its boundary only in the launch-role region.
 */
const CONFIGS = ['config/default.yaml', 'config/examples/customer-hosted.yaml', 'config/examples/vendor-hosted.yaml'];

describe.each(CONFIGS)('member-account template (%s)', (file) => {
  const config = loadConfig(file);
  const body = launchRoleTemplateBody(config.launchRole.name, config);
  const template = JSON.parse(body) as CfnTemplate & { Mappings: Record<string, Record<string, Record<string, string>>> };
  const regions = config.portfolio.regions;
  const roleRegion = config.launchRole.stackSet?.region ?? regions[0];

  test('fits a StackSet TemplateBody', () => {
    console.log(`${file}: member-account TemplateBody ${Buffer.byteLength(body)} bytes (limit ${MAX_TEMPLATE_BODY_BYTES})`);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_TEMPLATE_BODY_BYTES);
  });

  test('writes every distribution parameter with the mapping value of the deploy region', () => {
    const values = distributionValues(config);
    const params = Object.values(Template.fromJSON(template).findResources('AWS::SSM::Parameter'));
    expect(params.map((p) => p.Properties.Name).sort()).toEqual(Object.values(DISTRIBUTION_PARAMETERS).sort());
    for (const p of params) {
      const key = Object.entries(DISTRIBUTION_PARAMETERS).find(([, name]) => name === p.Properties.Name)![0] as keyof typeof DISTRIBUTION_PARAMETERS;
      expect(p.Properties.Type).toBe(key === 'egressDomains' ? 'StringList' : 'String');
      expect(p.Properties.Value).toEqual({ 'Fn::FindInMap': [MEMBER_ACCOUNT_IDS.distributionMapping, { Ref: 'AWS::Region' }, key] });
      for (const region of regions) {
        expect(template.Mappings[MEMBER_ACCOUNT_IDS.distributionMapping][region][key]).toBe([values[region][key]].flat().join(','));
      }
    }
  });

  test('a region outside the portfolio fails the deploy with a rule naming the allowed regions', () => {
    const rule = (template.Rules as Record<string, { Assertions: { Assert: unknown; AssertDescription: string }[] }>)[MEMBER_ACCOUNT_IDS.regionRule];
    expect(rule.Assertions[0].AssertDescription).toContain(regions.join(', '));
    expect(rule.Assertions[0].Assert).toEqual({ 'Fn::Contains': [regions, { Ref: 'AWS::Region' }] });
  });

  test('the launch role and the boundary exist only in the launch-role region', () => {
    const condition = template.Conditions![MEMBER_ACCOUNT_IDS.roleCondition];
    expect(condition).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, roleRegion] });
    const iamResources = Object.entries(template.Resources).filter(([, r]) => r.Type.startsWith('AWS::IAM::'));
    expect(iamResources.map(([, r]) => [r.Type, r.Condition])).toEqual(
      expect.arrayContaining([
        ['AWS::IAM::ManagedPolicy', MEMBER_ACCOUNT_IDS.roleCondition],
        ['AWS::IAM::Role', MEMBER_ACCOUNT_IDS.roleCondition],
      ]),
    );
    expect(iamResources.every(([, r]) => r.Condition === MEMBER_ACCOUNT_IDS.roleCondition)).toBe(true);
    const boundary = iamResources.find(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')![1];
    expect(boundary.Properties!.ManagedPolicyName).toBe(PRODUCT_ROLE_BOUNDARY_NAME);
  });
});
