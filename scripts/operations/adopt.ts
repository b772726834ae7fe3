/**
 * `catalog adopt`: bring an existing agent stack — deployed by hand, or left behind by AWS Proton (retired
 * 2026-10-07) — under Service Catalog as a provisioned product of the matching catalog version, so it can be
 * upgraded like any launched product.
 *
 * planAdoption only reads (DescribeStacks, GetTemplate, DescribeProductAsAdmin, ListProvisioningArtifacts,
 * SearchProvisionedProducts); applyAdoption performs the plan: optionally CreateProvisioningArtifact (the stack's
 * exact template, ImportFromPhysicalId), then ImportAsProvisionedProduct, waiting for its record.
 */
import * as crypto from 'crypto';
import {
  CreateProvisioningArtifactCommand,
  DescribeProvisioningArtifactCommand,
  ImportAsProvisionedProductCommand,
} from '@aws-sdk/client-service-catalog';
import { templateIdentity, type TemplateIdentity } from '../../products/shared/identity';
import { analyzeUpgrade, analyzeUpgradeWithin, type UpgradeReport } from '../analyzers/upgrade-diff';
import { CliError } from '../cli-error';
import type { OperationsContext } from './aws-clients';
import { findProduct, type CatalogProduct, type CatalogReleases, type ReleasedVersion } from './catalog-versions';
import { callAws, OperationError } from './errors';
import { searchProvisionedProducts } from './provisioned-products';
import { waitForRecord, type FinishedRecord } from './records';
import { findPublishedProduct, publishedVersion, requirePublishedVersion } from './service-catalog-product';
import { importRuleViolations, inspectStack, protonTags, type InspectedStack, type StackReference } from './stack-inspection';
import { compareTemplates, templateDifferences } from './template-match';

export interface AdoptOptions {
  readonly stack: StackReference;
  /** --product: only consider this catalog product. */
  readonly productId?: string;
  /** --name: the provisioned product name; default the stack name. */
  readonly provisionedProductName?: string;
  /** --register-closest-version: without a match, register the stack's own template as a version. */
  readonly registerClosestVersion: boolean;
}

export interface ClosestVersion {
  readonly productId: string;
  readonly version: string;
  /** Upgrade-analysis findings from the release to the stack's template (fewest wins). */
  readonly report: UpgradeReport;
  /** Where the normalized templates differ, Metadata included (the upgrade analysis ignores Metadata). */
  readonly differences: string[];
}

export interface AdoptionPlan {
  readonly region: string;
  readonly stack: { readonly id: string; readonly name: string; readonly status: string };
  /** The identity the template declares in Metadata.AgentNetworkCatalog, if any. */
  readonly declaredIdentity?: TemplateIdentity;
  readonly protonTags: string[];
  readonly match?: { readonly productId: string; readonly version: string; readonly level: 'identical' | 'equivalent' };
  readonly closest?: ClosestVersion;
  /** import: a released version matches. register-and-import: --register-closest-version. none: nothing importable. */
  readonly action: 'import' | 'register-and-import' | 'none';
  readonly reason?: string;
  readonly serviceCatalog?: {
    readonly productId: string;
    readonly productName: string;
    /** The version to import into; for register-and-import the version to create (or reuse when it exists). */
    readonly versionName: string;
    readonly versionId?: string;
  };
  readonly provisionedProductName: string;
  readonly notes: string[];
}

export interface AdoptionResult {
  readonly registeredVersion?: { readonly id: string; readonly name: string; readonly reused: boolean };
  readonly record: FinishedRecord;
  readonly provisionedProductId?: string;
}

const PROVISIONED_PRODUCT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

