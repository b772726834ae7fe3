/**
 * `catalog upgrade`: move provisioned products of one catalog product to a released version.
 *
 * planUpgrade only reads (DescribeProductAsAdmin, ListProvisioningArtifacts, SearchProvisionedProducts, and
 * GetTemplate for a product running a version that has no snapshot, such as an adopted one) and gives each
 * provisioned product a verdict from its current version to the target (the offline upgrade analysis of the two
 * templates). applyUpgrade runs UpdateProvisionedProduct in batches, waits for every record of a batch, and stops
 * after the first batch with a failure, reporting what was updated, what failed and what was not attempted.
 */
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeProvisionedProductCommand, UpdateProvisionedProductCommand } from '@aws-sdk/client-service-catalog';
import { analyzeUpgrade, type CfnTemplate, type UpgradeReport } from '../analyzers/upgrade-diff';
import type { OperationsContext } from './aws-clients';
import { findProduct, findVersion, type CatalogReleases } from './catalog-versions';
import { callAws, OperationError } from './errors';
import { searchProvisionedProducts, statusAdvice, type ProvisionedProduct } from './provisioned-products';
import { waitForRecord } from './records';
import { findPublishedProduct, requirePublishedVersion } from './service-catalog-product';
import { parseTemplateBody } from './template-match';

export interface UpgradeOptions {
  readonly productId: string;
  readonly to: string;
  /** --provisioned NAME: only this provisioned product. */
  readonly provisioned?: string;
  readonly allowBreaking: boolean;
}

export type UpgradeVerdict = 'compatible' | 'breaking' | 'unknown' | 'up-to-date';
export type UpgradeAction = 'update' | 'skip' | 'refuse' | 'none';

export interface UpgradeItem {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly currentVersion?: string;
  readonly verdict: UpgradeVerdict;
  readonly action: UpgradeAction;
  /** Why: the most severe findings of a breaking verdict, why a verdict is unknown, why it is skipped. */
  readonly reasons: string[];
  /** What the status means and what to do (TAINTED, ERROR, UNDER_CHANGE, PLAN_IN_PROGRESS). */
  readonly advice?: string;
  /** Parameters of both versions keep their values (UsePreviousValue); new ones take their defaults; removed ones go. */
  readonly parameters: { readonly kept: string[]; readonly added: string[]; readonly removed: string[] };
  readonly report?: UpgradeReport;
}

export interface UpgradePlan {
  readonly region: string;
  readonly product: { readonly id: string; readonly name: string; readonly serviceCatalogId: string };
  readonly target: { readonly version: string; readonly artifactId: string };
  readonly allowBreaking: boolean;
  readonly items: UpgradeItem[];
}

export interface UpgradeOutcome {
  readonly updated: { readonly name: string; readonly id: string; readonly recordId: string }[];
  readonly failed: { readonly name: string; readonly id: string; readonly recordId?: string; readonly error: string; readonly status?: string; readonly advice?: string }[];
  readonly notAttempted: { readonly name: string; readonly id: string }[];
}

const NOT_UPDATABLE = new Set(['UNDER_CHANGE', 'PLAN_IN_PROGRESS', 'ERROR']);
const SHOWN_REASONS = 3;

export async function planUpgrade(ctx: OperationsContext, releases: CatalogReleases, options: UpgradeOptions): Promise<UpgradePlan> {
  const product = findProduct(releases, options.productId, '--product');
  const target = findVersion(releases, product.id, options.to, '--to');
  const published = await findPublishedProduct(ctx, product.name);
  const targetVersion = requirePublishedVersion(ctx, published, options.to);

  let provisioned = (await searchProvisionedProducts(ctx, `productId:${published.id}`)).filter((p) => p.productId === published.id);
  if (options.provisioned !== undefined) {
    const named = provisioned.filter((p) => p.name === options.provisioned);
    if (named.length === 0) {
      throw new OperationError(
        `--provisioned: no provisioned product named "${options.provisioned}" of "${product.name}" in ${ctx.region}; ` +
          `found: ${provisioned.map((p) => p.name).sort().join(', ') || '(none)'}`,
      );
    }
    provisioned = named;
  }
  provisioned.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // The search result names the version; should it only carry the artifact id, the product's version list names it.
  const withVersionNames = provisioned.map((p) => ({ ...p, versionName: p.versionName ?? published.versions.find((v) => v.id === p.versionId)?.name }));
  const items: UpgradeItem[] = [];
  for (const p of withVersionNames) items.push(await planItem(ctx, releases, product.id, target.template, options, p));
  return {
    region: ctx.region,
    product: { id: product.id, name: product.name, serviceCatalogId: published.id },
    target: { version: options.to, artifactId: targetVersion.id },
    allowBreaking: options.allowBreaking,
    items,
  };
}

