/**
 * Resolves a catalog product and its versions in Service Catalog by NAME: product ids and provisioning
 * artifact ids differ per account and region, and artifact ids can change when CloudFormation replaces
 * artifacts (aws-cdk 24561) — names are what this repository controls.
 */
import { DescribeProductAsAdminCommand, ListProvisioningArtifactsCommand } from '@aws-sdk/client-service-catalog';
import type { OperationsContext } from './aws-clients';
import { callAws, OperationError } from './errors';

export interface PublishedVersion {
  readonly id: string;
  readonly name: string;
  /** False: the version is hidden and blocks launches and updates. */
  readonly active: boolean;
  /** DEPRECATED blocks new launches but still allows updates and imports of existing products. */
  readonly guidance: string;
}

export interface PublishedProduct {
  /** prod-… */
  readonly id: string;
  readonly name: string;
  readonly versions: readonly PublishedVersion[];
}

export async function findPublishedProduct(ctx: OperationsContext, name: string): Promise<PublishedProduct> {
  const described = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeProductAsAdmin', subject: `product "${name}"` }, () =>
    ctx.serviceCatalog.send(new DescribeProductAsAdminCommand({ Name: name })),
  );
  const id = described.ProductViewDetail?.ProductViewSummary?.ProductId;
  if (!id) throw new OperationError(`Service Catalog has no product named "${name}" in ${ctx.region}: deploy the portfolio stack or import the portfolio share first.`);
  // ListProvisioningArtifacts has no pagination; a product holds at most 100 versions (Service Catalog quotas).
  const listed = await callAws(ctx, { service: 'Service Catalog', operation: 'ListProvisioningArtifacts', subject: `product "${name}" (${id})` }, () =>
    ctx.serviceCatalog.send(new ListProvisioningArtifactsCommand({ ProductId: id })),
  );
  const versions = (listed.ProvisioningArtifactDetails ?? [])
    .filter((a) => a.Id !== undefined && a.Name !== undefined)
    .map((a) => ({ id: a.Id as string, name: a.Name as string, active: a.Active ?? true, guidance: a.Guidance ?? 'DEFAULT' }));
  return { id, name, versions };
}

/** The version of that name, or undefined; several of the same name cannot be told apart and are refused. */
export function publishedVersion(product: PublishedProduct, versionName: string): PublishedVersion | undefined {
  const matches = product.versions.filter((v) => v.name === versionName);
  if (matches.length > 1) {
    throw new OperationError(
      `Product "${product.name}" (${product.id}) has ${matches.length} versions named ${versionName} (${matches.map((m) => m.id).join(', ')}); ` +
        'give each version a unique name so it can be resolved by name.',
    );
  }
  return matches[0];
}

export function requirePublishedVersion(ctx: OperationsContext, product: PublishedProduct, versionName: string): PublishedVersion {
  const version = publishedVersion(product, versionName);
  if (!version) {
    const known = product.versions.map((v) => v.name).join(', ') || '(none)';
    throw new OperationError(
      `Product "${product.name}" (${product.id}) in ${ctx.region} has no version ${versionName} (published: ${known}): deploy the portfolio stack that publishes it first.`,
    );
  }
  if (!version.active) {
    throw new OperationError(
      `Version ${versionName} of "${product.name}" is inactive in ${ctx.region}: Service Catalog blocks launches and updates to it. Mark it active or deprecated in releases.json and deploy the portfolio stack.`,
    );
  }
  return version;
}