export async function planAdoption(ctx: OperationsContext, releases: CatalogReleases, options: AdoptOptions): Promise<AdoptionPlan> {
  if (options.provisionedProductName !== undefined && !PROVISIONED_PRODUCT_NAME.test(options.provisionedProductName)) {
    throw new CliError(`--name: got "${options.provisionedProductName}", allowed: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128`);
  }
  const requested = options.productId === undefined ? undefined : findProduct(releases, options.productId, '--product');

  const stack = await inspectStack(ctx, options.stack);
  const violations = importRuleViolations(stack);
  if (violations.length > 0) {
    throw new OperationError(`Stack ${stack.name} cannot be imported into Service Catalog:\n  - ${violations.join('\n  - ')}`);
  }

  // Stack names (letters, digits, hyphens) are valid provisioned product names.
  const provisionedProductName = options.provisionedProductName ?? stack.name;
  const declaredIdentity = templateIdentity(stack.template);
  const notes: string[] = [];
  const proton = protonTags(stack);
  if (!declaredIdentity) {
    notes.push(
      proton.length > 0
        ? `The stack was deployed by AWS Proton (tags ${proton.join(', ')}; Proton was retired on 2026-10-07, its stacks remain): its template does not declare Metadata.AgentNetworkCatalog, so every catalog version is compared.`
        : 'The template does not declare Metadata.AgentNetworkCatalog (a hand-deployed or AWS Proton stack): every catalog version is compared.',
    );
  }
  const candidates = candidateProducts(releases, requested, declaredIdentity, notes);
  const versions = candidates.flatMap((p) => releases.versions(p.id));
  if (versions.length === 0) throw new OperationError(`No released versions to compare with (${candidates.map((p) => p.id).join(', ')}).`);

  const match = bestMatch(stack, versions, declaredIdentity);
  const base = { region: ctx.region, stack: { id: stack.stackId, name: stack.name, status: stack.status }, declaredIdentity, protonTags: proton, provisionedProductName, notes };

  if (match) {
    if (match.level === 'equivalent') {
      notes.push(
        `The template is equivalent to ${match.productId} ${match.version} but not byte-identical (formatting, key order or YAML/JSON). ` +
          'If Service Catalog rejects the import as a template mismatch, re-run with --register-closest-version to register the stack\'s exact template.',
      );
    }
    const product = productNamed(releases, match.productId);
    const published = await findPublishedProduct(ctx, product.name);
    const version = requirePublishedVersion(ctx, published, match.version);
    await refuseIfAlreadyAdopted(ctx, stack, provisionedProductName);
    return {
      ...base,
      match,
      action: 'import',
      serviceCatalog: { productId: published.id, productName: published.name, versionName: version.name, versionId: version.id },
    };
  }

  const closest = closestVersion(stack, versions);
  if (!options.registerClosestVersion) {
    return {
      ...base,
      closest,
      action: 'none',
      reason: `No released version matches the stack's template; the closest is ${closest.productId} ${closest.version}. ` +
        'Re-run with --register-closest-version to register the stack\'s exact template as a version of that product and import it, or update the stack to a released template first.',
    };
  }
  const product = productNamed(releases, closest.productId);
  const published = await findPublishedProduct(ctx, product.name);
  const versionName = `${closest.version}-adopted-${stack.name}`;
  const existing = publishedVersion(published, versionName);
  if (existing) notes.push(`Version ${versionName} (${existing.id}) already exists, probably from an earlier run: it is reused, not registered again.`);
  notes.push(
    `Registering creates version ${versionName} outside CloudFormation, from the stack's own template. Upgrade the adopted product to a released ` +
      'version soon; then delete this version (aws servicecatalog delete-provisioning-artifact). Service Catalog accepts new versions only on products this account owns, not on imported shares.',
  );
  await refuseIfAlreadyAdopted(ctx, stack, provisionedProductName);
  return {
    ...base,
    closest,
    action: 'register-and-import',
    serviceCatalog: { productId: published.id, productName: published.name, versionName, versionId: existing?.id },
  };
}

