import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { iamPatternMatches } from '../../config/governance-schema';
import { MAX_TEMPLATE_BODY_BYTES } from '../../portfolios/launch-role-stackset-stack';
import { ORGANIZATION_SHARES_RESOURCE_TYPE } from '../../portfolios/sharing/organization-shares';
import { synthesizeCatalog, type CatalogSynthesis } from '../../scripts/catalog-build/synth';
import { readTemplate, tempDir, type CfnTemplate } from '../support/catalog';

// Each example configuration is synthesized once (the whole catalog: products, portfolio stacks, StackSet).
// The Lambda handlers are packaged from dist/: jest's global setup compiles dist/ first (test/support/jest/global-setup.ts).

const SYNTH_TIMEOUT_MS = 600_000;
const SSO_DATA_ENGINEER = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_DataEngineer_*';
const SSO_PLATFORM_ADMIN = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_PlatformAdmin_*';

function stackTemplate(synthesis: CatalogSynthesis, name: string): CfnTemplate {
  const stack = synthesis.assembly.getStackByName(name);
  return readTemplate(path.join(synthesis.assembly.directory, stack.templateFile));
}

/** Resources of one type, by logical id. */
function resourcesOfType(template: CfnTemplate, type: string): Record<string, CfnTemplate['Resources'][string]> {
  return Object.fromEntries(Object.entries(template.Resources).filter(([, r]) => r.Type === type));
}

/** Product name → the S3 object key (content hash) of every version's template, as the portfolio stack loads it. */
function productTemplateObjects(template: CfnTemplate): Record<string, string[]> {
  return Object.fromEntries(
    Object.values(resourcesOfType(template, 'AWS::ServiceCatalog::CloudFormationProduct')).map((product) => {
      const artifacts = product.Properties!.ProvisioningArtifactParameters as { Info: { LoadTemplateFromURL: { 'Fn::Sub': string } } }[];
      return [product.Properties!.Name as string, artifacts.map((a) => /\/([a-f0-9]{64}\.json)$/.exec(a.Info.LoadTemplateFromURL['Fn::Sub'])![1])];
    }),
  );
}