async function planItem(
  ctx: OperationsContext,
  releases: CatalogReleases,
  productId: string,
  to: CfnTemplate,
  options: UpgradeOptions,
  p: ProvisionedProduct,
): Promise<UpgradeItem> {
  const base = { id: p.id, name: p.name, status: p.status, currentVersion: p.versionName, advice: statusAdvice(p, ctx.region) };
  const noParameters = { kept: [], added: [], removed: [] };
  if (p.versionName === options.to) {
    return { ...base, verdict: 'up-to-date', action: 'none', reasons: [`already runs ${options.to}`], parameters: noParameters };
  }
  const from = await currentTemplate(ctx, releases, productId, p);
  const parameters = from.template ? parameterPlan(from.template, to) : noParameters;
  const report = from.template ? analyzeUpgrade(from.template, to) : undefined;
  const verdict: UpgradeVerdict = report?.verdict ?? 'unknown';
  const breaking = report?.reasons.filter((r) => r.severity === 'critical' || r.severity === 'breaking') ?? [];
  const reasons = report ? breaking.slice(0, SHOWN_REASONS).map((r) => r.message) : [from.problem as string];
  if (breaking.length > SHOWN_REASONS) {
    reasons.push(`${breaking.length - SHOWN_REASONS} more breaking finding(s): see \`catalog diff\` between ${p.versionName} and ${options.to}`);
  }
  let action: UpgradeAction = 'update';
  if (NOT_UPDATABLE.has(p.status)) action = 'skip';
  else if ((verdict === 'breaking' || verdict === 'unknown') && !options.allowBreaking) action = 'refuse';
  return { ...base, verdict, action, reasons, parameters, report };
}

/** The template of the version a provisioned product runs: its snapshot, else (an adopted or foreign version) its stack's template. */
async function currentTemplate(
  ctx: OperationsContext,
  releases: CatalogReleases,
  productId: string,
  p: ProvisionedProduct,
): Promise<{ template?: CfnTemplate; problem?: string }> {
  const released = releases.versions(productId).find((v) => v.version === p.versionName);
  if (released) return { template: released.template };
  if (!p.physicalId?.startsWith('arn:')) {
    return { problem: `its version ${p.versionName ?? '(unknown)'} is not a release of this catalog and it has no stack to read the template from` };
  }
  const physicalId = p.physicalId;
  try {
    const got = await callAws(ctx, { service: 'CloudFormation', operation: 'GetTemplate', subject: `stack of provisioned product ${p.name}` }, () =>
      ctx.cloudFormation.send(new GetTemplateCommand({ StackName: physicalId, TemplateStage: 'Original' })),
    );
    return { template: parseTemplateBody(got.TemplateBody ?? '', `the stack of ${p.name}`) };
  } catch (error) {
    if (error instanceof OperationError) return { problem: `its version ${p.versionName} is not a release of this catalog and its template could not be read: ${error.message}` };
    throw error;
  }
}

function parameterPlan(from: CfnTemplate, to: CfnTemplate): UpgradeItem['parameters'] {
  const before = Object.keys(from.Parameters ?? {});
  const after = Object.keys(to.Parameters ?? {});
  return {
    kept: after.filter((k) => before.includes(k)),
    added: after.filter((k) => !before.includes(k)),
    removed: before.filter((k) => !after.includes(k)),
  };
}

/**
 * Runs the updates. Refuses before changing anything when an item is refused (breaking or unknown verdict
 * without --allow-breaking). Within a batch the updates run side by side; the next batch starts only when
 * every record of this one succeeded.
 */
