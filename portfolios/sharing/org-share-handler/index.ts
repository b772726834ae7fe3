/**
 * Custom resource (Provider framework onEvent): share a Service Catalog portfolio with an AWS Organizations
 * organization and/or organizational units.
 *
 * CloudFormation cannot do this: AWS::ServiceCatalog::PortfolioShare takes an AccountId only
 * (cloudformation-coverage-roadmap 594). The API can: CreatePortfolioShare with an OrganizationNode, which is
 * asynchronous (poll DescribePortfolioShareStatus with the returned PortfolioShareToken).
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreatePortfolioShare.html
 *
 * Packaging: this file imports only Node built-ins and @aws-sdk/* (provided by the Lambda Node.js runtime), so
 * its compiled folder is the Lambda asset. Keep it that way (no imports from the rest of the repository).
 */
import {
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  ServiceCatalogClient,
  UpdatePortfolioShareCommand,
} from '@aws-sdk/client-service-catalog';
import type { PortfolioShareDetail, ShareError } from '@aws-sdk/client-service-catalog';

export type OrganizationNodeType = 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT';

export interface OrganizationShare {
  readonly Type: OrganizationNodeType;
  readonly Value: string;
}

interface ShareProperties {
  readonly PortfolioId: string;
  readonly Shares: OrganizationShare[];
  readonly ShareTagOptions: boolean;
  readonly SharePrincipals: boolean;
}

/** The subset of the Provider framework's onEvent request that this handler reads. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/** Knobs for tests; the Lambda entry point uses the defaults. */
export interface HandlerOptions {
  readonly client?: ServiceCatalogClient;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Delay between DescribePortfolioShareStatus polls. Default 5 s. */
  readonly pollIntervalMs?: number;
  /** Longest wait for one share operation to finish. Default SHARE_STATUS_MAX_WAIT_SECONDS or 600 s. */
  readonly maxWaitMs?: number;
  /** Attempts per call when throttled or when another share operation is in progress. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff delay after throttling (doubles per attempt, capped at 30 s). Default 1 s. */
  readonly throttleDelayMs?: number;
  /** First backoff delay after InvalidStateException (doubles per attempt, capped at 60 s). Default 5 s. */
  readonly invalidStateDelayMs?: number;
  /** Remaining Lambda time, to fail with a clear message before the function is killed. */
  readonly remainingTimeMs?: () => number;
  readonly log?: (message: string) => void;
}

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const NODE_TYPES: readonly OrganizationNodeType[] = ['ORGANIZATION', 'ORGANIZATIONAL_UNIT'];
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);
// Leave time to report the failure to CloudFormation before Lambda kills the function.
const TIME_MARGIN_MS = 30_000;

/** Lambda entry point. */
export async function handler(event: OnEventRequest, context?: LambdaContext): Promise<OnEventResponse> {
  return onEvent(event, { remainingTimeMs: context ? () => context.getRemainingTimeInMillis() : undefined });
}

