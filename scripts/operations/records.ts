/**
 * Waits for a Service Catalog record (the request behind an import or an update) to finish. Bounded: after
 * `maxWaitMs` it stops waiting and says so — the operation itself continues in AWS.
 * Record statuses: CREATED, IN_PROGRESS, IN_PROGRESS_IN_ERROR (failing, rolling back), SUCCEEDED, FAILED.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_RecordDetail.html
 */
import { DescribeRecordCommand, type RecordDetail } from '@aws-sdk/client-service-catalog';
import type { OperationsContext } from './aws-clients';
import { callAws, OperationError } from './errors';

export interface FinishedRecord {
  readonly id: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** RecordErrors as "Code: Description". */
  readonly errors: string[];
  readonly detail: RecordDetail;
}

export async function waitForRecord(ctx: OperationsContext, recordId: string, subject: string): Promise<FinishedRecord> {
  let waited = 0;
  let last = 'CREATED';
  for (;;) {
    const described = await callAws(ctx, { service: 'Service Catalog', operation: 'DescribeRecord', subject: `record ${recordId} (${subject})` }, () =>
      ctx.serviceCatalog.send(new DescribeRecordCommand({ Id: recordId })),
    );
    const detail = described.RecordDetail ?? {};
    last = detail.Status ?? last;
    if (last === 'SUCCEEDED' || last === 'FAILED') {
      const errors = (detail.RecordErrors ?? []).map((e) => `${e.Code ?? 'Error'}: ${e.Description ?? ''}`.trim());
      return { id: recordId, status: last, errors, detail };
    }
    if (waited >= ctx.maxWaitMs) {
      throw new OperationError(
        `Record ${recordId} (${subject}) is still ${last} after ${duration(waited)}; stopped waiting, the request continues in AWS. ` +
          `Follow it with: aws servicecatalog describe-record --id ${recordId} --region ${ctx.region}`,
      );
    }
    await ctx.sleep(ctx.pollIntervalMs);
    waited += ctx.pollIntervalMs;
  }
}

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
