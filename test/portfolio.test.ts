import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TAG_OPTION_RESOURCE_TYPE } from '../portfolios/governance/portfolio-tag-options';
import { NAG_ACKNOWLEDGMENTS } from '../scripts/verify/acknowledgments';
import { runNag } from '../scripts/verify/checks/cdk-nag';
import { defaultSynthesis, readTemplate } from './support/catalog';

const synthesis = defaultSynthesis();
const stackTemplate = (name: string) => {
  const stack = synthesis.assembly.getStackByName(name);
  return Template.fromJSON(readTemplate(path.join(synthesis.assembly.directory, stack.templateFile)));
};
const portfolio = stackTemplate('AgentNetworkCatalog-ap-northeast-1');
const launchRole = stackTemplate('AgentNetworkCatalogLaunchRole');

describe('portfolio stack', () => {
  test('one portfolio with the configured names', () => {
    portfolio.hasResourceProperties('AWS::ServiceCatalog::Portfolio', {
      DisplayName: 'Metadata Agent Network Patterns',
      ProviderName: 'Example Data Catalog Vendor',
    });
    expect(synthesis.assembly.getStackByName('AgentNetworkCatalog-ap-northeast-1').environment.region).toBe('ap-northeast-1');
  });

  test('the public-ip product carries every released version from its snapshot', () => {
    portfolio.hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      Name: 'Metadata agent - public IP',
      ProvisioningArtifactParameters: [
        Match.objectLike({ Name: 'v1.0.0', DisableTemplateValidation: false }),
        Match.objectLike({ Name: 'v1.1.0', DisableTemplateValidation: false, Description: Match.stringLikeRegexp('Upgrade from v1\\.0\\.0: compatible') }),
        Match.objectLike({ Name: 'v1.2.0', DisableTemplateValidation: false, Description: Match.stringLikeRegexp('Upgrade from v1\\.1\\.0: compatible') }),
        Match.objectLike({ Name: 'v1.3.0', DisableTemplateValidation: false, Description: Match.stringLikeRegexp('Upgrade from v1\\.2\\.0: compatible') }),
      ],
    });
  });

  test('TagOptions from the configuration: each key and value found or created and associated by the custom resource', () => {
    const tagOptions = Object.values(portfolio.findResources(TAG_OPTION_RESOURCE_TYPE)).map((r) => r.Properties);
    expect(tagOptions.map(({ Key, Value }) => `${Key}=${Value}`).sort()).toEqual([
      'CostCenter=analytics',
      'CostCenter=data-platform',
      'Environment=dev',
      'Environment=prod',
      'Environment=stg',
    ]);
    for (const properties of tagOptions) expect(properties.PortfolioId).toEqual({ Ref: 'Portfolio856A4190' });
    // Not CloudFormation's own TagOption resources: those fail where the key and value already exist.
    portfolio.resourceCountIs('AWS::ServiceCatalog::TagOption', 0);
    portfolio.resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 0);
  });

  test('the TagOption handler may find, create, associate, disassociate and delete TagOptions, and nothing else', () => {
    const policies = Object.values(portfolio.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('TagOptionProviderHandler'),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'TagOptions',
        Effect: 'Allow',
        // Sorted: cdk.json's @aws-cdk/aws-iam:minimizePolicies merges and sorts statements.
        Action: [
          'servicecatalog:AssociateTagOptionWithResource',
          'servicecatalog:CreateTagOption',
          'servicecatalog:DeleteTagOption',
          'servicecatalog:DisassociateTagOptionFromResource',
          'servicecatalog:ListTagOptions',
        ],
        Resource: '*',
      },
    ]);
  });

  test('cdk-nag finds nothing unacknowledged in the TagOption provider', () => {
    const findings = runNag({ config: synthesis.config, templates: [], constructRoots: [synthesis.catalog.app] }, NAG_ACKNOWLEDGMENTS);
    expect(findings.filter((f) => f.message.includes('/TagOptionProvider/'))).toEqual([]);
  });

  test('the product pages carry owner, distributor and the support contact from the configuration', () => {
    const products = Object.values(portfolio.findResources('AWS::ServiceCatalog::CloudFormationProduct'));
    expect(products).toHaveLength(5);
    for (const product of products) {
      expect(product.Properties).toMatchObject({
        Owner: 'Example Data Catalog Vendor',
        Distributor: 'Example Data Catalog Vendor',
        SupportEmail: 'support@example-datacatalog.com',
        SupportUrl: 'https://support.example-datacatalog.com/agent',
        SupportDescription: 'Open a ticket with the provisioned product id and the failed stack event.',
      });
    }
  });

  test('a launch constraint names the local launch role and a tag-update constraint allows tag updates', () => {
    portfolio.hasResourceProperties('AWS::ServiceCatalog::LaunchRoleConstraint', {
      LocalRoleName: 'AgentNetworkCatalogLaunchRole',
      RoleArn: Match.absent(),
    });
    portfolio.hasResourceProperties('AWS::ServiceCatalog::ResourceUpdateConstraint', { TagUpdateOnProvisionedProduct: 'ALLOWED' });
    // The role is not created by the portfolio stack: the launch-role stack creates it in every account.
    // (The portfolio's roles are its custom-resource Lambdas' own.)
    portfolio.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: 'AgentNetworkCatalogLaunchRole' }, 0);
  });

  test('configured accounts receive a share with TagOptions, made after every TagOption is associated', () => {
    portfolio.hasResourceProperties('AWS::ServiceCatalog::PortfolioShare', { AccountId: '444455556666', ShareTagOptions: true });
    const [share] = Object.values(portfolio.findResources('AWS::ServiceCatalog::PortfolioShare'));
    const tagOptionIds = Object.keys(portfolio.findResources(TAG_OPTION_RESOURCE_TYPE));
    expect(tagOptionIds).toHaveLength(5);
    expect(share.DependsOn).toEqual(expect.arrayContaining(tagOptionIds));
  });
});

describe('launch-role stack', () => {
  const role = () => Object.values(launchRole.findResources('AWS::IAM::Role'))[0];
  const statements = () => role().Properties.Policies[0].PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];

  // SSM Automation assumes the role too: the self-service actions' runbooks run with it (self-service-action-policy.ts).
  test('the role has the configured name and trusts only Service Catalog and SSM Automation acting for this account', () => {
    launchRole.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AgentNetworkCatalogLaunchRole',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: ['servicecatalog.amazonaws.com', 'ssm.amazonaws.com'] },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
  });

  test('CloudFormation and IAM permissions are limited to Service Catalog stacks and their roles', () => {
    const bySid = Object.fromEntries(statements().map((s) => [s.Sid, s]));
    expect(JSON.stringify(bySid.ProvisionedProductStacks.Resource)).toContain(':stack/SC-*');
    expect(JSON.stringify(bySid.ProductRolesWithBoundary.Resource)).toContain(':role/SC-*');
    expect(bySid.PassProductRoles.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com', 'scheduler.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] },
    });
    expect(bySid.ReadProductTemplates.Condition).toEqual({ StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } });
    // No statement grants every action of a service on every resource.
    for (const s of statements()) expect([s.Sid, (s as { Effect?: string }).Effect !== 'Deny' && [s.Action].flat().some((a) => a.endsWith(':*')) && s.Resource === '*']).toEqual([s.Sid, false]);
  });

  test('the stack is environment-agnostic, so one template serves a StackSet to every account', () => {
    const env = synthesis.assembly.getStackByName('AgentNetworkCatalogLaunchRole').environment;
    expect(env.account).toBe('unknown-account');
    expect(env.region).toBe('unknown-region');
  });
});