describe('customer-hosted example (config/examples/customer-hosted.yaml)', () => {
  let synthesis: CatalogSynthesis;
  let tokyo: CfnTemplate;
  let virginia: CfnTemplate;
  beforeAll(() => {
    synthesis = synthesizeCatalog({ configFile: 'config/examples/customer-hosted.yaml', outdir: tempDir() });
    tokyo = stackTemplate(synthesis, 'AgentNetworkCatalog-ap-northeast-1');
    virginia = stackTemplate(synthesis, 'AgentNetworkCatalog-us-east-1');
  }, SYNTH_TIMEOUT_MS);

  test('one portfolio stack per configured region, each in its region', () => {
    const stacks = synthesis.assembly.stacks.map((s) => [s.stackName, s.environment.region]);
    expect(stacks).toEqual(
      expect.arrayContaining([
        ['AgentNetworkCatalog-ap-northeast-1', 'ap-northeast-1'],
        ['AgentNetworkCatalog-us-east-1', 'us-east-1'],
      ]),
    );
  });

  test('product templates are byte-identical across regions: same template objects, same staged files', () => {
    const inTokyo = productTemplateObjects(tokyo);
    expect(Object.keys(inTokyo)).toContain('Metadata agent - public IP');
    expect(productTemplateObjects(virginia)).toEqual(inTokyo);
    // The object key is the SHA-256 of the staged file: the same bytes are uploaded to each region's asset bucket.
    for (const key of Object.values(inTokyo).flat()) {
      const staged = path.join(synthesis.outdir, `asset.${key}`);
      expect([key, fs.existsSync(staged)]).toEqual([key, true]);
    }
  });

  test('the OUs receive an organization share with TagOptions and principal names, after the whole portfolio', () => {
    for (const template of [tokyo, virginia]) {
      const shares = resourcesOfType(template, ORGANIZATION_SHARES_RESOURCE_TYPE);
      expect(Object.keys(shares)).toEqual(['GovernanceOrganizationSharesE7A5355D']);
      const share = shares.GovernanceOrganizationSharesE7A5355D;
      expect(share.Properties).toMatchObject({
        PortfolioId: { Ref: 'Portfolio856A4190' },
        Shares: [
          { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-dataplat1' },
          { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-analyt2x9' },
        ],
        ShareTagOptions: 'true',
        SharePrincipals: 'true',
      });
      // Shared only once products, constraints, TagOptions (found or created, and associated) and principal associations exist.
      const dependsOn = [share.DependsOn ?? []].flat();
      const mustPrecede = Object.entries(template.Resources)
        .filter(([, r]) =>
          [
            'AWS::ServiceCatalog::PortfolioProductAssociation',
            'AWS::ServiceCatalog::PortfolioPrincipalAssociation',
            'Custom::PortfolioTagOption',
            'AWS::ServiceCatalog::LaunchRoleConstraint',
            'AWS::ServiceCatalog::LaunchNotificationConstraint',
            'AWS::ServiceCatalog::LaunchTemplateConstraint',
          ].includes(r.Type),
        )
        .map(([id]) => id);
      expect(mustPrecede.length).toBeGreaterThan(10);
      expect(dependsOn).toEqual(expect.arrayContaining([...mustPrecede, 'Portfolio856A4190']));
    }
    // No account shares in this configuration.
    expect(resourcesOfType(tokyo, 'AWS::ServiceCatalog::PortfolioShare')).toEqual({});
  });

  test('principals: permission-set role patterns as IAM_PATTERN, the admin role as IAM', () => {
    const principals = Object.values(resourcesOfType(tokyo, 'AWS::ServiceCatalog::PortfolioPrincipalAssociation')).map((r) => r.Properties);
    expect(principals).toEqual([
      { PortfolioId: { Ref: 'Portfolio856A4190' }, PrincipalARN: SSO_DATA_ENGINEER, PrincipalType: 'IAM_PATTERN' },
      { PortfolioId: { Ref: 'Portfolio856A4190' }, PrincipalARN: SSO_PLATFORM_ADMIN, PrincipalType: 'IAM_PATTERN' },
      { PortfolioId: { Ref: 'Portfolio856A4190' }, PrincipalARN: 'arn:aws:iam::210987654321:role/CloudPlatformCatalogAdmins', PrincipalType: 'IAM' },
    ]);
    // Logical ids come from the ARN, so reordering the list never replaces an association.
    expect(Object.keys(resourcesOfType(tokyo, 'AWS::ServiceCatalog::PortfolioPrincipalAssociation'))).toEqual([
      'GovernancePrincipalF8F8BA8D67556019',
      'GovernancePrincipalFB5C873C486DC313',
      'GovernancePrincipalCD4EFDB4420248F8',
    ]);
  });

  test('the permission-set patterns match Identity Center roles whether its home region is us-east-1 or not', () => {
    for (const [pattern, permissionSet] of [[SSO_DATA_ENGINEER, 'DataEngineer'], [SSO_PLATFORM_ADMIN, 'PlatformAdmin']]) {
      const roles = ['', 'ap-northeast-1/', 'us-west-2/'].map((region) => `arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/${region}AWSReservedSSO_${permissionSet}_0123456789abcdef`);
      expect(roles.map((arn) => iamPatternMatches(pattern, arn))).toEqual([true, true, true]);
    }
  });

  test('product pages: the customer platform team owns the products, the vendor distributes them, with a support contact', () => {
    for (const template of [tokyo, virginia]) {
      const products = Object.values(resourcesOfType(template, 'AWS::ServiceCatalog::CloudFormationProduct'));
      expect(products).toHaveLength(5);
      for (const product of products) {
        expect(product.Properties).toMatchObject({
          Owner: 'Example Corp Cloud Platform',
          Distributor: 'Example Data Catalog Vendor',
          SupportEmail: 'cloud-platform@example.com',
          SupportUrl: 'https://wiki.example.com/cloud-platform/metadata-agent',
          SupportDescription: expect.stringContaining('ask the Cloud Platform team'),
        });
      }
    }
  });

  test("every product has a notification constraint to its region's topic, after its product association", () => {
    for (const [template, topic] of [
      [tokyo, 'arn:aws:sns:ap-northeast-1:210987654321:agent-catalog-events'],
      [virginia, 'arn:aws:sns:us-east-1:210987654321:agent-catalog-events'],
    ] as const) {
      const products = Object.keys(resourcesOfType(template, 'AWS::ServiceCatalog::CloudFormationProduct'));
      const constraints = Object.values(resourcesOfType(template, 'AWS::ServiceCatalog::LaunchNotificationConstraint'));
      expect(constraints.map((c) => (c.Properties!.ProductId as { Ref: string }).Ref).sort()).toEqual([...products].sort());
      for (const constraint of constraints) {
        expect(constraint.Properties!.NotificationArns).toEqual([topic]);
        expect([constraint.DependsOn].flat()[0]).toMatch(/^PortfolioPortfolioProductAssociation/);
      }
    }
  });

  test('template constraints carry the configured rules of public-ip and nat-gateway', () => {
    const all = Object.values(resourcesOfType(tokyo, 'AWS::ServiceCatalog::LaunchTemplateConstraint'));
    const constraints = all.filter((c) => (c.Properties!.ProductId as { Ref: string }).Ref === 'PublicIp353CB097');
    expect(constraints).toHaveLength(2);
    const natGateway = all.filter((c) => c !== constraints[0] && c !== constraints[1]);
    expect(natGateway.map((c) => [(c.Properties!.ProductId as { Ref: string }).Ref, JSON.parse(c.Properties!.Rules as string)])).toEqual([
      [
        expect.stringMatching(/^NatGateway[0-9A-F]{8}$/),
        {
          AllowlistedEgressAddress: {
            Assertions: [
              {
                Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'NatEgressAllocationId1' }, ''] }] },
                AssertDescription:
                  "Give the allocation id of an Elastic IP registered in the data sources' allowlists, so the egress address survives re-provisioning.",
              },
            ],
          },
        },
      ],
    ]);
    const rules = Object.assign({}, ...constraints.map((c) => JSON.parse(c.Properties!.Rules as string) as object));
    expect(rules).toEqual({
      AuditLogRetention: {
        Assertions: [
          {
            Assert: { 'Fn::Contains': [['365', '400', '545', '731', '1096', '1827', '2192', '2557', '2922', '3288', '3653'], { Ref: 'LogRetentionDays' }] },
            AssertDescription: 'Agent logs are audit records here; keep them at least 365 days.',
          },
        ],
      },
      ScheduledRunsOnDemand: {
        RuleCondition: { 'Fn::Equals': [{ Ref: 'ScheduleState' }, 'ENABLED'] },
        Assertions: [
          {
            Assert: { 'Fn::Equals': [{ Ref: 'ComputeType' }, 'FARGATE'] },
            AssertDescription: 'Scheduled agents run on on-demand Fargate (Spot interruptions break nightly harvests).',
          },
        ],
      },
    });
    // Each constraint waits for the association of public-ip with the portfolio (constraints need it).
    const [association] = Object.entries(resourcesOfType(tokyo, 'AWS::ServiceCatalog::PortfolioProductAssociation')).find(
      ([, r]) => (r.Properties!.ProductId as { Ref: string }).Ref === 'PublicIp353CB097',
    )!;
    for (const c of constraints) expect([c.DependsOn].flat()).toEqual([association]);
  });

  test('the launch-role StackSet is service-managed, deploys automatically to the OUs in every portfolio region, as delegated admin', () => {
    const template = Template.fromJSON(stackTemplate(synthesis, 'AgentNetworkCatalogLaunchRoleStackSet'));
    template.resourceCountIs('AWS::CloudFormation::StackSet', 1);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'AgentNetworkCatalogLaunchRole',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      ManagedExecution: { Active: true },
      OperationPreferences: { MaxConcurrentPercentage: 25, FailureTolerancePercentage: 10 },
      // Every portfolio region gets the distribution parameters; the role is created only in the launch-role region.
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-dataplat1', 'ou-ab12-analyt2x9'] }, Regions: ['ap-northeast-1', 'us-east-1'] }],
      TemplateBody: Match.anyValue(),
    });
  });

  test('the StackSet template body is the launch role itself, self-contained and within the TemplateBody limit', () => {
    const stackSet = Object.values(resourcesOfType(stackTemplate(synthesis, 'AgentNetworkCatalogLaunchRoleStackSet'), 'AWS::CloudFormation::StackSet'))[0];
    const body = stackSet.Properties!.TemplateBody as string;
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_TEMPLATE_BODY_BYTES);
    const inner = JSON.parse(body) as CfnTemplate;
    // Member accounts are not CDK-bootstrapped: no BootstrapVersion parameter, no bootstrap check rule, no assets.
    expect(inner.Parameters).toBeUndefined();
    expect(Object.keys(inner.Rules ?? {})).toEqual(['PortfolioRegion']);
    const roles = Object.values(resourcesOfType(inner, 'AWS::IAM::Role'));
    expect(roles.map((r) => r.Properties!.RoleName)).toEqual(['AgentNetworkCatalogLaunchRole']);
    // The same permissions as the per-account launch-role stack.
    const perAccount = Object.values(resourcesOfType(stackTemplate(synthesis, 'AgentNetworkCatalogLaunchRole'), 'AWS::IAM::Role'))[0];
    expect(roles[0].Properties!.Policies).toEqual(perAccount.Properties!.Policies);
    expect(roles[0].Properties!.AssumeRolePolicyDocument).toEqual(perAccount.Properties!.AssumeRolePolicyDocument);
  });
});