export async function onEvent(event: OnEventRequest, options: HandlerOptions = {}): Promise<OnEventResponse> {
  const ctx = new Context(options);
  ctx.log(`${event.RequestType} ${JSON.stringify(event.ResourceProperties)}`);

  if (event.RequestType === 'Delete') {
    let props: ShareProperties;
    try {
      props = parseProperties(event.ResourceProperties);
    } catch (error) {
      // Invalid properties never created a share; failing here would only block the stack's deletion.
      ctx.log(`Delete: nothing to remove (${errorMessage(error)})`);
      return { PhysicalResourceId: event.PhysicalResourceId ?? 'none', Data: {} };
    }
    // Only this resource's own shares, and only those that still exist: never touch shares made elsewhere.
    const existing = await listOrganizationShares(ctx, props.PortfolioId);
    const present = existing === undefined ? [] : props.Shares.filter((s) => existing.has(shareKey(s)));
    const removed = await removeShares(ctx, props.PortfolioId, present);
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId(props), Data: { Removed: removed.join(',') } };
  }

  const props = parseProperties(event.ResourceProperties);
  const existing = await listOrganizationShares(ctx, props.PortfolioId);
  if (existing === undefined) {
    throw new Error(`Portfolio ${props.PortfolioId} not found (DescribePortfolioShares: ResourceNotFoundException).`);
  }
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  // One share operation at a time: concurrent OU shares of one portfolio fail with InvalidStateException
  // (Landing Zone Accelerator issue 601).
  for (const share of props.Shares) {
    const current = existing.get(shareKey(share));
    if (current === undefined) {
      await putShare(ctx, props, share, 'create');
      created.push(share.Value);
    } else if ((current.ShareTagOptions ?? false) !== props.ShareTagOptions || (current.SharePrincipals ?? false) !== props.SharePrincipals) {
      await putShare(ctx, props, share, 'update');
      updated.push(share.Value);
    } else {
      unchanged.push(share.Value);
    }
  }

  let removed: string[] = [];
  if (event.RequestType === 'Update') {
    const old = tryParseProperties(event.OldResourceProperties);
    // A changed PortfolioId changes the physical id, so CloudFormation sends a Delete for the old shares itself.
    if (old !== undefined && old.PortfolioId === props.PortfolioId) {
      const wanted = new Set(props.Shares.map(shareKey));
      const dropped = old.Shares.filter((s) => !wanted.has(shareKey(s)) && existing.has(shareKey(s)));
      removed = await removeShares(ctx, props.PortfolioId, dropped);
    }
  }

  ctx.log(`done: created [${created}] updated [${updated}] unchanged [${unchanged}] removed [${removed}]`);
  return {
    PhysicalResourceId: physicalId(props),
    Data: { Created: created.join(','), Updated: updated.join(','), Unchanged: unchanged.join(','), Removed: removed.join(',') },
  };
}

function physicalId(props: ShareProperties): string {
  return `${props.PortfolioId}-org-shares`;
}

// ---------------------------------------------------------------------------------------------------------------
// Share operations

/** Existing organization and OU shares of the portfolio by `Type:Value`; undefined when the portfolio is gone. */
async function listOrganizationShares(ctx: Context, portfolioId: string): Promise<Map<string, PortfolioShareDetail> | undefined> {
  const shares = new Map<string, PortfolioShareDetail>();
  try {
    for (const type of NODE_TYPES) {
      let pageToken: string | undefined;
      do {
        const page = await ctx.retry(`DescribePortfolioShares ${type} ${portfolioId}`, false, () =>
          ctx.client.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: type, PageToken: pageToken })),
        );
        for (const detail of page.PortfolioShareDetails ?? []) {
          if (detail.PrincipalId) shares.set(shareKey({ Type: type, Value: nodeId(detail.PrincipalId) }), detail);
        }
        pageToken = page.NextPageToken;
      } while (pageToken);
    }
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw explain(error, `DescribePortfolioShares ${portfolioId}`);
  }
  return shares;
}

/**
 * Creates a share, or updates an existing one's flags (an existing share is a no-op for CreatePortfolioShare), and
 * waits for it to complete. Both APIs take the same input and return a token to poll.
 */
async function putShare(ctx: Context, props: ShareProperties, share: OrganizationShare, action: 'create' | 'update'): Promise<void> {
  const label = `${action === 'create' ? 'CreatePortfolioShare' : 'UpdatePortfolioShare'} ${share.Type} ${share.Value} on ${props.PortfolioId}`;
  const input = {
    PortfolioId: props.PortfolioId,
    OrganizationNode: { Type: share.Type, Value: share.Value },
    ShareTagOptions: props.ShareTagOptions,
    // SharePrincipals applies to organization and OU shares only, which is all this handler makes.
    SharePrincipals: props.SharePrincipals,
  };
  const token = await ctx.mutate(label, async () => {
    const out = await ctx.client.send(action === 'create' ? new CreatePortfolioShareCommand(input) : new UpdatePortfolioShareCommand(input));
    return out.PortfolioShareToken;
  });
  await waitForShare(ctx, label, token, false);
}

