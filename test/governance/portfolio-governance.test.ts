import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudFormationProduct, CloudFormationTemplate, Portfolio } from 'aws-cdk-lib/aws-servicecatalog';
import { parseConfig } from '../../config/load';
import type { CatalogConfig } from '../../config/schema';
import { PortfolioGovernance } from '../../portfolios/governance/portfolio-governance';
import { GovernanceError, referencedParameters } from '../../portfolios/governance/template-rules';
import { launchRoleTemplateBody } from '../../portfolios/launch-role-stackset-stack';
import { ORGANIZATION_SHARES_RESOURCE_TYPE } from '../../portfolios/sharing/organization-shares';
import { productDefinition } from '../../products/catalog';
import type { ProductId } from '../../products/shared/identity';
import type { SynthesizedProduct } from '../../products/synthesize';
import { PRODUCTS_DIR_ENV, readReleases } from '../../products/versioning/release-records';
import { defaultConfig, tempDir } from '../support/catalog';

// The governance layer on a small portfolio with one fake product whose versions live in a temporary products
// folder: v0.9.0 (inactive, parameters A), v1.0.0 (A, B), v1.1.0 (A, B, C).
// The organization-share construct packages the compiled output of its handler: jest's global setup compiles dist/ first (test/support/jest/global-setup.ts).

const ENV = { account: '210987654321', region: 'ap-northeast-1' };

const productsDir = tempDir('governance-products-');
beforeAll(() => {
  const versions = path.join(productsDir, 'public-ip', 'versions');
  fs.mkdirSync(versions, { recursive: true });
  const release = (version: string, status: string, parameters: string[]) => {
    const template = { Parameters: Object.fromEntries(parameters.map((p) => [p, { Type: 'String' }])), Resources: {} };
    fs.writeFileSync(path.join(versions, `Fake.Template.${version}.product.template.json`), JSON.stringify(template));
    return { version, date: '2026-11-28', status, notes: 'test', templateSha256: '0'.repeat(64) };
  };
  const manifest = {
    product: 'public-ip',
    releases: [release('v0.9.0', 'inactive', ['A']), release('v1.0.0', 'active', ['A', 'B']), release('v1.1.0', 'deprecated', ['A', 'B', 'C'])],
  };
  fs.writeFileSync(path.join(productsDir, 'public-ip', 'releases.json'), JSON.stringify(manifest));
  process.env[PRODUCTS_DIR_ENV] = productsDir;
});
afterAll(() => delete process.env[PRODUCTS_DIR_ENV]);

function configWith(extra: Record<string, unknown>): CatalogConfig {
  const base = JSON.parse(JSON.stringify(defaultConfig())) as Record<string, unknown>;
  return parseConfig({ ...base, ...extra });
}

function synth(config: CatalogConfig): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'Catalog', { env: ENV });
  const portfolio = new Portfolio(stack, 'Portfolio', { displayName: 'Agent network patterns', providerName: 'Vendor' });
  const product = new CloudFormationProduct(stack, 'PublicIp', {
    productName: 'public-ip',
    owner: 'Vendor',
    productVersions: [{ productVersionName: 'v1.1.0', cloudFormationTemplate: CloudFormationTemplate.fromUrl('https://example.com/t.json') }],
  });
  portfolio.addProduct(product);
  const built = [{ definition: productDefinition('public-ip'), version: 'v1.1.0', manifest: readReleases('public-ip') } as unknown as SynthesizedProduct];
  new PortfolioGovernance(stack, 'Governance', { config, portfolio, products: new Map<ProductId, CloudFormationProduct>([['public-ip', product]]), built });
  return { stack, template: Template.fromStack(stack) };
}

const rule = (assert: object, condition?: object) => ({ ...(condition ? { RuleCondition: condition } : {}), Assertions: [{ Assert: assert, AssertDescription: 'why' }] });

