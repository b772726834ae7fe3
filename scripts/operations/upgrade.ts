/**
 * `catalog upgrade`: move provisioned products of one catalog product to a released version.
 *
 * planUpgrade only reads (DescribeProductAsAdmin, ListProvisioningArtifacts, SearchProvisionedProducts, and
 * GetTemplate for a product running a version that has no snapshot, such as an adopted one) and gives each
 * provisioned product a verdict from its current version to the target (the offline upgrade analysis of the two
 * templates). applyUpgrade runs the updates in waves (upgrade-waves.ts: UpdateProvisionedProduct, or with --plan
 * the provisioned product plan AWS computed and we judged), stops at --max-failures, and reports what was updated,
 * what failed or was refused and what was not attempted.
 */
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { analyzeUpgrade, type CfnTemplate, type UpgradeReport } from '../analyzers/upgrade-diff';
import type { OperationsContext } from './aws-clients';
import { findProduct, findVersion, type CatalogReleases } from './catalog-versions';
import { callAws, OperationError } from './errors';
import { listPlans } from './provisioned-product-plans';
import { searchProvisionedProducts, statusAdvice, type ProvisionedProduct } from './provisioned-products';
import { findPublishedProduct, requirePublishedVersion } from './service-catalog-product';
import { parseTemplateBody } from './template-match';
import { ResumeLog } from './upgrade-resume';
import { runWaves, type PlanReview } from './upgrade-waves';

export interface UpgradeOptions {
  readonly productId: string;
  readonly to: string;
  /** --provisioned NAME: only this provisioned product. */
  readonly provisioned?: string;
  readonly allowBreaking: boolean;
  /** --plan: name the plans of PLAN_IN_PROGRESS products; plans with these ids are this upgrade's own (--resume). */
  readonly plans?: { readonly own: ReadonlySet<string> };
}

export type UpgradeVerdict = 'compatible' | 'breaking' | 'unknown' | 'up-to-date';
export type UpgradeAction = 'update' | 'skip' | 'refuse' | 'none';

export interface UpgradeItem {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly currentVersion?: string;
  /** The provisioned product's last record when planned: tells a resumed run whether its request landed. */
  readonly lastRecordId?: string;
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
  /** AWS's plan replaces or deletes an identity-bearing resource: not executed, plan deleted. */
  readonly refused: { readonly name: string; readonly id: string; readonly blocking: string[] }[];
  /** Products the resumed report says an earlier run handled, as re-checked now; not updated again. */
  readonly earlier: { readonly name: string; readonly id: string; readonly state: string; readonly note: string }[];
  /** Plans this run created and could not delete (with the command that deletes them). */
  readonly plansNotDeleted: { readonly name: string; readonly planId: string; readonly error: string }[];
  /** AWS's answer per provisioned product id (with --plan). */
  readonly reviews: Record<string, PlanReview>;
  /** Why the wave stopped early ("after the first failing batch", "at --max-failures 3: …"), when it did. */
  stoppedBy?: string;
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
  const advice = p.status === 'PLAN_IN_PROGRESS' && options.plans ? await existingPlanAdvice(ctx, p, options.plans.own) : statusAdvice(p, ctx.region);
  const base = { id: p.id, name: p.name, status: p.status, currentVersion: p.versionName, lastRecordId: p.lastRecordId, advice };
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

/**
 * One plan per provisioned product is all Service Catalog allows (API_CreateProvisionedProductPlan), so a product
 * with a plan is not planned again. A plan someone else made is theirs to execute or delete: named, never deleted.
 */
async function existingPlanAdvice(ctx: OperationsContext, p: ProvisionedProduct, own: ReadonlySet<string>): Promise<string> {
  const plans = await listPlans(ctx, p.id);
  const foreign = plans.filter((plan) => !own.has(plan.id));
  if (plans.length > 0 && foreign.length === 0) {
    return `PLAN_IN_PROGRESS: its plan ${plans.map((plan) => plan.id).join(', ')} was created by the upgrade this --resume file continues: it is deleted and planned again.`;
  }
  const named = foreign.map((plan) => `"${plan.name ?? '?'}" (${plan.id})`).join(', ') || '(none listed for this caller)';
  return `PLAN_IN_PROGRESS: it has a provisioned product plan this upgrade did not create: ${named}. Service Catalog allows one plan per ` +
    'provisioned product, and catalog never deletes a plan it did not create. Not updated: whoever made it executes or deletes it ' +
    `(aws servicecatalog delete-provisioned-product-plan --plan-id ${foreign[0]?.id ?? 'PLAN_ID'} --region ${ctx.region}), then re-run.`;
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
 * without --allow-breaking). Then in waves (upgrade-waves.ts): within a batch the updates run side by side; the next
 * batch starts only while fewer than `maxFailures` products of this run failed or were refused.
 */
export async function applyUpgrade(
  ctx: OperationsContext,
  plan: UpgradePlan,
  batchSize: number,
  options: { maxFailures?: number; usePlans?: boolean; log?: ResumeLog } = {},
): Promise<UpgradeOutcome> {
  const log = options.log ?? ResumeLog.inMemory({ region: plan.region, product: plan.product.id, target: plan.target, usePlans: options.usePlans ?? false });
  // A product the resumed run already handled is re-checked, not judged again.
  const refused = plan.items.filter((i) => i.action === 'refuse' && log.entry(i.id) === undefined);
  if (refused.length > 0) {
    const lines = refused.map((i) => `  - ${i.name} (${i.currentVersion ?? '?'} → ${plan.target.version}, ${i.verdict}): ${i.reasons.join('; ')}`);
    throw new OperationError(
      `Refusing to upgrade; nothing was updated. These upgrades are not known to be safe:\n${lines.join('\n')}\n` +
        `Read \`catalog diff\` for ${plan.product.id}, then re-run with --allow-breaking to accept, or --provisioned NAME to upgrade the others one by one.`,
    );
  }
  return runWaves(ctx, plan, { batchSize, maxFailures: options.maxFailures ?? 1, usePlans: options.usePlans ?? false, log });
}