/** Deletes the given shares one at a time; a share or portfolio that no longer exists counts as removed. */
async function removeShares(ctx: Context, portfolioId: string, shares: OrganizationShare[]): Promise<string[]> {
  const removed: string[] = [];
  for (const share of shares) {
    const label = `DeletePortfolioShare ${share.Type} ${share.Value} on ${portfolioId}`;
    let token: string | undefined;
    try {
      token = await ctx.mutate(label, async () => {
        const out = await ctx.client.send(
          new DeletePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: share.Type, Value: share.Value } }),
        );
        return out.PortfolioShareToken;
      });
    } catch (error) {
      if (errorName(causeOf(error)) !== 'ResourceNotFoundException') throw error;
      ctx.log(`${label}: already gone`);
    }
    await waitForShare(ctx, label, token, true);
    removed.push(share.Value);
  }
  return removed;
}

/** Polls the share operation until it is COMPLETED; COMPLETED_WITH_ERRORS and ERROR fail with the share errors. */
async function waitForShare(ctx: Context, label: string, token: string | undefined, deleting: boolean): Promise<void> {
  if (!token) return; // nothing asynchronous was started
  const polls = Math.max(1, Math.ceil(ctx.maxWaitMs / ctx.pollIntervalMs));
  let status = 'NOT_STARTED';
  for (let poll = 1; poll <= polls; poll++) {
    try {
      const out = await ctx.retry(`DescribePortfolioShareStatus ${token}`, false, () =>
        ctx.client.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token })),
      );
      status = out.Status ?? 'NOT_STARTED';
      if (status === 'COMPLETED') {
        ctx.log(`${label}: COMPLETED`);
        return;
      }
      if (status === 'COMPLETED_WITH_ERRORS' || status === 'ERROR') {
        throw new Error(`${label} ended with status ${status} (token ${token}): ${formatShareErrors(out.ShareDetails?.ShareErrors)}`);
      }
    } catch (error) {
      if (deleting && errorName(error) === 'ResourceNotFoundException') return;
      throw error;
    }
    if (poll < polls) {
      ctx.checkTime(label);
      await ctx.sleep(ctx.pollIntervalMs);
    }
  }
  throw new Error(
    `${label} still ${status} after ${Math.round(ctx.maxWaitMs / 1000)} s (token ${token}). ` +
      'Check it with `aws servicecatalog describe-portfolio-share-status --portfolio-share-token ' +
      `${token}\`, then redeploy: finished shares are kept and the handler skips them.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Retries, time budget, errors

class Context {
  readonly client: ServiceCatalogClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollIntervalMs: number;
  readonly maxWaitMs: number;
  readonly log: (message: string) => void;
  private readonly maxAttempts: number;
  private readonly throttleDelayMs: number;
  private readonly invalidStateDelayMs: number;
  private readonly remainingTimeMs?: () => number;

  constructor(options: HandlerOptions) {
    this.client = options.client ?? new ServiceCatalogClient({});
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.maxWaitMs = options.maxWaitMs ?? Number(process.env.SHARE_STATUS_MAX_WAIT_SECONDS ?? 600) * 1000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.throttleDelayMs = options.throttleDelayMs ?? 1_000;
    this.invalidStateDelayMs = options.invalidStateDelayMs ?? 5_000;
    this.remainingTimeMs = options.remainingTimeMs;
    this.log = options.log ?? ((message) => console.log(message));
  }

  /** Runs a share mutation: retries throttling and InvalidStateException, then explains the failure. */
  async mutate<T>(label: string, call: () => Promise<T>): Promise<T> {
    this.checkTime(label);
    try {
      return await this.retry(label, true, call);
    } catch (error) {
      throw explain(error, label);
    }
  }

  /**
   * Exponential backoff on throttling and, for share mutations, on InvalidStateException: Service Catalog refuses
   * a share operation while another one on the portfolio is still in progress (Landing Zone Accelerator issue 601).
   */
  async retry<T>(label: string, retryInvalidState: boolean, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const name = errorName(error);
        const invalidState = retryInvalidState && name === 'InvalidStateException';
        if ((!THROTTLING.has(name) && !invalidState) || attempt >= this.maxAttempts) throw error;
        const delay = invalidState
          ? Math.min(60_000, this.invalidStateDelayMs * 2 ** (attempt - 1))
          : Math.min(30_000, this.throttleDelayMs * 2 ** (attempt - 1));
        this.log(`${label}: ${name}, attempt ${attempt}/${this.maxAttempts}, retrying in ${delay} ms`);
        this.checkTime(label, delay);
        await this.sleep(delay);
      }
    }
  }

  checkTime(label: string, upcomingMs = 0): void {
    if (this.remainingTimeMs && this.remainingTimeMs() - upcomingMs < TIME_MARGIN_MS) {
      throw new Error(
        `${label}: the Lambda function is about to time out. Shares finished so far are kept; redeploy to continue ` +
          '(the handler skips shares that already match).',
      );
    }
  }
}

function explain(error: unknown, label: string): Error {
  const name = errorName(error);
  const message = errorMessage(error);
  if (isOrganizationAccessProblem(name, message)) {
    return new Error(
      `${label} failed (${name}: ${message}). Sharing with an organization or OU needs AWS Organizations access for ` +
        'Service Catalog and must run in the management account or a delegated administrator: run ' +
        '`aws servicecatalog enable-aws-organizations-access` from the management account, and deploy from the ' +
        'management account or register this account with `aws organizations register-delegated-administrator ' +
        '--service-principal servicecatalog.amazonaws.com --account-id <this account id>`. If the message names an IAM ' +
        "action, also check the handler role's policy.",
      { cause: error },
    );
  }
  return new Error(`${label} failed: ${name}: ${message}`, { cause: error });
}

