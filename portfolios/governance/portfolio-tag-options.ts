import * as crypto from 'crypto';
import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerAssetPath } from '../shared/handler-asset';

export const TAG_OPTION_RESOURCE_TYPE = 'Custom::PortfolioTagOption';

export interface PortfolioTagOptionsProps {
  readonly portfolio: servicecatalog.IPortfolio;
  /** Allowed values per TagOption key, as in the catalog configuration's `tagOptions`. */
  readonly tagOptions: Readonly<Record<string, readonly string[]>>;
}

/**
 * The portfolio's TagOptions, each one found in the account and region or created, then associated with the portfolio
 * (portfolios/governance/tag-option-handler). AWS::ServiceCatalog::TagOption cannot be used: TagOptions are unique
 * per key and value in an account and region, so a portfolio stack fails on create where, say, Environment=prod
 * already exists (CreateTagOption: DuplicateResourceException), and a second region's or a second portfolio's stack
 * in the same account would collide the same way (aws-cdk issue 17753).
 *
 * One custom resource per key and value: a changed value is a replacement, and CloudFormation's replacement
 * semantics (create the new one, then delete the old) remove exactly what the old one created or associated.
 */
export class PortfolioTagOptions extends Construct {
  readonly resources: CustomResource[] = [];

  constructor(scope: Construct, id: string, props: PortfolioTagOptionsProps) {
    super(scope, id);
    const serviceToken = TagOptionProvider.of(this).serviceToken;
    for (const [key, values] of Object.entries(props.tagOptions)) {
      for (const value of new Set(values)) {
        const resource = new CustomResource(this, `TagOption${shortHash(`${key}=${value}`)}`, {
          serviceToken,
          resourceType: TAG_OPTION_RESOURCE_TYPE,
          properties: { Key: key, Value: value, PortfolioId: props.portfolio.portfolioId },
        });
        this.resources.push(resource);
      }
    }
  }
}

/** One Lambda and Provider per stack. */
class TagOptionProvider extends Construct {
  private static readonly ID = 'TagOptionProvider';

  static of(scope: Construct): TagOptionProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(TagOptionProvider.ID);
    if (existing === undefined) return new TagOptionProvider(stack, TagOptionProvider.ID);
    if (!(existing instanceof TagOptionProvider)) throw new Error(`${stack.node.path}/${TagOptionProvider.ID} exists and is not the TagOption provider`);
    return existing;
  }

  readonly serviceToken: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const handler = new lambda.Function(this, 'Handler', {
      description: 'Finds or creates the portfolio TagOptions and associates them (ListTagOptions, CreateTagOption, AssociateTagOptionWithResource)',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(handlerAssetPath('portfolios/governance/tag-option-handler')),
      timeout: Duration.minutes(5),
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'TagOptions',
        // TagOptions have no ARN, and the Service Authorization Reference (list_awsservicecatalog) names no resource
        // type we could rely on for these calls; "*" is what is certain to work.
        actions: [
          'servicecatalog:ListTagOptions',
          'servicecatalog:CreateTagOption',
          'servicecatalog:DeleteTagOption',
          'servicecatalog:AssociateTagOptionWithResource',
          'servicecatalog:DisassociateTagOptionFromResource',
        ],
        resources: ['*'],
      }),
    );
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.serviceToken = provider.serviceToken;
    acknowledgeNagFindings(handler, provider);
  }
}

/**
 * cdk-nag acknowledgments of this provider, applied to the in-memory tree only (templates unchanged), the same way
 * `catalog verify` applies scripts/verify/acknowledgments.ts to the version-status provider.
 */
function acknowledgeNagFindings(handler: lambda.Function, provider: cr.Provider): void {
  const basicRole = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
  const resource = (c: Construct, ...path: string[]) => path.reduce((node, id) => node.node.findChild(id), c);
  const ack = (c: Construct, id: string, reason: string) => Validations.of(c).acknowledge({ id, reason });
  const handlerLogicalId = Stack.of(handler).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
  ack(resource(handler, 'ServiceRole', 'Resource'), basicRole, 'the handler only writes its own logs; AWSLambdaBasicExecutionRole is exactly logs:CreateLogGroup/CreateLogStream/PutLogEvents');
  ack(resource(handler, 'ServiceRole', 'DefaultPolicy', 'Resource'), 'AwsSolutions-IAM5[Resource::*]', 'TagOptions have no ARN: the TagOption calls are granted on "*"');
  ack(resource(handler, 'Resource'), 'AwsSolutions-L1', 'the handler runtime is pinned to a Node.js version we test the handler with (test/governance/tag-option-handler.test.ts)');
  const frameworkRole = resource(provider, 'framework-onEvent', 'ServiceRole');
  ack(resource(frameworkRole, 'Resource'), basicRole, "the CDK Provider framework's onEvent function only writes its own logs and invokes the handler; the role is created by aws-cdk-lib");
  ack(
    resource(frameworkRole, 'DefaultPolicy', 'Resource'),
    `AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
    "lambda:InvokeFunction on the handler's own ARN and its versions (':*'), generated by the CDK Provider framework",
  );
}

/** A short stable suffix for construct ids derived from a value (so list order never renames a resource). */
function shortHash(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}
