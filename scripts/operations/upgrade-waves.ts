/**
 * Running the updates of `catalog upgrade --apply` in waves: batches of `batchSize` side by side, a stop once
 * `maxFailures` products of this run failed or were refused, and a resume log written after every step.
 *
 * With plans (`--plan`), each product is updated through a provisioned product plan: created, judged (AWS's resource
 * changes beside the offline verdict, plan-verdict.ts), executed only when nothing identity-bearing is replaced, and
 * deleted when its record finished or when it was refused. Without plans, UpdateProvisionedProduct as before.
 *
 * Never twice: before asking AWS for an update the log records the product's last record id; a later run that finds
 * the product started, in progress or updated re-checks it (DescribeProvisionedProduct, DescribeRecord,
 * DescribeProvisionedProductPlan) and waits for or reports that operation instead of starting another.
 */
import { DescribeProvisionedProductCommand, UpdateProvisionedProductCommand, type ProvisionedProductDetail } from '@aws-sdk/client-service-catalog';
import type { OperationsContext } from './aws-clients';
import { callAws, OperationError } from './errors';
import { judgePlan, plannedChanges, type PlanJudgement, type PlannedChange } from './plan-verdict';
import { createPlan, deletePlan, describePlan, executePlan, waitForPlan } from './provisioned-product-plans';
import { statusAdvice } from './provisioned-products';
import { waitForRecord } from './records';
import type { UpgradeItem, UpgradeOutcome, UpgradePlan } from './upgrade';
import { ResumeLog, type ResumeEntry } from './upgrade-resume';

export interface WaveOptions {
  readonly batchSize: number;
  /** Stop after the batch in which this many products of this run failed or were refused. */
  readonly maxFailures: number;
  readonly usePlans: boolean;
  readonly log: ResumeLog;
}

/** AWS's answer for one provisioned product: its plan, what the plan changes, and the judgement. */
export interface PlanReview {
  readonly planId: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly changes: PlannedChange[];
  readonly judgement?: PlanJudgement;
}

type Step = { kind: 'updated'; recordId: string } | { kind: 'failed'; error: string; recordId?: string } | { kind: 'refused'; blocking: string[] };

const EXECUTED = new Set(['EXECUTE_IN_PROGRESS', 'EXECUTE_SUCCESS', 'EXECUTE_FAILED']);

export function emptyOutcome(): UpgradeOutcome {
  return { updated: [], failed: [], notAttempted: [], refused: [], earlier: [], plansNotDeleted: [], reviews: {} };
}

export async function runWaves(ctx: OperationsContext, plan: UpgradePlan, options: WaveOptions): Promise<UpgradeOutcome> {
  const outcome = emptyOutcome();
  const log = options.log;
  const queue: UpgradeItem[] = [];
  for (const item of plan.items) {
    const entry = log.entry(item.id);
    const ownPlan = entry?.state === 'planned' && item.status === 'PLAN_IN_PROGRESS';
    if (entry && (await recheck(ctx, plan, item, entry, options, outcome)) === 'done') continue;
    // A product only PLAN_IN_PROGRESS because of the plan the earlier run left (now deleted) is updatable again.
    if (item.action === 'update' || (ownPlan && (item.verdict === 'compatible' || plan.allowBreaking))) queue.push(item);
  }
  for (let start = 0; start < queue.length; start += options.batchSize) {
    // Checked before every batch: failures found re-checking a resumed report count too.
    const failures = outcome.failed.length + outcome.refused.length;
    if (failures >= options.maxFailures) {
      outcome.notAttempted.push(...queue.slice(start).map((i) => ({ name: i.name, id: i.id })));
      const when = start === 0 ? 'in the products the resumed report left in progress' : `by batch ${start / options.batchSize}`;
      outcome.stoppedBy = options.maxFailures === 1 ? 'after the first failing batch' : `at --max-failures ${options.maxFailures}: ${failures} product(s) failed or were refused ${when}`;
      break;
    }
    const batch = queue.slice(start, start + options.batchSize);
    const steps = options.usePlans ? await planBatch(ctx, plan, batch, options, outcome) : await updateBatch(ctx, plan, batch, log);
    for (const [item, step] of steps) settle(item, step, log, outcome);
  }
  for (const failure of outcome.failed) Object.assign(failure, await statusAfterFailure(ctx, failure.id));
  return outcome;
}

/**
 * `--plan` without `--apply`: AWS's answer for every product that would be updated or that the offline verdict
 * refuses (so both answers stand side by side), in batches; every plan is deleted afterwards, nothing is executed.
 */
