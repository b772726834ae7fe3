import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import type { Construct } from 'constructs';
import type { CatalogConfig } from '../config/schema';
import type { ProductId } from '../products/shared/identity';
import type { SynthesizedProduct } from '../products/synthesize';
import { launchableReleases } from '../products/versioning/distribution-fit';
import { ReleaseError, type Release, type ReleaseManifest } from '../products/versioning/release-records';
import { VersionStatus, type DeclaredVersionStatus } from '../products/versioning/status-resource/version-status';
import { SelfServiceActions, type SelfServiceActionsProps } from './actions/self-service-actions';
import { PortfolioGovernance } from './governance/portfolio-governance';
import { PortfolioTagOptions } from './governance/portfolio-tag-options';

export interface PortfolioStackProps extends StackProps {
  readonly config: CatalogConfig;
  readonly products: readonly SynthesizedProduct[];
}

/**
 * The shared portfolio of one region: every product with every retained version (read from the committed
 * snapshots, never re-synthesized), TagOptions, a tag-update constraint and a launch constraint by local role
 * name for each product, and the account shares.
 */
export class PortfolioStack extends Stack {
  readonly portfolio: servicecatalog.Portfolio;
  readonly products = new Map<ProductId, servicecatalog.CloudFormationProduct>();

  constructor(scope: Construct, id: string, props: PortfolioStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.portfolio = new servicecatalog.Portfolio(this, 'Portfolio', {
      displayName: config.portfolio.displayName,
      providerName: config.portfolio.providerName,
      description: config.portfolio.description || undefined,
    });
    // Found or created, then associated, by a custom resource: TagOptions are unique per key and value in an
    // account and region, so AWS::ServiceCatalog::TagOption fails where one already exists.
    const tagOptions = new PortfolioTagOptions(this, 'TagOptions', { portfolio: this.portfolio, tagOptions: config.tagOptions });

    // Referenced by name: the role is created in each account by the launch-role stack, not here.
    const launchRole = iam.Role.fromRoleName(this, 'LaunchRole', config.launchRole.name);

    const withActions: SelfServiceActionsProps['products'][number][] = [];
    for (const built of props.products) {
      const { versions, offered } = productVersions(this, built, config);
      const product = new servicecatalog.CloudFormationProduct(this, built.definition.constructId, {
        productName: built.definition.name,
        description: built.definition.description,
        ...productContacts(config),
        productVersions: versions,
      });
      this.portfolio.addProduct(product);
      // Users may change a provisioned product's TagOption tags after launch.
      this.portfolio.constrainTagUpdates(product, { allow: true });
      this.portfolio.setLocalLaunchRole(product, launchRole, {
        description: `Launches with the local role ${config.launchRole.name} of the launching account`,
      });
      this.products.set(built.definition.id, product);
      // CloudFormation cannot set a version's Guidance/Active; this custom resource applies releases.json's statuses.
      const offeredNames = new Set(versions.map((v) => v.productVersionName));
      const status = new VersionStatus(this, `${built.definition.constructId}VersionStatus`, {
        product,
        versions: declaredStatuses(built).filter((s) => offeredNames.has(s.name)),
      });
      withActions.push({ id: built.definition.id, product, status, offered });
      new CfnOutput(this, `${built.definition.constructId}ProductId`, {
        value: product.productId,
        description: `Service Catalog product id of ${built.definition.id}`,
      });
    }

    // "Run the agent now" and "Check the network" in each provisioned product's Actions menu (portfolios/actions/).
    new SelfServiceActions(this, 'SelfServiceActions', { products: withActions });

    for (const account of config.sharing.accounts) {
      this.portfolio.shareWithAccount(account, { shareTagOptions: config.sharing.shareTagOptions });
    }

    // Principals, notification and template constraints, organization / OU shares (after every product is added).
    const governance = new PortfolioGovernance(this, 'Governance', { config, portfolio: this.portfolio, products: this.products, built: props.products });

    // A share carries the TagOptions associated when it is made (ShareTagOptions): share after the associations.
    for (const share of this.portfolio.node.findAll().filter((c) => c instanceof servicecatalog.CfnPortfolioShare)) share.node.addDependency(tagOptions);
    governance.organizationShares?.resource.node.addDependency(tagOptions);

    new CfnOutput(this, 'PortfolioId', { value: this.portfolio.portfolioId, description: 'Service Catalog portfolio id' });
  }
}

/**
 * What the Service Catalog console shows on each product page: owner, distributor (vendor) and the support contact.
 * Owner and distributor default to the portfolio's provider name.
 */
export function productContacts(config: CatalogConfig): Pick<servicecatalog.CloudFormationProductProps, 'owner' | 'distributor' | 'supportEmail' | 'supportUrl' | 'supportDescription'> {
  const { portfolio } = config;
  return {
    owner: portfolio.owner ?? portfolio.providerName,
    distributor: portfolio.distributor ?? portfolio.providerName,
    supportEmail: portfolio.support?.email,
    supportUrl: portfolio.support?.url,
    supportDescription: portfolio.support?.description,
  };
}

/** The status of every released version as declared in the product's releases.json. */
function declaredStatuses(built: SynthesizedProduct): DeclaredVersionStatus[] {
  return (built.manifest?.releases ?? []).map((release) => ({ name: release.version, status: release.status }));
}

/**
 * Every released version, oldest first, from its committed snapshot (checked unchanged), except those whose snapshot
 * embeds distribution values (agent image, vendor role, allowlist domains) other than this configuration's for the
 * portfolio's region (products/versioning/distribution-fit.ts): they would run another distribution's image. Each one
 * left out is reported as an info annotation (the CDK CLI prints it); none left is a build error.
 */
function productVersions(
  scope: Stack,
  built: SynthesizedProduct,
  config: CatalogConfig,
): { versions: servicecatalog.CloudFormationProductVersion[]; offered: { release: Release; file: string }[] } {
  const manifest: ReleaseManifest | undefined = built.manifest;
  if (!manifest) throw new Error(`${built.definition.id}: no release manifest`);
  const { id } = built.definition;
  const { launchable, leftOut } = launchableReleases(id, manifest, config, scope.region);
  for (const { version, reasons } of leftOut) {
    Annotations.of(scope).addInfo(`${id} ${version} is not offered in ${scope.region}: ${reasons.join('; ')}`);
  }
  if (launchable.length === 0) {
    throw new ReleaseError(
      `${id}: no released version can launch with this configuration in ${scope.region}; every one embeds other distribution values:\n` +
        leftOut.map(({ version, reasons }) => `  - ${version}: ${reasons.join('; ')}`).join('\n') +
        `\nRelease the current code, which reads them at launch from SSM: \`catalog release ${id} <next version> --notes "..."\`.`,
    );
  }
  const versions = launchable.map(({ release, file }) => ({
    productVersionName: release.version,
    description: release.notes.slice(0, 8000),
    cloudFormationTemplate: servicecatalog.CloudFormationTemplate.fromAsset(file),
    validateTemplate: true,
  }));
  return { versions, offered: launchable };
}