describe('portfolio governance', () => {
  test('nothing configured: no principal, no constraint beyond the stack, no organization share', () => {
    const { template } = synth(defaultConfig());
    template.resourceCountIs('AWS::ServiceCatalog::PortfolioPrincipalAssociation', 0);
    template.resourceCountIs('AWS::ServiceCatalog::LaunchNotificationConstraint', 0);
    template.resourceCountIs('AWS::ServiceCatalog::LaunchTemplateConstraint', 0);
    template.resourceCountIs(ORGANIZATION_SHARES_RESOURCE_TYPE, 0);
  });

  test('an organization share alone: the whole organization, principals not shared by default', () => {
    const { template } = synth(configWith({ sharing: { organization: 'o-a1b2c3d4e5' } }));
    template.hasResourceProperties(ORGANIZATION_SHARES_RESOURCE_TYPE, {
      Shares: [{ Type: 'ORGANIZATION', Value: 'o-a1b2c3d4e5' }],
      ShareTagOptions: 'true',
      SharePrincipals: 'false',
    });
  });

  test('a single notification topic ARN applies to every product of the one portfolio region', () => {
    const { template } = synth(configWith({ constraints: { notificationTopicArn: 'arn:aws:sns:ap-northeast-1:210987654321:events' } }));
    template.hasResourceProperties('AWS::ServiceCatalog::LaunchNotificationConstraint', {
      NotificationArns: ['arn:aws:sns:ap-northeast-1:210987654321:events'],
      ProductId: { Ref: 'PublicIp353CB097' },
    });
  });

  test('a rule whose parameters exist in every launchable version becomes a template constraint', () => {
    const { template } = synth(configWith({ constraints: { templateRules: { 'public-ip': { BOnlyX: rule({ 'Fn::Equals': [{ Ref: 'B' }, 'x'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'ap-northeast-1'] }) } } } }));
    template.hasResourceProperties('AWS::ServiceCatalog::LaunchTemplateConstraint', {
      ProductId: { Ref: 'PublicIp353CB097' },
      Description: 'Template rule BOnlyX from the catalog configuration',
      Rules: JSON.stringify({
        BOnlyX: {
          Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'B' }, 'x'] }, AssertDescription: 'why' }],
          RuleCondition: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'ap-northeast-1'] },
        },
      }),
    });
  });

  test('a rule on a parameter an active version lacks is refused, naming rule, parameter and version (inactive versions ignored)', () => {
    const config = configWith({ constraints: { templateRules: { 'public-ip': { NeedsC: rule({ 'Fn::Contains': [['1'], { 'Fn::ValueOf': ['C', 'Attr'] }] }) } } } });
    expect(() => synth(config)).toThrow(GovernanceError);
    expect(() => synth(config)).toThrow(
      'Template constraints do not fit the products:\n' +
        "  - constraints.templateRules.public-ip.NeedsC: refers to parameter 'C', which public-ip v1.0.0 does not have; its parameters: A, B",
    );
  });

  test('a rule for a product this catalog does not contain is refused', () => {
    const config = configWith({ constraints: { templateRules: { 'nat-gateway': { R: rule({ 'Fn::Equals': ['a', 'a'] }) } } } });
    expect(() => synth(config)).toThrow('constraints.templateRules.nat-gateway: this catalog has no product nat-gateway; products: public-ip');
  });
});

describe('rule parameter references', () => {
  test('Ref and Fn::ValueOf name parameters; pseudo parameters and the types of Fn::RefAll / Fn::ValueOfAll do not', () => {
    const expression = {
      'Fn::And': [
        { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] },
        { 'Fn::EachMemberIn': [{ 'Fn::ValueOfAll': ['List<AWS::EC2::Subnet::Id>', 'VpcId'] }, { 'Fn::RefAll': 'AWS::EC2::VPC::Id' }] },
        { 'Fn::Contains': [['a'], { 'Fn::ValueOf': ['SubnetIds', 'VpcId'] }] },
        { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      ],
    };
    expect(referencedParameters(expression)).toEqual(['Environment', 'SubnetIds']);
  });
});

describe('launch-role template body for the StackSet', () => {
  test('is bootstrapless, names the role and stays far below the 51,200-byte TemplateBody limit', () => {
    const body = launchRoleTemplateBody('CustomLaunchRole', defaultConfig());
    const template = JSON.parse(body) as { Parameters?: object; Rules?: object; Resources: Record<string, { Type: string; Properties: { RoleName?: string } }> };
    expect(template.Parameters).toBeUndefined();
    // No BootstrapVersion rule: only the member-account stack's own region check.
    expect(Object.keys(template.Rules ?? {})).toEqual(['PortfolioRegion']);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties.RoleName)).toEqual(['CustomLaunchRole']);
    // About 27 KB since the self-service action runbooks (two SSM documents, ~9 KB) travel in it: still half the limit.
    expect(Buffer.byteLength(body)).toBeLessThan(32_000);
  });
});