export async function applyAdoption(ctx: OperationsContext, plan: AdoptionPlan): Promise<AdoptionResult> {
  if (plan.action === 'none' || !plan.serviceCatalog) throw new OperationError(`Nothing was imported: ${plan.reason ?? 'no plan'}`);
  const sc = plan.serviceCatalog;
  let versionId = sc.versionId;
  let registeredVersion: AdoptionResult['registeredVersion'];
  if (plan.action === 'register-and-import') {
    if (versionId) {
      registeredVersion = { id: versionId, name: sc.versionName, reused: true };
    } else {
      versionId = await registerStackTemplate(ctx, plan);
      registeredVersion = { id: versionId, name: sc.versionName, reused: false };
    }
  }
  const done = registeredVersion && !registeredVersion.reused ? ` Version ${sc.versionName} (${versionId}) was registered and remains; a re-run reuses it.` : '';
  const subject = `stack ${plan.stack.name} as "${plan.provisionedProductName}"`;
  let imported;
  try {
    imported = await callAws(ctx, { service: 'Service Catalog', operation: 'ImportAsProvisionedProduct', subject }, () =>
      ctx.serviceCatalog.send(
        new ImportAsProvisionedProductCommand({
          ProductId: sc.productId,
          ProvisioningArtifactId: versionId,
          ProvisionedProductName: plan.provisionedProductName,
          PhysicalId: plan.stack.id,
          IdempotencyToken: idempotencyToken('import', plan.stack.id, versionId ?? '', plan.provisionedProductName),
        }),
      ),
    );
  } catch (error) {
    if (error instanceof OperationError && done) throw new OperationError(`${error.message}${done}`, error.awsErrorName, { cause: error });
    throw error;
  }
  const recordId = imported.RecordDetail?.RecordId;
  if (!recordId) throw new OperationError(`ImportAsProvisionedProduct for ${subject} returned no record id.${done}`);
  ctx.log(`Importing ${subject}: record ${recordId}`);
  const record = await waitForRecord(ctx, recordId, `import of ${subject}`);
  if (record.status === 'FAILED') {
    throw new OperationError(
      `The import of ${subject} FAILED (record ${recordId}): ${record.errors.join('; ') || 'no error detail'}. ` +
        `The stack itself is unchanged.${done}`,
    );
  }
  return { registeredVersion, record, provisionedProductId: record.detail.ProvisionedProductId ?? imported.RecordDetail?.ProvisionedProductId };
}

/** Restricts the comparison to --product, else to the product the template declares, else every product. */
function candidateProducts(
  releases: CatalogReleases,
  requested: CatalogProduct | undefined,
  identity: TemplateIdentity | undefined,
  notes: string[],
): readonly CatalogProduct[] {
  if (requested) {
    if (identity && identity.productId !== requested.id) {
      notes.push(`The template declares product ${identity.productId} ${identity.version}, but --product ${requested.id} was given: comparing with ${requested.id} only.`);
    }
    return [requested];
  }
  if (identity) {
    const declared = releases.products.find((p) => p.id === identity.productId);
    if (declared) return [declared];
    notes.push(`The template declares product ${identity.productId}, which this catalog does not have: every catalog version is compared.`);
  }
  return releases.products;
}

function productNamed(releases: CatalogReleases, productId: string): CatalogProduct {
  return releases.products.find((p) => p.id === productId) as CatalogProduct;
}

/** Identical beats equivalent; among equals, the version the template declares, else the latest. */
function bestMatch(stack: InspectedStack, versions: ReleasedVersion[], identity: TemplateIdentity | undefined): AdoptionPlan['match'] {
  const matches = versions
    .map((v, order) => ({ v, order, level: compareTemplates(stack, v) }))
    .filter((m) => m.level !== 'different')
    .sort((a, b) =>
      rank(a.level) - rank(b.level) || declared(b.v, identity) - declared(a.v, identity) || b.order - a.order,
    );
  const best = matches[0];
  return best ? { productId: best.v.productId, version: best.v.version, level: best.level as 'identical' | 'equivalent' } : undefined;
}

const rank = (level: string) => (level === 'identical' ? 0 : 1);
const declared = (v: ReleasedVersion, identity: TemplateIdentity | undefined) =>
  identity && identity.productId === v.productId && identity.version === v.version ? 1 : 0;

/**
 * Fewest upgrade findings from the release to the stack's template; then fewest template differences; then the latest.
 * Branch and bound, with the same result as analysing every version: the versions are analysed in order of their
 * (cheap) template differences, so the closest usually comes first, and each later analysis stops as soon as it has
 * more findings than the best so far. A stack compared with every release of every product (one without catalog
 * identity) otherwise analyses each release's every launch scenario, most of them of other products.
 */
function closestVersion(stack: InspectedStack, versions: ReleasedVersion[]): ClosestVersion {
  const candidates = versions
    .map((v, order) => ({ v, order, differences: templateDifferences(stack.template, v.template, 1_000) }))
    .sort((a, b) => a.differences.length - b.differences.length || b.order - a.order);
  let best: (typeof candidates)[number] & { report: UpgradeReport } = { ...candidates[0], report: analyzeUpgrade(candidates[0].v.template, stack.template) };
  for (const candidate of candidates.slice(1)) {
    const report = analyzeUpgradeWithin(candidate.v.template, stack.template, best.report.reasons.length);
    if (!report) continue;
    const closer = report.reasons.length - best.report.reasons.length || candidate.differences.length - best.differences.length || best.order - candidate.order;
    if (closer < 0) best = { ...candidate, report };
  }
  return { productId: best.v.productId, version: best.v.version, report: best.report, differences: best.differences.slice(0, 20) };
}

