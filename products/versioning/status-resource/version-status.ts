import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnCloudFormationProduct, type CloudFormationProduct } from 'aws-cdk-lib/aws-servicecatalog';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerAssetPath } from '../../../portfolios/shared/handler-asset';
import { VERSION_STATUSES, type VersionStatus as VersionStatusValue } from '../release-records';

export interface DeclaredVersionStatus {
  /** The version (provisioning artifact) name, e.g. v1.0.0. */
  readonly name: string;
  readonly status: VersionStatusValue;
}

export interface VersionStatusProps {
  readonly product: CloudFormationProduct;
  /** Status of each version; versions not listed are left as they are. */
  readonly versions: readonly DeclaredVersionStatus[];
}

export const VERSION_STATUS_RESOURCE_TYPE = 'Custom::ProductVersionStatus';

/**
 * Applies the declared status (active / deprecated / inactive) of a product's versions at deploy time.
 * CloudFormation's ProvisioningArtifactParameters cannot set Guidance or Active (cloudformation-coverage-roadmap
 * 1356), so a custom resource calls UpdateProvisioningArtifact, resolving versions by name.
 */
export class VersionStatus extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: VersionStatusProps) {
    super(scope, id);
    const cfnProduct = props.product.node.defaultChild;
    checkVersions(this.node.path, props.versions, cfnProduct instanceof CfnCloudFormationProduct ? cfnProduct : undefined);

    const provider = VersionStatusProvider.of(this);
    provider.allowProduct(props.product);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: VERSION_STATUS_RESOURCE_TYPE,
      properties: {
        ProductId: props.product.productId,
        // Any status change changes this list, so CloudFormation sends an Update.
        Versions: props.versions.map((v) => ({ Name: v.name, Status: v.status })),
        // Not read by the handler: when CloudFormation creates or replaces artifacts (new ones start active and
        // DEFAULT), their ids change and this forces a re-run even though no declared status changed.
        ...(cfnProduct instanceof CfnCloudFormationProduct ? { ProvisioningArtifactIds: cfnProduct.attrProvisioningArtifactIds } : {}),
      },
    });
    // Run after the product and all its artifacts exist (and after any change to them).
    this.resource.node.addDependency(props.product);
    this.declared = new Set(props.versions.map((v) => v.name));
  }

  private readonly declared: Set<string>;

  /** The provisioning artifact id of a declared version, resolved by name at deploy time by the handler. */
  artifactId(version: string): string {
    if (!this.declared.has(version)) throw new Error(`${this.node.path}: ${version} is not a declared version (${[...this.declared].join(', ')})`);
    return this.resource.getAttString(artifactIdAttribute(version));
  }
}

/** The handler's response attribute for a version's artifact id (mirrors status-handler/index.ts). */
export function artifactIdAttribute(version: string): string {
  return `ArtifactId_${version.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** One Lambda and Provider per stack, shared by every product's VersionStatus; each product adds its own grant. */
class VersionStatusProvider extends Construct {
  private static readonly ID = 'VersionStatusProvider';

  static of(scope: Construct): VersionStatusProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(VersionStatusProvider.ID);
    if (existing === undefined) return new VersionStatusProvider(stack, VersionStatusProvider.ID);
    if (!(existing instanceof VersionStatusProvider)) {
      throw new Error(`${stack.node.path}/${VersionStatusProvider.ID} exists and is not the version status provider`);
    }
    return existing;
  }

  readonly serviceToken: string;
  private readonly handler: lambda.Function;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.handler = new lambda.Function(this, 'Handler', {
      description: 'Applies product version status (Guidance / Active) with UpdateProvisioningArtifact',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(handlerAssetPath('products/versioning/status-resource/handler')),
      timeout: Duration.minutes(5),
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.serviceToken = provider.serviceToken;
  }

  /** These three actions support the product resource type (Service Authorization Reference, list_awsservicecatalog). */
  allowProduct(product: CloudFormationProduct): void {
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'servicecatalog:ListProvisioningArtifacts',
          'servicecatalog:DescribeProvisioningArtifact',
          'servicecatalog:UpdateProvisioningArtifact',
        ],
        resources: [product.productArn],
      }),
    );
  }
}

function checkVersions(path: string, versions: readonly DeclaredVersionStatus[], product: CfnCloudFormationProduct | undefined): void {
  if (versions.length === 0) throw new Error(`${path}: declare the status of at least one version`);
  const seen = new Set<string>();
  for (const v of versions) {
    if (!(VERSION_STATUSES as readonly string[]).includes(v.status)) {
      throw new Error(`${path}: ${v.name}: status '${v.status}' is not one of ${VERSION_STATUSES.join(', ')}`);
    }
    if (seen.has(v.name)) throw new Error(`${path}: ${v.name} is declared twice`);
    seen.add(v.name);
  }
  // Catch a typo at synth time rather than in a failed deployment, when the product's version names are known.
  const params = product?.provisioningArtifactParameters;
  if (!Array.isArray(params)) return;
  const names = params.map((p) => (Token.isUnresolved(p) ? undefined : (p as CfnCloudFormationProduct.ProvisioningArtifactPropertiesProperty).name));
  if (names.some((n) => n === undefined || Token.isUnresolved(n))) return;
  const unknown = versions.filter((v) => !names.includes(v.name)).map((v) => v.name);
  if (unknown.length > 0) {
    throw new Error(`${path}: the product has no version named ${unknown.join(', ')}; its versions are: ${names.join(', ')}`);
  }
}
