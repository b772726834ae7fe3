import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Portfolio } from 'aws-cdk-lib/aws-servicecatalog';
import { handlerAssetPath } from '../../portfolios/shared/handler-asset';
import {
  ORGANIZATION_SHARES_RESOURCE_TYPE,
  OrganizationShares,
  OrganizationSharesProps,
  QUERY_INTERVAL,
  SERVICE_TIMEOUT,
  TOTAL_TIMEOUT,
} from '../../portfolios/sharing/organization-shares';

// The construct packages the compiled output of the handler: jest's global setup compiles dist/ first (test/support/jest/global-setup.ts).

const ENV = { account: '111122223333', region: 'ap-northeast-1' };

function synth(props: Partial<OrganizationSharesProps> & { withPortfolio?: boolean } = {}): { stack: Stack; template: Template; portfolio: Portfolio } {
  const stack = new Stack(new App(), 'Catalog', { env: ENV });
  const portfolio = new Portfolio(stack, 'Portfolio', { displayName: 'Agent network patterns', providerName: 'Vendor' });
  const { withPortfolio = true, ...rest } = props;
  new OrganizationShares(stack, 'OrgShares', {
    ...(withPortfolio ? { portfolio } : {}),
    organizationId: 'o-a1b2c3d4e5',
    organizationalUnitIds: ['ou-ab12-cd34ef56', 'ou-ab12-99998888', 'ou-ab12-cd34ef56'],
    shareTagOptions: true,
    sharePrincipals: false,
    ...rest,
  });
  return { stack, template: Template.fromStack(stack), portfolio };
}

test('the custom resource carries the portfolio, the organization nodes in order and the flags as strings', () => {
  const { stack, template, portfolio } = synth();

  template.resourceCountIs(ORGANIZATION_SHARES_RESOURCE_TYPE, 1);
  template.hasResourceProperties(ORGANIZATION_SHARES_RESOURCE_TYPE, {
    ServiceToken: Match.anyValue(),
    PortfolioId: { Ref: stack.getLogicalId(portfolio.node.defaultChild as never) },
    Shares: [
      { Type: 'ORGANIZATION', Value: 'o-a1b2c3d4e5' },
      { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-cd34ef56' },
      { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-ab12-99998888' },
    ],
    ShareTagOptions: 'true',
    SharePrincipals: 'false',
  });
});

test('onEvent and isComplete are two functions of the compiled folder on Node.js 22, one role, retained logs', () => {
  const { stack, template } = synth({ logRetention: RetentionDays.ONE_MONTH });
  const construct = stack.node.findChild('OrgShares') as OrganizationShares;

  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('CreatePortfolioShare'),
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Timeout: 300,
    LoggingConfig: { LogGroup: Match.anyValue() },
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('DescribePortfolioShareStatus'),
    Runtime: 'nodejs22.x',
    Handler: 'index.isCompleteHandler',
    Timeout: 600,
    LoggingConfig: { LogGroup: Match.anyValue() },
  });
  expect(construct.isCompleteHandler.role).toBe(construct.handler.role);
  // Same asset for both.
  const code = (id: string) => (template.toJSON().Resources[stack.getLogicalId(id === 'on' ? (construct.handler.node.defaultChild as never) : (construct.isCompleteHandler.node.defaultChild as never))] as { Properties: { Code: unknown } }).Properties.Code;
  expect(code('on')).toEqual(code('complete'));
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
});

test('the Provider is asynchronous: isComplete every 30 s for 40 minutes, inside CloudFormation\'s 3600 s', () => {
  const { template } = synth();

  expect(TOTAL_TIMEOUT.toMinutes()).toBe(40);
  expect(QUERY_INTERVAL.toSeconds()).toBe(30);
  // A custom resource operation may take at most 3600 s; the Provider's own failure must come first.
  expect(TOTAL_TIMEOUT.toSeconds()).toBeLessThan(SERVICE_TIMEOUT.toSeconds());
  // CloudFormation hands every custom resource scalar as a string.
  template.hasResourceProperties(ORGANIZATION_SHARES_RESOURCE_TYPE, { ServiceTimeout: '3600' });
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
    Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } };
  }[];
  const json = machine.Properties.DefinitionString['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'ARN')).join('');
  const definition = JSON.parse(json) as { States: Record<string, { Retry?: unknown[] }> };
  // The waiter retries isComplete IntervalSeconds apart, MaxAttempts times (totalTimeout / queryInterval).
  expect(definition.States['framework-isComplete-task'].Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 30, MaxAttempts: 80, BackoffRate: 1 }]);
});

