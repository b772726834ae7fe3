/**
 * Provisioned product plans: Service Catalog's wrapper around a CloudFormation change set of the provisioned
 * product's stack. Create one, wait until CloudFormation has computed it, read every resource change, execute it
 * (the change set that was judged is the one that runs) and delete it.
 *
 * API reference (request and response shapes used here and in test/operations/upgrade-plans.test.ts):
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreateProvisionedProductPlan.html — "You can create one
 *   plan for each provisioned product. To create a plan for an existing provisioned product, the product status must
 *   be AVAILABLE or TAINTED." IdempotencyToken is required; a retried request with the same token gets the same plan.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProvisionedProductPlan.html — ResourceChanges are
 *   paged (PageSize at most 20); ProvisionedProductPlanDetails.Status CREATE_IN_PROGRESS | CREATE_SUCCESS |
 *   CREATE_FAILED | EXECUTE_IN_PROGRESS | EXECUTE_SUCCESS | EXECUTE_FAILED, StatusMessage says why.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ExecuteProvisionedProductPlan.html — returns the record.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DeleteProvisionedProductPlan.html
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ListProvisionedProductPlans.html
 */
import {
  CreateProvisionedProductPlanCommand,
  DeleteProvisionedProductPlanCommand,
  DescribeProvisionedProductPlanCommand,
  ExecuteProvisionedProductPlanCommand,
  ListProvisionedProductPlansCommand,
  type ResourceChange,
} from '@aws-sdk/client-service-catalog';
import type { OperationsContext } from './aws-clients';
import { callAws, OperationError } from './errors';

export interface PlanRequest {
  readonly planName: string;
  readonly productId: string;
  /** The existing provisioned product's name: that makes the plan an update of it. */
  readonly provisionedProductName: string;
  readonly artifactId: string;
  /** Parameters both versions have, kept with UsePreviousValue; new ones are not sent and take their defaults. */
  readonly keptParameters: readonly string[];
  readonly idempotencyToken: string;
}

export interface ComputedPlan {
  readonly id: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly changes: ResourceChange[];
}

export interface PlanSummary {
  readonly id: string;
  readonly name?: string;
}

const DESCRIBE_PAGE = 20;

export async function createPlan(ctx: OperationsContext, request: PlanRequest): Promise<string> {
  const subject = `provisioned product ${request.provisionedProductName}`;
  const created = await callAws(ctx, { service: 'Service Catalog', operation: 'CreateProvisionedProductPlan', subject }, () =>
    ctx.serviceCatalog.send(
      new CreateProvisionedProductPlanCommand({
        PlanName: request.planName,
        PlanType: 'CLOUDFORMATION',
        ProductId: request.productId,
        ProvisionedProductName: request.provisionedProductName,
        ProvisioningArtifactId: request.artifactId,
        ProvisioningParameters: request.keptParameters.map((Key) => ({ Key, UsePreviousValue: true })),
        IdempotencyToken: request.idempotencyToken,
      }),
    ),
  );
  if (!created.PlanId) throw new OperationError(`CreateProvisionedProductPlan for ${subject} returned no plan id; look for plan "${request.planName}" in the console and delete it.`);
  return created.PlanId;
}

/** One DescribeProvisionedProductPlan, every page of ResourceChanges. */
export async function describePlan(ctx: OperationsContext, planId: string, subject: string): Promise<ComputedPlan> {
  const changes: ResourceChange[] = [];
  let status = 'UNKNOWN';
  let statusMessage: string | undefined;
  let pageToken: string | undefined;
  do {
    const page = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeProvisionedProductPlan', subject: `plan ${planId} (${subject})` }, () =>
      ctx.serviceCatalog.send(new DescribeProvisionedProductPlanCommand({ PlanId: planId, PageSize: DESCRIBE_PAGE, PageToken: pageToken })),
    );
    status = page.ProvisionedProductPlanDetails?.Status ?? status;
    statusMessage = page.ProvisionedProductPlanDetails?.StatusMessage ?? statusMessage;
    changes.push(...(page.ResourceChanges ?? []));
    pageToken = page.NextPageToken || undefined;
  } while (pageToken);
  return { id: planId, status, statusMessage, changes };
}

/**
 * Polls until the plan leaves CREATE_IN_PROGRESS, at most ctx.planMaxWaitMs. CREATE_FAILED (and any other end
 * state) is returned for the caller to report; only running out of time throws.
 */
export async function waitForPlan(ctx: OperationsContext, planId: string, subject: string): Promise<ComputedPlan> {
  let waited = 0;
  for (;;) {
    const plan = await describePlan(ctx, planId, subject);
    if (plan.status !== 'CREATE_IN_PROGRESS') return plan;
    if (waited >= ctx.planMaxWaitMs) {
      throw new OperationError(
        `Plan ${planId} (${subject}) is still CREATE_IN_PROGRESS after ${Math.round(waited / 1000)} s; stopped waiting. ` +
          `Follow it with: aws servicecatalog describe-provisioned-product-plan --plan-id ${planId} --region ${ctx.region}`,
      );
    }
    await ctx.sleep(ctx.pollIntervalMs);
    waited += ctx.pollIntervalMs;
  }
}

export async function executePlan(ctx: OperationsContext, planId: string, subject: string, idempotencyToken: string): Promise<string> {
  const executed = await callAws(ctx, { service: 'Service Catalog', operation: 'ExecuteProvisionedProductPlan', subject: `plan ${planId} (${subject})` }, () =>
    ctx.serviceCatalog.send(new ExecuteProvisionedProductPlanCommand({ PlanId: planId, IdempotencyToken: idempotencyToken })),
  );
  const recordId = executed.RecordDetail?.RecordId;
  if (!recordId) throw new OperationError(`ExecuteProvisionedProductPlan for plan ${planId} (${subject}) returned no record id; its state is unknown: check it in the console.`);
  return recordId;
}

/** Deletes a plan this run created. Never throws: returns why it could not, for the report. */
export async function deletePlan(ctx: OperationsContext, planId: string, subject: string): Promise<string | undefined> {
  try {
    await callAws(ctx, { service: 'Service Catalog', operation: 'DeleteProvisionedProductPlan', subject: `plan ${planId} (${subject})` }, () =>
      ctx.serviceCatalog.send(new DeleteProvisionedProductPlanCommand({ PlanId: planId })),
    );
    return undefined;
  } catch (error) {
    if (error instanceof OperationError) return `${error.message} Delete it with: aws servicecatalog delete-provisioned-product-plan --plan-id ${planId} --region ${ctx.region}`;
    throw error;
  }
}

/** The plans a provisioned product has now (every page, account level), to name the ones this run did not make. */
export async function listPlans(ctx: OperationsContext, provisionedProductId: string): Promise<PlanSummary[]> {
  const found: PlanSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await callAws(ctx, { service: 'Service Catalog', operation: 'ListProvisionedProductPlans', subject: `provisioned product ${provisionedProductId}` }, () =>
      ctx.serviceCatalog.send(
        new ListProvisionedProductPlansCommand({ ProvisionProductId: provisionedProductId, AccessLevelFilter: { Key: 'Account', Value: 'self' }, PageSize: 20, PageToken: pageToken }),
      ),
    );
    for (const p of page.ProvisionedProductPlans ?? []) if (p.PlanId) found.push({ id: p.PlanId, name: p.PlanName });
    pageToken = page.NextPageToken || undefined;
  } while (pageToken);
  return found;
}