export async function reviewPlans(ctx: OperationsContext, plan: UpgradePlan, batchSize: number): Promise<UpgradeOutcome> {
  const outcome = emptyOutcome();
  const log = ResumeLog.inMemory({ region: plan.region, product: plan.product.id, target: plan.target, usePlans: true });
  const candidates = plan.items.filter((i) => i.action === 'update' || i.action === 'refuse');
  for (let start = 0; start < candidates.length; start += batchSize) {
    for (const { item, review, error } of await reviewBatch(ctx, plan, candidates.slice(start, start + batchSize), log, outcome)) {
      if (review) await removePlan(ctx, review.planId, item, outcome);
      if (error !== undefined) outcome.failed.push({ name: item.name, id: item.id, error });
      else if (review && review.status !== 'CREATE_SUCCESS') {
        outcome.failed.push({ name: item.name, id: item.id, error: `plan ${review.planId} ${review.status}: ${review.statusMessage ?? 'no status message'}` });
      }
    }
  }
  return outcome;
}

function settle(item: UpgradeItem, step: Step, log: ResumeLog, outcome: UpgradeOutcome): void {
  if (step.kind === 'updated') {
    log.record(item.id, item.name, { state: 'updated', recordId: step.recordId });
    outcome.updated.push({ name: item.name, id: item.id, recordId: step.recordId });
  } else if (step.kind === 'refused') {
    log.record(item.id, item.name, { state: 'refused', error: step.blocking.join('; ') });
    outcome.refused.push({ name: item.name, id: item.id, blocking: step.blocking });
  } else {
    log.record(item.id, item.name, { state: 'failed', error: step.error, recordId: step.recordId });
    outcome.failed.push({ name: item.name, id: item.id, recordId: step.recordId, error: step.error });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Without plans: UpdateProvisionedProduct
// ---------------------------------------------------------------------------------------------------------------

async function updateBatch(ctx: OperationsContext, plan: UpgradePlan, batch: UpgradeItem[], log: ResumeLog): Promise<[UpgradeItem, Step][]> {
  const steps: [UpgradeItem, Step][] = [];
  const started: { item: UpgradeItem; recordId: string }[] = [];
  for (const item of batch) {
    log.record(item.id, item.name, { state: 'starting', lastRecordBefore: item.lastRecordId });
    try {
      const recordId = await startUpdate(ctx, plan, item, `${log.report.runId}-${item.id}`);
      log.record(item.id, item.name, { state: 'in-progress', recordId });
      started.push({ item, recordId });
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      steps.push([item, { kind: 'failed', error: error.message }]);
    }
  }
  for (const { item, recordId } of started) steps.push([item, await recordStep(ctx, plan, item, recordId)]);
  return steps;
}

async function startUpdate(ctx: OperationsContext, plan: UpgradePlan, item: UpgradeItem, token: string): Promise<string> {
  const subject = `provisioned product ${item.name} (${item.id}) to ${plan.target.version}`;
  const response = await callAws(ctx, { service: 'Service Catalog', operation: 'UpdateProvisionedProduct', subject }, () =>
    ctx.serviceCatalog.send(
      new UpdateProvisionedProductCommand({
        ProvisionedProductId: item.id,
        ProductId: plan.product.serviceCatalogId,
        ProvisioningArtifactId: plan.target.artifactId,
        // Explicit UsePreviousValue: an omitted parameter would take the new template's default instead.
        ProvisioningParameters: item.parameters.kept.map((Key) => ({ Key, UsePreviousValue: true })),
        // Same token on every retry of this run: a throttled request that did land is not repeated.
        UpdateToken: token,
      }),
    ),
  );
  const recordId = response.RecordDetail?.RecordId;
  if (!recordId) throw new OperationError(`UpdateProvisionedProduct for ${subject} returned no record id; its state is unknown: check it in the console.`);
  ctx.log(`Updating ${item.name} to ${plan.target.version}: record ${recordId}`);
  return recordId;
}

async function recordStep(ctx: OperationsContext, plan: UpgradePlan, item: { name: string }, recordId: string): Promise<Step> {
  try {
    const record = await waitForRecord(ctx, recordId, `update of ${item.name} to ${plan.target.version}`);
    if (record.status === 'SUCCEEDED') return { kind: 'updated', recordId };
    return { kind: 'failed', recordId, error: `record ${recordId} FAILED: ${record.errors.join('; ') || 'no error detail'}` };
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    return { kind: 'failed', recordId, error: error.message };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// With plans: create, judge, execute, delete
// ---------------------------------------------------------------------------------------------------------------

/** A plan name that says what made it; the plan id recorded in the log is what marks it as ours. */
export function planName(plan: UpgradePlan, runId: string): string {
  return `catalog-upgrade-${plan.target.version.replace(/[^A-Za-z0-9]/g, '-')}-${runId}`;
}

/**
 * Creates and judges the plans of a batch. Used by the dry run too (`--plan` without `--apply`), which deletes
 * every plan afterwards; `keep` returns the plans that may be executed.
 */
export async function reviewBatch(
  ctx: OperationsContext,
  plan: UpgradePlan,
  batch: UpgradeItem[],
  log: ResumeLog,
  outcome: Pick<UpgradeOutcome, 'reviews' | 'plansNotDeleted'>,
): Promise<{ item: UpgradeItem; review?: PlanReview; error?: string }[]> {
  const created: { item: UpgradeItem; planId?: string; error?: string }[] = [];
  for (const item of batch) {
    log.record(item.id, item.name, { state: 'starting', lastRecordBefore: item.lastRecordId });
    try {
      const planId = await createPlan(ctx, {
        planName: planName(plan, log.report.runId),
        productId: plan.product.serviceCatalogId,
        provisionedProductName: item.name,
        artifactId: plan.target.artifactId,
        keptParameters: item.parameters.kept,
        idempotencyToken: `${log.report.runId}-${item.id}-plan`,
      });
      log.record(item.id, item.name, { state: 'planned', planId });
      ctx.log(`Plan ${planId} for ${item.name} to ${plan.target.version}: waiting for CloudFormation to compute it`);
      created.push({ item, planId });
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      created.push({ item, error: error.message });
    }
  }
  const reviewed: { item: UpgradeItem; review?: PlanReview; error?: string }[] = [];
  for (const { item, planId, error } of created) {
    if (planId === undefined) {
      reviewed.push({ item, error });
      continue;
    }
    try {
      const computed = await waitForPlan(ctx, planId, item.name);
      const changes = plannedChanges(computed.changes);
      const judgement = computed.status === 'CREATE_SUCCESS' ? judgePlan(changes, item.report) : undefined;
      const review: PlanReview = { planId, status: computed.status, statusMessage: computed.statusMessage, changes, judgement };
      outcome.reviews[item.id] = review;
      reviewed.push({ item, review });
    } catch (waitError) {
      if (!(waitError instanceof OperationError)) throw waitError;
      reviewed.push({ item, review: { planId, status: 'UNKNOWN', changes: [] }, error: waitError.message });
    }
  }
  return reviewed;
}

async function planBatch(ctx: OperationsContext, plan: UpgradePlan, batch: UpgradeItem[], options: WaveOptions, outcome: UpgradeOutcome): Promise<[UpgradeItem, Step][]> {
  const log = options.log;
  const steps: [UpgradeItem, Step][] = [];
  const executing: { item: UpgradeItem; planId: string; recordId: string }[] = [];
  for (const { item, review, error } of await reviewBatch(ctx, plan, batch, log, outcome)) {
    const failWith = async (message: string) => {
      if (review) await removePlan(ctx, review.planId, item, outcome);
      steps.push([item, { kind: 'failed', error: message }]);
    };
    if (error !== undefined) {
      await failWith(error);
    } else if (!review || review.status !== 'CREATE_SUCCESS' || !review.judgement) {
      await failWith(`plan ${review?.planId} ${review?.status}: ${review?.statusMessage ?? 'no status message'}`);
    } else if (review.judgement.verdict === 'blocked' && !plan.allowBreaking) {
      await removePlan(ctx, review.planId, item, outcome);
      steps.push([item, { kind: 'refused', blocking: review.judgement.blocking }]);
    } else {
      try {
        const recordId = await executePlan(ctx, review.planId, item.name, `${log.report.runId}-${item.id}-execute`);
        log.record(item.id, item.name, { state: 'in-progress', recordId });
        ctx.log(`Executing plan ${review.planId} for ${item.name}: record ${recordId}`);
        executing.push({ item, planId: review.planId, recordId });
      } catch (executeError) {
        if (!(executeError instanceof OperationError)) throw executeError;
        await failWith(executeError.message);
      }
    }
  }
  for (const { item, planId, recordId } of executing) {
    steps.push([item, await recordStep(ctx, plan, item, recordId)]);
    await removePlan(ctx, planId, item, outcome);
  }
  return steps;
}

async function removePlan(ctx: OperationsContext, planId: string, item: { name: string }, outcome: Pick<UpgradeOutcome, 'plansNotDeleted'>): Promise<void> {
  const problem = await deletePlan(ctx, planId, item.name);
  if (problem) outcome.plansNotDeleted.push({ name: item.name, planId, error: problem });
}

// ---------------------------------------------------------------------------------------------------------------
// Resuming: what the log says happened, checked against AWS
// ---------------------------------------------------------------------------------------------------------------

/** 'done': the product was handled (now or by the earlier run) and is not updated again; 'pending': it may be updated. */
async function recheck(ctx: OperationsContext, plan: UpgradePlan, item: UpgradeItem, entry: ResumeEntry, options: WaveOptions, outcome: UpgradeOutcome): Promise<'done' | 'pending'> {
  const log = options.log;
  const earlier = (note: string) => {
    outcome.earlier.push({ name: item.name, id: item.id, state: entry.state, note });
    return 'done' as const;
  };
  switch (entry.state) {
    case 'failed':
    case 'refused':
      return earlier(`${entry.state} in an earlier run (${entry.error ?? 'no detail'}); not retried: fix it, then upgrade it with --provisioned ${item.name} and a new --resume file`);
    case 'updated': {
      const detail = await describeProvisioned(ctx, item.id);
      if (detail.ProvisioningArtifactId === plan.target.artifactId) return earlier(`updated in an earlier run (record ${entry.recordId ?? '?'}), confirmed: it runs ${plan.target.version}`);
      return earlier(
        `recorded as updated (record ${entry.recordId ?? '?'}) but DescribeProvisionedProduct shows artifact ${detail.ProvisioningArtifactId ?? '?'} (${detail.Status ?? '?'}), not ${plan.target.artifactId}: not updated again; check its history in the console`,
      );
    }
    case 'in-progress': {
      ctx.log(`${item.name}: an earlier run left record ${entry.recordId} in progress; waiting for it instead of updating again`);
      settle(item, await recordStep(ctx, plan, item, entry.recordId as string), log, outcome);
      await deleteOwnPlan(ctx, item, entry, outcome);
      return 'done';
    }
    case 'planned': {
      const planId = entry.planId as string;
      let status: string | undefined;
      try {
        status = (await describePlan(ctx, planId, item.name)).status;
      } catch (error) {
        if (!(error instanceof OperationError)) throw error;
        // Gone (deleted by someone) or unreadable: the product itself says whether an update started.
      }
      if (status !== undefined && !EXECUTED.has(status)) {
        // Ours, never executed: computed against the stack as it was then. Delete it and plan afresh.
        await removePlan(ctx, planId, item, outcome);
        log.record(item.id, item.name, { state: 'starting', planId: undefined });
        return 'pending';
      }
      return startedBefore(ctx, plan, item, entry, log, outcome);
    }
    case 'starting':
      return startedBefore(ctx, plan, item, entry, log, outcome);
  }
}

/** The earlier run was interrupted around its request: did AWS start an operation since (a new last record)? */
async function startedBefore(ctx: OperationsContext, plan: UpgradePlan, item: UpgradeItem, entry: ResumeEntry, log: ResumeLog, outcome: UpgradeOutcome): Promise<'done' | 'pending'> {
  const detail = await describeProvisioned(ctx, item.id);
  if (detail.LastRecordId === undefined || detail.LastRecordId === entry.lastRecordBefore) return 'pending';
  ctx.log(`${item.name}: the earlier run's request landed (record ${detail.LastRecordId}); waiting for it instead of updating again`);
  settle(item, await recordStep(ctx, plan, item, detail.LastRecordId), log, outcome);
  await deleteOwnPlan(ctx, item, entry, outcome);
  return 'done';
}

async function deleteOwnPlan(ctx: OperationsContext, item: UpgradeItem, entry: ResumeEntry, outcome: UpgradeOutcome): Promise<void> {
  if (entry.planId) await removePlan(ctx, entry.planId, item, outcome);
}

async function describeProvisioned(ctx: OperationsContext, id: string): Promise<ProvisionedProductDetail> {
  const described = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeProvisionedProduct', subject: `provisioned product ${id}` }, () =>
    ctx.serviceCatalog.send(new DescribeProvisionedProductCommand({ Id: id })),
  );
  return described.ProvisionedProductDetail ?? {};
}

/** After a failed update, the status it was left in (usually TAINTED: rolled back) and what to do. Best effort. */
async function statusAfterFailure(ctx: OperationsContext, id: string): Promise<{ status?: string; advice?: string }> {
  try {
    const detail = await describeProvisioned(ctx, id);
    if (!detail.Status) return {};
    return { status: detail.Status, advice: statusAdvice({ status: detail.Status, lastRecordId: detail.LastRecordId }, ctx.region) };
  } catch (error) {
    if (error instanceof OperationError) return { advice: `its status could not be read: ${error.message}` };
    throw error;
  }
}