export async function applyUpgrade(ctx: OperationsContext, plan: UpgradePlan, batchSize: number): Promise<UpgradeOutcome> {
  const refused = plan.items.filter((i) => i.action === 'refuse');
  if (refused.length > 0) {
    const lines = refused.map((i) => `  - ${i.name} (${i.currentVersion ?? '?'} → ${plan.target.version}, ${i.verdict}): ${i.reasons.join('; ')}`);
    throw new OperationError(
      `Refusing to upgrade; nothing was updated. These upgrades are not known to be safe:\n${lines.join('\n')}\n` +
        `Read \`catalog diff\` for ${plan.product.id}, then re-run with --allow-breaking to accept, or --provisioned NAME to upgrade the others one by one.`,
    );
  }
  const queue = plan.items.filter((i) => i.action === 'update');
  const outcome: UpgradeOutcome = { updated: [], failed: [], notAttempted: [] };
  for (let start = 0; start < queue.length; start += batchSize) {
    const batch = queue.slice(start, start + batchSize);
    const started: { item: UpgradeItem; recordId: string }[] = [];
    for (const item of batch) {
      try {
        started.push({ item, recordId: await startUpdate(ctx, plan, item) });
      } catch (error) {
        if (!(error instanceof OperationError)) throw error;
        outcome.failed.push({ name: item.name, id: item.id, error: error.message });
      }
    }
    for (const { item, recordId } of started) {
      try {
        const record = await waitForRecord(ctx, recordId, `update of ${item.name} to ${plan.target.version}`);
        if (record.status === 'SUCCEEDED') outcome.updated.push({ name: item.name, id: item.id, recordId });
        else outcome.failed.push({ name: item.name, id: item.id, recordId, error: `record ${recordId} FAILED: ${record.errors.join('; ') || 'no error detail'}` });
      } catch (error) {
        if (!(error instanceof OperationError)) throw error;
        outcome.failed.push({ name: item.name, id: item.id, recordId, error: error.message });
      }
    }
    if (outcome.failed.length > 0) {
      for (const failure of outcome.failed) Object.assign(failure, await statusAfterFailure(ctx, failure.id));
      outcome.notAttempted.push(...queue.slice(start + batchSize).map((i) => ({ name: i.name, id: i.id })));
      break;
    }
  }
  return outcome;
}

async function startUpdate(ctx: OperationsContext, plan: UpgradePlan, item: UpgradeItem): Promise<string> {
  const subject = `provisioned product ${item.name} (${item.id}) to ${plan.target.version}`;
  const response = await callAws(ctx, { service: 'Service Catalog', operation: 'UpdateProvisionedProduct', subject }, () =>
    ctx.serviceCatalog.send(
      new UpdateProvisionedProductCommand({
        ProvisionedProductId: item.id,
        ProductId: plan.product.serviceCatalogId,
        ProvisioningArtifactId: plan.target.artifactId,
        // Explicit UsePreviousValue: an omitted parameter would take the new template's default instead.
        ProvisioningParameters: item.parameters.kept.map((Key) => ({ Key, UsePreviousValue: true })),
      }),
    ),
  );
  const recordId = response.RecordDetail?.RecordId;
  if (!recordId) throw new OperationError(`UpdateProvisionedProduct for ${subject} returned no record id; its state is unknown: check it in the console.`);
  ctx.log(`Updating ${item.name} to ${plan.target.version}: record ${recordId}`);
  return recordId;
}

/** After a failed update, the status it was left in (usually TAINTED: rolled back) and what to do. Best effort. */
async function statusAfterFailure(ctx: OperationsContext, id: string): Promise<{ status?: string; advice?: string }> {
  try {
    const described = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeProvisionedProduct', subject: `provisioned product ${id}` }, () =>
      ctx.serviceCatalog.send(new DescribeProvisionedProductCommand({ Id: id })),
    );
    const detail = described.ProvisionedProductDetail;
    if (!detail?.Status) return {};
    return { status: detail.Status, advice: statusAdvice({ status: detail.Status, lastRecordId: detail.LastRecordId }, ctx.region) };
  } catch (error) {
    if (error instanceof OperationError) return { advice: `its status could not be read: ${error.message}` };
    throw error;
  }
}