describe('vendor-hosted example (config/examples/vendor-hosted.yaml)', () => {
  let synthesis: CatalogSynthesis;
  let portfolio: CfnTemplate;
  beforeAll(() => {
    synthesis = synthesizeCatalog({ configFile: 'config/examples/vendor-hosted.yaml', outdir: tempDir() });
    portfolio = stackTemplate(synthesis, 'AgentNetworkCatalog-ap-northeast-1');
  }, SYNTH_TIMEOUT_MS);

  test("account shares to the customers' hub accounts with TagOptions; no organization share, no StackSet", () => {
    const shares = Object.values(resourcesOfType(portfolio, 'AWS::ServiceCatalog::PortfolioShare')).map((r) => r.Properties);
    expect(shares).toEqual([
      { AccountId: '210987654321', PortfolioId: { Ref: 'Portfolio856A4190' }, ShareTagOptions: true },
      { AccountId: '310987654321', PortfolioId: { Ref: 'Portfolio856A4190' }, ShareTagOptions: true },
    ]);
    expect(resourcesOfType(portfolio, ORGANIZATION_SHARES_RESOURCE_TYPE)).toEqual({});
    expect(resourcesOfType(portfolio, 'AWS::Lambda::Function')).not.toHaveProperty('GovernanceOrganizationSharesHandler');
    expect(synthesis.assembly.stacks.map((s) => s.stackName)).not.toContain('AgentNetworkCatalogLaunchRoleStackSet');
  });

  test("the vendor's engineers are an IAM principal; no notification constraint", () => {
    expect(Object.values(resourcesOfType(portfolio, 'AWS::ServiceCatalog::PortfolioPrincipalAssociation')).map((r) => r.Properties)).toEqual([
      { PortfolioId: { Ref: 'Portfolio856A4190' }, PrincipalARN: 'arn:aws:iam::111122223333:role/CatalogReleaseEngineers', PrincipalType: 'IAM' },
    ]);
    expect(resourcesOfType(portfolio, 'AWS::ServiceCatalog::LaunchNotificationConstraint')).toEqual({});
  });

  test('the shared template constraint on public-ip travels with the share', () => {
    const constraints = Object.values(resourcesOfType(portfolio, 'AWS::ServiceCatalog::LaunchTemplateConstraint'));
    expect(constraints.map((c) => [c.Properties!.ProductId, Object.keys(JSON.parse(c.Properties!.Rules as string) as object)])).toEqual([
      [{ Ref: 'PublicIp353CB097' }, ['SupportedLogRetention']],
    ]);
  });
});
