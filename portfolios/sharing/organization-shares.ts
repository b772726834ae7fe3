import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IPortfolio } from 'aws-cdk-lib/aws-servicecatalog';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerAssetPath } from '../shared/handler-asset';

export interface OrganizationSharesProps {
  /** The portfolio to share. Give this or `portfolioId`. */
  readonly portfolio?: IPortfolio;
  /** Id of a portfolio in this stack's account and region (port-...). Give this or `portfolio`. */
  readonly portfolioId?: string;
  /** Share with the whole organization (o-...). */
  readonly organizationId?: string;
  /** Share with these organizational units (ou-...). */
  readonly organizationalUnitIds: string[];
  /** Share the portfolio's TagOptions with the recipients (Service Catalog's default is off). */
  readonly shareTagOptions: boolean;
  /** Share the portfolio's principal associations (e.g. IAM_PATTERN names) with the recipients. */
  readonly sharePrincipals: boolean;
  /** Retention of the handler's logs. @default one year: share changes grant access to other accounts. */
  readonly logRetention?: logs.RetentionDays;
}

export const ORGANIZATION_SHARES_RESOURCE_TYPE = 'Custom::PortfolioOrganizationShares';

/**
 * Timing of the asynchronous provider. A custom resource operation may take at most 3600 s (ServiceTimeout, 1 to 3600,
 * default 3600: AWS::CloudFormation::CustomResource in the CloudFormation template reference), and aws-cdk-lib's
 * Provider documents 1 hour as the most for totalTimeout. The framework counts isComplete calls
 * (totalTimeout / queryInterval attempts), not their duration: each operation started by isComplete is watched for
 * up to 60 s inside that call, so 40 minutes of attempts leave room for those waits and for a failed Create's clean-up
 * before CloudFormation's hour ends.
 */
export const QUERY_INTERVAL = Duration.seconds(30);
export const TOTAL_TIMEOUT = Duration.minutes(40);
export const SERVICE_TIMEOUT = Duration.seconds(3600);
const ON_EVENT_TIMEOUT = Duration.minutes(5);
const IS_COMPLETE_TIMEOUT = Duration.minutes(10);

// Id patterns from the AWS Organizations API reference (Organization.Id, OrganizationalUnit.Id).
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/**
 * Shares a portfolio with an AWS Organizations organization and/or OUs through a custom resource, because
 * AWS::ServiceCatalog::PortfolioShare only takes an account id (cloudformation-coverage-roadmap 594).
 * The stack must be deployed in the management account or a Service Catalog delegated administrator, with
 * Organizations access enabled (`aws servicecatalog enable-aws-organizations-access`).
 */
export class OrganizationShares extends Construct {
  /** onEvent: plans the share operations and starts the first one. */
  readonly handler: lambda.Function;
  /** isComplete: polls, continues one operation at a time, cleans up a failed Create. Same code and role. */
  readonly isCompleteHandler: lambda.Function;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: OrganizationSharesProps) {
    super(scope, id);
    if ((props.portfolio === undefined) === (props.portfolioId === undefined)) {
      throw new Error(`${this.node.path}: give exactly one of portfolio and portfolioId`);
    }
    const shares = organizationNodes(this.node.path, props);
    const stack = Stack.of(this);
    const portfolioId = props.portfolio?.portfolioId ?? (props.portfolioId as string);
    const portfolioArn =
      props.portfolio?.portfolioArn ?? stack.formatArn({ service: 'catalog', resource: 'portfolio', resourceName: portfolioId });

    const code = lambda.Code.fromAsset(handlerAssetPath('portfolios/sharing/org-share-handler'));
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', { retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR });
    // onEvent reads the shares and starts the first operation (throttling retries included): minutes, not 15.
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'Plans and starts portfolio shares with AWS Organizations nodes (CreatePortfolioShare), onEvent',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
      timeout: ON_EVENT_TIMEOUT,
      logGroup,
    });
    // isComplete polls and starts the next operation; a failed Create deletes what it created in this invocation,
    // which is why it may run longer than one poll.
    this.isCompleteHandler = new lambda.Function(this, 'IsCompleteHandler', {
      description: 'Polls and continues portfolio shares with AWS Organizations nodes (DescribePortfolioShareStatus), isComplete',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.isCompleteHandler',
      code,
      role: this.handler.role,
      timeout: IS_COMPLETE_TIMEOUT,
      logGroup,
    });
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PortfolioShares',
        actions: [
          'servicecatalog:CreatePortfolioShare',
          'servicecatalog:UpdatePortfolioShare',
          'servicecatalog:DeletePortfolioShare',
          'servicecatalog:DescribePortfolioShares',
        ],
        resources: [portfolioArn],
      }),
    );
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PortfolioShareStatus',
        // DescribePortfolioShareStatus takes only a share token and has no resource type in the Service
        // Authorization Reference (list_awsservicecatalog), so it can only be granted on "*".
        actions: ['servicecatalog:DescribePortfolioShareStatus'],
        resources: ['*'],
      }),
    );
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationsReadOnly',
        // Service Catalog checks organization nodes against AWS Organizations with the caller's credentials when
        // sharing to them; AWS's Landing Zone Accelerator grants its share handler exactly these read-only actions.
        // They have no resource-level permissions we could name at synth time (the nodes are data), hence "*".
        actions: [
          'organizations:DescribeOrganization',
          'organizations:ListAccounts',
          'organizations:ListAccountsForParent',
          'organizations:ListChildren',
          'organizations:ListParents',
        ],
        resources: ['*'],
      }),
    );

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      isCompleteHandler: this.isCompleteHandler,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR }),
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ORGANIZATION_SHARES_RESOURCE_TYPE,
      // CloudFormation's own limit, stated: the Provider's totalTimeout ends first and reports the failure itself.
      serviceTimeout: SERVICE_TIMEOUT,
      properties: {
        PortfolioId: portfolioId,
        Shares: shares,
        // CloudFormation hands every scalar to the handler as a string; say so explicitly.
        ShareTagOptions: String(props.shareTagOptions),
        SharePrincipals: String(props.sharePrincipals),
      },
    });
  }
}

function organizationNodes(path: string, props: OrganizationSharesProps): { Type: string; Value: string }[] {
  const nodes: { Type: string; Value: string }[] = [];
  if (props.organizationId !== undefined) {
    check(path, 'organizationId', props.organizationId, ORGANIZATION_ID, 'an organization id such as o-a1b2c3d4e5');
    nodes.push({ Type: 'ORGANIZATION', Value: props.organizationId });
  }
  for (const ou of new Set(props.organizationalUnitIds)) {
    check(path, 'organizationalUnitIds', ou, OU_ID, 'an OU id such as ou-ab12-cd34ef56');
    nodes.push({ Type: 'ORGANIZATIONAL_UNIT', Value: ou });
  }
  if (nodes.length === 0) throw new Error(`${path}: give organizationId and/or at least one organizationalUnitIds entry`);
  return nodes;
}

function check(path: string, field: string, value: string, pattern: RegExp, expected: string): void {
  if (!Token.isUnresolved(value) && !pattern.test(value)) {
    throw new Error(`${path}: ${field} ${JSON.stringify(value)} is not ${expected}`);
  }
}
