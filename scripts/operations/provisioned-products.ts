/**
 * Provisioned products as SearchProvisionedProducts returns them (every page), and what each status means for
 * an operator. Status meanings: https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ProvisionedProductAttribute.html
 */
import { SearchProvisionedProductsCommand } from '@aws-sdk/client-service-catalog';
import type { OperationsContext } from './aws-clients';
import { callAws } from './errors';

export interface ProvisionedProduct {
  /** pp-… */
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly productId?: string;
  /** The provisioning artifact (version) name it runs now. */
  readonly versionName?: string;
  readonly versionId?: string;
  /** For CFN_STACK products: the stack ARN. */
  readonly physicalId?: string;
  readonly lastRecordId?: string;
}

/**
 * Every provisioned product of the account (AccessLevelFilter Account — not only the caller's own) matching
 * a SearchQuery such as `productId:prod-abc`. The query is a search, not an exact filter: callers re-check.
 */
export async function searchProvisionedProducts(ctx: OperationsContext, searchQuery: string): Promise<ProvisionedProduct[]> {
  const found: ProvisionedProduct[] = [];
  let pageToken: string | undefined;
  do {
    const page = await callAws(ctx, { service: 'Service Catalog', operation: 'SearchProvisionedProducts', subject: `"${searchQuery}"` }, () =>
      ctx.serviceCatalog.send(
        new SearchProvisionedProductsCommand({
          AccessLevelFilter: { Key: 'Account', Value: 'self' },
          Filters: { SearchQuery: [searchQuery] },
          PageSize: 100,
          PageToken: pageToken,
        }),
      ),
    );
    for (const p of page.ProvisionedProducts ?? []) {
      if (p.Id === undefined || p.Name === undefined) continue;
      found.push({
        id: p.Id,
        name: p.Name,
        status: p.Status ?? 'UNKNOWN',
        statusMessage: p.StatusMessage,
        productId: p.ProductId,
        versionName: p.ProvisioningArtifactName,
        versionId: p.ProvisioningArtifactId,
        physicalId: p.PhysicalId,
        lastRecordId: p.LastRecordId,
      });
    }
    pageToken = page.NextPageToken || undefined;
  } while (pageToken);
  return found;
}

/** Why a provisioned product in this status is (not) updated, and what the operator does about it. */
export function statusAdvice(product: Pick<ProvisionedProduct, 'status' | 'lastRecordId'>, region: string): string | undefined {
  const record = product.lastRecordId
    ? `aws servicecatalog describe-record --id ${product.lastRecordId} --region ${region}`
    : 'the last record of the provisioned product (Service Catalog console → Provisioned products → Events)';
  switch (product.status) {
    case 'TAINTED':
      return 'TAINTED: the last operation finished but not as requested — typically an update to a new version failed and ' +
        'CloudFormation rolled the stack back, so the agent still runs its previous version. It can be updated again: read why ' +
        `the last update failed (${record}), fix the cause, then re-run the upgrade.`;
    case 'ERROR':
      return 'ERROR: an unexpected error occurred; the provisioned product exists but its stack is not running (for example ' +
        `CloudFormation rejected a parameter value). Not updated: read ${record}, then update it with corrected parameters ` +
        'from the Service Catalog console, or terminate and re-provision it.';
    case 'UNDER_CHANGE':
      return 'UNDER_CHANGE: another operation is running on it. Not updated: wait until it is AVAILABLE, then re-run.';
    case 'PLAN_IN_PROGRESS':
      return 'PLAN_IN_PROGRESS: a provisioning plan exists and has not been executed. Not updated: execute or delete the plan, then re-run.';
    default:
      return undefined;
  }
}