function isOrganizationAccessProblem(name: string, message: string): boolean {
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return true;
  return (
    (name === 'OperationNotSupportedException' || name === 'InvalidParametersException') &&
    /organi[sz]ation|delegated|management account/i.test(message)
  );
}

function formatShareErrors(errors: ShareError[] | undefined): string {
  if (!errors || errors.length === 0) return 'no error details returned';
  return errors
    .map((e) => `${e.Error ?? 'Error'}: ${e.Message ?? ''}${e.Accounts?.length ? ` (accounts ${e.Accounts.join(', ')})` : ''}`)
    .join('; ');
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; code?: unknown };
    if (typeof e.name === 'string') return e.name;
    if (typeof e.code === 'string') return e.code;
  }
  return 'Error';
}

/** The SDK error behind an error wrapped by explain(). */
function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------------------------
// Properties

function shareKey(share: OrganizationShare): string {
  return `${share.Type}:${share.Value}`;
}

/** DescribePortfolioShares returns the node id; accept an ARN-shaped value too and compare by its last segment. */
function nodeId(principalId: string): string {
  return principalId.slice(principalId.lastIndexOf('/') + 1);
}

function tryParseProperties(raw: Record<string, unknown> | undefined): ShareProperties | undefined {
  try {
    return raw ? parseProperties(raw) : undefined;
  } catch {
    return undefined;
  }
}

function parseProperties(raw: Record<string, unknown>): ShareProperties {
  const portfolioId = raw.PortfolioId;
  if (typeof portfolioId !== 'string' || portfolioId === '') throw new Error('PortfolioId: a portfolio id (port-...) is required');
  if (!Array.isArray(raw.Shares)) throw new Error('Shares: a list of { Type, Value } is required');
  const seen = new Set<string>();
  const shares: OrganizationShare[] = [];
  raw.Shares.forEach((item: unknown, i: number) => {
    const { Type, Value } = (item ?? {}) as { Type?: unknown; Value?: unknown };
    if (!NODE_TYPES.includes(Type as OrganizationNodeType)) {
      throw new Error(`Shares[${i}].Type: ${JSON.stringify(Type)} is not one of ${NODE_TYPES.join(', ')}`);
    }
    if (typeof Value !== 'string' || Value === '') throw new Error(`Shares[${i}].Value: an organization or OU id is required`);
    const share = { Type: Type as OrganizationNodeType, Value };
    if (!seen.has(shareKey(share))) shares.push(share);
    seen.add(shareKey(share));
  });
  return {
    PortfolioId: portfolioId,
    Shares: shares,
    ShareTagOptions: parseFlag(raw.ShareTagOptions, 'ShareTagOptions'),
    SharePrincipals: parseFlag(raw.SharePrincipals, 'SharePrincipals'),
  };
}

/** CloudFormation passes every scalar property as a string. */
function parseFlag(value: unknown, field: string): boolean {
  if (value === undefined || value === 'false' || value === false) return false;
  if (value === 'true' || value === true) return true;
  throw new Error(`${field}: ${JSON.stringify(value)} is not 'true' or 'false'`);
}
