import * as crypto from 'crypto';
import * as fs from 'fs';
import { Stack, Token } from 'aws-cdk-lib';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { principalType } from '../../config/governance-schema';
import type { CatalogConfig } from '../../config/schema';
import type { ProductId } from '../../products/shared/identity';
import type { SynthesizedProduct } from '../../products/synthesize';
import { snapshotFile } from '../../products/versioning/release-records';
import { OrganizationShares } from '../sharing/organization-shares';
import { GovernanceError, missingRuleParameters, templateRuleParameters } from './template-rules';

export interface PortfolioGovernanceProps {
  readonly config: CatalogConfig;
  readonly portfolio: servicecatalog.Portfolio;
  /** The products of the portfolio by id, already added to it (constraints need the product association). */
  readonly products: ReadonlyMap<ProductId, servicecatalog.CloudFormationProduct>;
  /** What was synthesized for each product: its release manifest tells which versions a rule must fit. */
  readonly built: readonly SynthesizedProduct[];
}

/**
 * The customer's governance layer on one region's portfolio, all from configuration: principals (IAM ARNs and
 * IAM_PATTERN names), a notification constraint and template (rule) constraints per product, and the
 * organization / OU shares. Create it after every product is in the portfolio.
 */
export class PortfolioGovernance extends Construct {
  readonly principalAssociations: servicecatalog.CfnPortfolioPrincipalAssociation[];
  readonly organizationShares?: OrganizationShares;

  constructor(scope: Construct, id: string, props: PortfolioGovernanceProps) {
    super(scope, id);
    const { config, portfolio } = props;

    // The L2 can only associate PrincipalType IAM (aws-cdk issue 29770); the L1 takes IAM_PATTERN as well.
    this.principalAssociations = config.principals.map(
      (arn) =>
        new servicecatalog.CfnPortfolioPrincipalAssociation(this, `Principal${shortHash(arn)}`, {
          portfolioId: portfolio.portfolioId,
          principalArn: arn,
          principalType: principalType(arn),
        }),
    );

    const topicArn = notificationTopicFor(config, Stack.of(this).region);
    if (topicArn) {
      // One topic per region (a notification constraint names a topic in the portfolio's region).
      const topic = sns.Topic.fromTopicArn(this, 'NotificationTopic', topicArn);
      for (const product of props.products.values()) {
        portfolio.notifyOnStackEvents(product, topic, { description: 'Stack events of provisioned products go to the catalog topic' });
      }
    }

    addTemplateConstraints(config, portfolio, props.products, props.built);

    const { organization, organizationalUnits, shareTagOptions, sharePrincipals } = config.sharing;
    if (organization !== undefined || organizationalUnits.length > 0) {
      this.organizationShares = new OrganizationShares(this, 'OrganizationShares', {
        portfolio,
        organizationId: organization,
        organizationalUnitIds: organizationalUnits,
        shareTagOptions,
        sharePrincipals,
      });
      // Share a complete portfolio: products, constraints and TagOptions (everything under the portfolio
      // construct) and the principal names that SharePrincipals passes on.
      this.organizationShares.resource.node.addDependency(portfolio, ...this.principalAssociations);
    }
  }
}

function notificationTopicFor(config: CatalogConfig, region: string): string | undefined {
  const topics = config.constraints.notificationTopicArn;
  if (topics === undefined) return undefined;
  if (Token.isUnresolved(region)) throw new GovernanceError('a notification constraint needs a portfolio stack with a concrete region');
  return typeof topics === 'string' ? topics : topics[region];
}

function addTemplateConstraints(
  config: CatalogConfig,
  portfolio: servicecatalog.Portfolio,
  products: ReadonlyMap<ProductId, servicecatalog.CloudFormationProduct>,
  built: readonly SynthesizedProduct[],
): void {
  const problems: string[] = [];
  const planned: { product: servicecatalog.CloudFormationProduct; parameters: servicecatalog.TemplateRule }[] = [];
  for (const [productId, rules] of Object.entries(config.constraints.templateRules)) {
    const product = products.get(productId as ProductId);
    const synthesized = built.find((b) => b.definition.id === productId);
    if (!product || !synthesized) {
      problems.push(`constraints.templateRules.${productId}: this catalog has no product ${productId}; products: ${[...products.keys()].join(', ')}`);
      continue;
    }
    const versions = launchableVersions(synthesized);
    for (const [ruleName, rule] of Object.entries(rules)) {
      problems.push(...missingRuleParameters(productId, ruleName, rule, versions));
      planned.push({ product, parameters: templateRuleParameters(ruleName, rule) });
    }
  }
  if (problems.length) throw new GovernanceError(`Template constraints do not fit the products:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  for (const { product, parameters } of planned) {
    portfolio.constrainCloudFormationParameters(product, {
      rule: parameters,
      description: `Template rule ${parameters.ruleName} from the catalog configuration`,
    });
  }
}

/** Versions a user can still launch or update (inactive ones are hidden), with their parameter names. */
function launchableVersions(built: SynthesizedProduct): { version: string; parameters: string[] }[] {
  return (built.manifest?.releases ?? [])
    .filter((release) => release.status !== 'inactive')
    .map((release) => {
      const template = JSON.parse(fs.readFileSync(snapshotFile(built.definition.id, release.version), 'utf8')) as { Parameters?: object };
      return { version: release.version, parameters: Object.keys(template.Parameters ?? {}) };
    });
}

/** A short stable suffix for construct ids derived from a value (so list order never renames a resource). */
function shortHash(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}