test('the handler may manage shares of this portfolio only, read share status, and read Organizations', () => {
  const { stack, template, portfolio } = synth();
  const portfolioLogicalId = stack.getLogicalId(portfolio.node.defaultChild as never);

  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Sid: 'PortfolioShares',
          Effect: 'Allow',
          Action: [
            'servicecatalog:CreatePortfolioShare',
            'servicecatalog:UpdatePortfolioShare',
            'servicecatalog:DeletePortfolioShare',
            'servicecatalog:DescribePortfolioShares',
          ],
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:ap-northeast-1:111122223333:portfolio/', { Ref: portfolioLogicalId }]],
          },
        },
        { Sid: 'PortfolioShareStatus', Effect: 'Allow', Action: 'servicecatalog:DescribePortfolioShareStatus', Resource: '*' },
        {
          Sid: 'OrganizationsReadOnly',
          Effect: 'Allow',
          Action: [
            'organizations:DescribeOrganization',
            'organizations:ListAccounts',
            'organizations:ListAccountsForParent',
            'organizations:ListChildren',
            'organizations:ListParents',
          ],
          Resource: '*',
        },
      ]),
    },
  });
  // No servicecatalog write action is granted on "*".
  const policies = template.findResources('AWS::IAM::Policy');
  const wildcardServiceCatalog = Object.values(policies)
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement)
    .filter((s) => s.Resource === '*')
    .flatMap((s) => [s.Action].flat())
    .filter((a) => a.startsWith('servicecatalog:'));
  expect(wildcardServiceCatalog).toEqual(['servicecatalog:DescribePortfolioShareStatus']);
});

test('a portfolio id builds the portfolio ARN in this account and region', () => {
  const { template } = synth({ withPortfolio: false, portfolioId: 'port-abcdefghijklm' });

  template.hasResourceProperties(ORGANIZATION_SHARES_RESOURCE_TYPE, { PortfolioId: 'port-abcdefghijklm' });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Sid: 'PortfolioShares',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:ap-northeast-1:111122223333:portfolio/port-abcdefghijklm']] },
        }),
      ]),
    },
  });
});

test('invalid ids and missing targets are refused at synth time', () => {
  expect(() => synth({ organizationalUnitIds: ['ou-bad'] })).toThrow(
    'Catalog/OrgShares: organizationalUnitIds "ou-bad" is not an OU id such as ou-ab12-cd34ef56',
  );
  expect(() => synth({ organizationId: 'org-1' })).toThrow('organizationId "org-1" is not an organization id such as o-a1b2c3d4e5');
  expect(() => synth({ organizationId: undefined, organizationalUnitIds: [] })).toThrow(
    'give organizationId and/or at least one organizationalUnitIds entry',
  );
  expect(() => synth({ portfolioId: 'port-abcdefghijklm' })).toThrow('give exactly one of portfolio and portfolioId');
});

test('the Lambda asset is the self-contained compiled handler', () => {
  const { stack } = synth();
  const assembly = (stack.node.root as App).synth();
  const assetDirs = fs
    .readdirSync(assembly.directory)
    .filter((f) => f.startsWith('asset.'))
    .map((f) => path.join(assembly.directory, f))
    .filter((dir) => fs.existsSync(path.join(dir, 'index.js')) && fs.readFileSync(path.join(dir, 'index.js'), 'utf8').includes('CreatePortfolioShareCommand'));

  expect(assetDirs).toHaveLength(1);
  const code = fs.readFileSync(path.join(assetDirs[0], 'index.js'), 'utf8');
  const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  expect(required.length).toBeGreaterThan(0);
  // Only modules the Lambda Node.js runtime provides.
  expect(required.filter((m) => !m.startsWith('@aws-sdk/') && !builtinModules.includes(m.replace(/^node:/, '')))).toEqual([]);
});

test('handlerAssetPath points at the compiled folder and explains a missing build', () => {
  expect(handlerAssetPath('portfolios/sharing/org-share-handler')).toMatch(/[/\\]dist[/\\]portfolios[/\\]sharing[/\\]org-share-handler$/);
  expect(() => handlerAssetPath('portfolios/no-such-handler')).toThrow(/index\.js is missing\. Run `npm run build` first/);
});