/**
 * One provisioned product per stack: refuse a stack already imported, or being imported, and a taken name.
 * An import in progress already is a provisioned product (UNDER_CHANGE) with the stack ARN as PhysicalId, so
 * searching by physicalId finds it; listing record history would need the provisioned product id first. Imports of
 * other stacks in progress are not looked for: Service Catalog refuses a concurrent import (InvalidStateException),
 * which becomes a clear message, and this command runs one import and waits for it.
 */
async function refuseIfAlreadyAdopted(ctx: OperationsContext, stack: InspectedStack, name: string): Promise<void> {
  const byStack = (await searchProvisionedProducts(ctx, `physicalId:${stack.stackId}`)).filter((p) => p.physicalId === stack.stackId);
  if (byStack.length > 0) {
    const p = byStack[0];
    const busy = p.status === 'UNDER_CHANGE' ? ' An import or update of it is in progress: wait for it to finish.' : '';
    throw new OperationError(`Stack ${stack.name} is already the provisioned product "${p.name}" (${p.id}, ${p.status}, version ${p.versionName ?? '?'}): nothing to adopt.${busy}`);
  }
  const byName = (await searchProvisionedProducts(ctx, `name:${name}`)).filter((p) => p.name === name);
  if (byName.length > 0) {
    throw new OperationError(`A provisioned product named "${name}" already exists (${byName[0].id}): choose another name with --name.`);
  }
}

/** CreateProvisioningArtifact from the stack itself (Info.ImportFromPhysicalId), then wait until it is AVAILABLE. */
async function registerStackTemplate(ctx: OperationsContext, plan: AdoptionPlan): Promise<string> {
  const sc = plan.serviceCatalog as NonNullable<AdoptionPlan['serviceCatalog']>;
  const subject = `version ${sc.versionName} of "${sc.productName}" (${sc.productId})`;
  const created = await callAws(ctx, { service: 'Service Catalog', operation: 'CreateProvisioningArtifact', subject }, () =>
    ctx.serviceCatalog.send(
      new CreateProvisioningArtifactCommand({
        ProductId: sc.productId,
        Parameters: {
          Name: sc.versionName,
          Description: `Template of stack ${plan.stack.name} as adopted (closest release: ${plan.closest?.productId} ${plan.closest?.version}). Upgrade to a released version.`,
          Type: 'CLOUD_FORMATION_TEMPLATE',
          Info: { ImportFromPhysicalId: plan.stack.id },
        },
        IdempotencyToken: idempotencyToken('register', plan.stack.id, sc.productId, sc.versionName),
      }),
    ),
  );
  const id = created.ProvisioningArtifactDetail?.Id;
  if (!id) throw new OperationError(`CreateProvisioningArtifact for ${subject} returned no artifact id; nothing was imported.`);
  ctx.log(`Registered ${subject}: ${id} (${created.Status ?? 'status unknown'})`);
  let status = created.Status ?? 'AVAILABLE';
  for (let waited = 0; status === 'CREATING'; waited += ctx.pollIntervalMs) {
    if (waited >= ctx.maxWaitMs) throw new OperationError(`Version ${sc.versionName} (${id}) is still CREATING; nothing was imported. Re-run later: it will be reused.`);
    await ctx.sleep(ctx.pollIntervalMs);
    const described = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeProvisioningArtifact', subject }, () =>
      ctx.serviceCatalog.send(new DescribeProvisioningArtifactCommand({ ProductId: sc.productId, ProvisioningArtifactId: id })),
    );
    status = described.Status ?? 'AVAILABLE';
  }
  if (status === 'FAILED') {
    throw new OperationError(`Service Catalog could not register ${subject} from stack ${plan.stack.name} (status FAILED, ${id}); nothing was imported. Delete that version and re-run.`);
  }
  return id;
}

/** Same request, same token: a retried run cannot register twice or start a second import (tokens: [a-zA-Z0-9][a-zA-Z0-9_-]*, ≤ 128). */
function idempotencyToken(...parts: string[]): string {
  return `adopt-${crypto.createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40)}`;
}
