import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
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
      ],
    });
  });

  test('TagOptions from the configuration are associated with the portfolio', () => {
    for (const [key, value] of [['CostCenter', 'data-platform'], ['CostCenter', 'analytics'], ['Environment', 'prod']]) {
      portfolio.hasResourceProperties('AWS::ServiceCatalog::TagOption', { Key: key, Value: value });
    }
    portfolio.resourceCountIs('AWS::ServiceCatalog::TagOption', 5);
    portfolio.resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 5);
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

  test('configured accounts receive a share with TagOptions', () => {
    portfolio.hasResourceProperties('AWS::ServiceCatalog::PortfolioShare', { AccountId: '444455556666', ShareTagOptions: true });
  });
});

describe('launch-role stack', () => {
  const role = () => Object.values(launchRole.findResources('AWS::IAM::Role'))[0];
  const statements = () => role().Properties.Policies[0].PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];

  test('the role has the configured name and trusts only Service Catalog acting for this account', () => {
    launchRole.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AgentNetworkCatalogLaunchRole',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'servicecatalog.amazonaws.com' },
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
