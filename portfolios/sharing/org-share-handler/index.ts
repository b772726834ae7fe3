/**
 * Custom resource (CDK Provider framework, asynchronous): share a Service Catalog portfolio with an AWS Organizations
 * organization and/or organizational units.
 *
 * CloudFormation cannot do this: AWS::ServiceCatalog::PortfolioShare takes an AccountId only
 * (cloudformation-coverage-roadmap 594). The API can: CreatePortfolioShare / UpdatePortfolioShare /
 * DeletePortfolioShare with an OrganizationNode are asynchronous and return a PortfolioShareToken, polled with
 * DescribePortfolioShareStatus (NOT_STARTED | IN_PROGRESS | COMPLETED | COMPLETED_WITH_ERRORS | ERROR).
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreatePortfolioShare.html
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribePortfolioShareStatus.html
 *
 * Two entry points, one per Lambda function of the Provider:
 * - `handler` (onEvent) validates, reads the portfolio's shares, plans the share operations and starts the first one.
 *   It returns the plan in the event (`OrgShares`), which the framework hands to every isComplete call.
 * - `isCompleteHandler` is called every queryInterval until it reports done, throws, or the Provider's totalTimeout
 *   passes. The framework passes the SAME event to every call (Step Functions retries the task with its input;
 *   aws-cdk-lib custom-resources/lib/provider-framework/runtime/framework.ts, and returning Data with
 *   IsComplete=false is an error there), so nothing learnt in one call reaches the next. Progress is therefore
 *   recomputed from AWS on every call (stateless): DescribePortfolioShares says which operations of the plan are
 *   done; a share operation that is still running makes the next mutation fail with InvalidStateException, which
 *   means "still running" here; the token of the first operation (started by onEvent) and of an operation started in
 *   this call are polled with DescribePortfolioShareStatus, which reports AWS's own error text.
 *
 * One share operation at a time per portfolio: concurrent organization-node share operations on one portfolio fail
 * with InvalidStateException ("another operation in progress": Landing Zone Accelerator issue 601 and its fix PR 914,
 * which serialises them; terraform-provider-aws issue 24729 / PR 24730, which added a lock so that only one share
 * create/delete runs at a time).
 *
 * Failure and rollback (CloudFormation sends a Delete after a failed Create, with the PhysicalResourceId of the FAILED
 * response, aws-cdk PR 5525; after a failed Update it sends a rollback Update with the old properties):
 * - a failed Create (or an Update that moves to another portfolio) deletes the shares it created, waiting until
 *   they are gone, before it reports the failure, so the rollback can delete the portfolio;
 * - a failed Update of the same portfolio leaves the rollback Update to converge back to the old properties (it
 *   creates what the old properties list and deletes what only the failed properties added);
 * - Delete removes only this resource's own shares: the nodes in its properties that are still shared, except the
 *   shares that already existed when the resource was created (kept, named in the PhysicalResourceId).
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

export type Action = 'create' | 'update' | 'delete';

/** One planned share operation. `create`/`update` mean "make this node shared with the flags"; `delete` "unshared". */
export interface Operation extends OrganizationShare {
  readonly Action: Action;
}

/** What onEvent hands to every isComplete call (a custom field of the onEvent response). */
export interface SharePlan {
  readonly PortfolioId: string;
  readonly ShareTagOptions: boolean;
  readonly SharePrincipals: boolean;
  /** In order; run one at a time. */
  readonly Operations: Operation[];
  /** Token of Operations[0] when onEvent could start it. */
  readonly FirstToken?: string;
  /** Create, or Update to another portfolio: on failure, delete the shares this request created. */
  readonly CleanUpOnFailure: boolean;
  /** Nodes already shared as requested. */
  readonly Unchanged: string[];
  readonly RequestType: OnEventRequest['RequestType'];
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly OrgShares: SharePlan;
}

/** The subset of the Provider framework's isComplete request that this handler reads: the onEvent request and response merged. */
export interface IsCompleteRequest {
  readonly RequestType: OnEventRequest['RequestType'];
  readonly PhysicalResourceId?: string;
  readonly OrgShares?: unknown;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** Knobs for tests; the Lambda entry points use the defaults. */
export interface HandlerOptions {
  readonly client?: ServiceCatalogClient;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Delay between DescribePortfolioShareStatus polls inside one invocation. Default 5 s. */
  readonly pollIntervalMs?: number;
  /**
   * How long one isComplete call waits for an operation it started before it reports "not complete yet" and lets
   * the next call pick the work up. Default 60 s: the Provider's totalTimeout counts calls, not their duration.
   */
  readonly inlineWaitMs?: number;
  /** Attempts per call when throttled (and, while cleaning up, when another share operation is in progress). Default 8. */
  readonly maxAttempts?: number;
  /** First backoff delay after throttling (doubles per attempt, capped at 30 s). Default 1 s. */
  readonly throttleDelayMs?: number;
  /** First backoff delay after InvalidStateException while cleaning up (doubles per attempt, capped at 60 s). Default 5 s. */
  readonly invalidStateDelayMs?: number;
  /** Remaining Lambda time, to stop waiting before the function is killed. */
  readonly remainingTimeMs?: () => number;
  readonly log?: (message: string) => void;
}

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const NODE_TYPES: readonly OrganizationNodeType[] = ['ORGANIZATION', 'ORGANIZATIONAL_UNIT'];
const ACTIONS: readonly Action[] = ['create', 'update', 'delete'];
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);
// Leave time to report to the framework before Lambda kills the function.
const TIME_MARGIN_MS = 30_000;
const PHYSICAL_ID_SUFFIX = '-org-shares';
const KEPT_MARKER = ':kept:';

/** Lambda entry point of the onEvent function. */
export async function handler(event: OnEventRequest, context?: LambdaContext): Promise<OnEventResponse> {
  return onEvent(event, { remainingTimeMs: context ? () => context.getRemainingTimeInMillis() : undefined });
}

/** Lambda entry point of the isComplete function. */
export async function isCompleteHandler(event: IsCompleteRequest, context?: LambdaContext): Promise<IsCompleteResponse> {
  return isComplete(event, { remainingTimeMs: context ? () => context.getRemainingTimeInMillis() : undefined });
}

// ---------------------------------------------------------------------------------------------------------------
// onEvent: plan, start the first operation

export async function onEvent(event: OnEventRequest, options: HandlerOptions = {}): Promise<OnEventResponse> {
  const ctx = new Context(options);
  ctx.log(`onEvent ${event.RequestType} ${event.PhysicalResourceId ?? ''} ${JSON.stringify(event.ResourceProperties)}`);

  if (event.RequestType === 'Delete') {
    const physicalResourceId = event.PhysicalResourceId ?? 'none';
    let props: ShareProperties;
    try {
      props = parseProperties(event.ResourceProperties);
    } catch (error) {
      // Invalid properties never created a share; failing here would only block the stack's deletion.
      ctx.log(`Delete: nothing to remove (${errorMessage(error)})`);
      return { PhysicalResourceId: physicalResourceId, OrgShares: emptyPlan('Delete', '', []) };
    }
    // Only this resource's own shares: never shares made elsewhere, never those it found in place. A node that is not
    // listed is still deleted (ResourceNotFoundException then means done): a create of it may still be in progress
    // after a Create that timed out, and the delete then waits for it (InvalidStateException) instead of leaving it.
    const kept = new Set(keptNodes(physicalResourceId));
    const existing = await listOrganizationShares(ctx, props.PortfolioId);
    const own = existing === undefined ? [] : props.Shares.filter((s) => !kept.has(s.Value));
    const plan: SharePlan = {
      ...emptyPlan('Delete', props.PortfolioId, []),
      Operations: own.map((s) => ({ Action: 'delete', Type: s.Type, Value: s.Value })),
    };
    return { PhysicalResourceId: physicalResourceId, OrgShares: await startFirst(ctx, plan) };
  }

  const props = parseProperties(event.ResourceProperties);
  const existing = await listOrganizationShares(ctx, props.PortfolioId);
  if (existing === undefined) {
    throw new Error(`Portfolio ${props.PortfolioId} not found (DescribePortfolioShares: ResourceNotFoundException).`);
  }
  const old = event.RequestType === 'Update' ? tryParseProperties(event.OldResourceProperties) : undefined;
  // An Update of the portfolio this resource already manages keeps its physical id (and the shares it found in
  // place). A Create, or an Update to another portfolio, is a fresh set of shares: a new physical id, and a failure
  // cleans up after itself. A changed physical id makes CloudFormation delete the old one (with its old properties)
  // once the stack update succeeds, so only an Update of the same portfolio removes dropped nodes itself.
  const samePortfolio = event.RequestType === 'Update' && portfolioOf(event.PhysicalResourceId) === props.PortfolioId;

  const operations: Operation[] = [];
  const unchanged: string[] = [];
  for (const share of props.Shares) {
    const current = existing.get(shareKey(share));
    if (current === undefined) operations.push({ Action: 'create', ...share });
    else if (!flagsMatch(current, props)) operations.push({ Action: 'update', ...share });
    else unchanged.push(share.Value);
  }
  if (samePortfolio && old !== undefined && old.PortfolioId === props.PortfolioId) {
    const kept = new Set(keptNodes(event.PhysicalResourceId));
    const wanted = new Set(props.Shares.map(shareKey));
    for (const share of old.Shares) {
      if (!wanted.has(shareKey(share)) && !kept.has(share.Value)) {
        operations.push({ Action: 'delete', ...share });
      }
    }
  }
  // Shares found in place by a fresh set are kept on Delete: this resource did not make them.
  const foundInPlace = props.Shares.filter((s) => existing.has(shareKey(s))).map((s) => s.Value);
  const physicalResourceId = samePortfolio ? (event.PhysicalResourceId as string) : physicalId(props.PortfolioId, foundInPlace);

  const plan: SharePlan = {
    RequestType: event.RequestType,
    PortfolioId: props.PortfolioId,
    ShareTagOptions: props.ShareTagOptions,
    SharePrincipals: props.SharePrincipals,
    Operations: operations,
    CleanUpOnFailure: !samePortfolio,
    Unchanged: unchanged,
  };
  return { PhysicalResourceId: physicalResourceId, OrgShares: await startFirst(ctx, plan) };
}

/** Starts the first operation; when another share operation still runs on the portfolio, isComplete starts it later. */
async function startFirst(ctx: Context, plan: SharePlan): Promise<SharePlan> {
  const first = plan.Operations[0];
  if (first === undefined) return plan;
  const started = await start(ctx, plan, first, existingFor(first));
  ctx.log(`planned ${describePlan(plan)}; first operation ${started.kind === 'started' ? `started (${started.token})` : started.kind}`);
  return started.kind === 'started' ? { ...plan, FirstToken: started.token } : plan;
}

/** The current state onEvent just read implies the call: a create for a missing node, an update for a present one. */
function existingFor(op: Operation): PortfolioShareDetail | undefined {
  return op.Action === 'update' || op.Action === 'delete' ? { PrincipalId: op.Value } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// isComplete: recompute progress from AWS, run the next operation

export async function isComplete(event: IsCompleteRequest, options: HandlerOptions = {}): Promise<IsCompleteResponse> {
  const ctx = new Context(options);
  const plan = readPlan(event.OrgShares);
  try {
    const running = await advance(ctx, plan);
    if (running !== undefined) {
      ctx.log(`not complete yet: ${running}`);
      return { IsComplete: false };
    }
  } catch (error) {
    throw await failed(ctx, plan, error);
  }
  const names = (action: Action) => plan.Operations.filter((op) => op.Action === action).map((op) => op.Value).join(',');
  const data = { Created: names('create'), Updated: names('update'), Unchanged: plan.Unchanged.join(','), Removed: names('delete') };
  ctx.log(`complete: ${JSON.stringify(data)}`);
  return { IsComplete: true, Data: data };
}

/** Runs the plan as far as AWS lets it; returns what is still running, or undefined when every operation is done. */
async function advance(ctx: Context, plan: SharePlan): Promise<string | undefined> {
  if (plan.Operations.length === 0) return undefined;
  const existing = await listOrganizationShares(ctx, plan.PortfolioId);
  if (existing === undefined) {
    // A portfolio that is gone has no shares left to remove; anything else needs it.
    if (plan.Operations.every((op) => op.Action === 'delete')) return undefined;
    throw new Error(`Portfolio ${plan.PortfolioId} not found (DescribePortfolioShares: ResourceNotFoundException).`);
  }
  for (const [index, op] of plan.Operations.entries()) {
    if (index === 0 && plan.FirstToken !== undefined) {
      const status = await shareStatus(ctx, plan, op, plan.FirstToken);
      if (status !== 'COMPLETED') return `${label(plan, op)} ${status} (token ${plan.FirstToken})`;
      continue;
    }
    const current = existing.get(shareKey(op));
    if (isDone(op, current, plan)) continue;
    const started = await start(ctx, plan, op, current);
    if (started.kind === 'busy') return `${label(plan, op)} waits for another share operation on ${plan.PortfolioId} (InvalidStateException)`;
    if (started.kind === 'nothing') continue;
    const status = await waitInline(ctx, plan, op, started.token);
    if (status !== 'COMPLETED') return `${label(plan, op)} ${status} (token ${started.token})`;
  }
  return undefined;
}

/**
 * A create or update is done when DescribePortfolioShares lists the node with the planned flags. A delete is always
 * issued: a node that is not listed may still be being created (then InvalidStateException: wait), and
 * ResourceNotFoundException says it is gone.
 */
function isDone(op: Operation, current: PortfolioShareDetail | undefined, plan: SharePlan): boolean {
  if (op.Action === 'delete') return false;
  return current !== undefined && flagsMatch(current, plan);
}

type Started = { kind: 'started'; token: string } | { kind: 'busy' } | { kind: 'nothing' };

/**
 * Issues the call that takes the node from its current state to the planned one. InvalidStateException (another
 * share operation on the portfolio is in progress, possibly this plan's previous one) is not an error: the caller
 * tries again later.
 */
async function start(ctx: Context, plan: SharePlan, op: Operation, current: PortfolioShareDetail | undefined): Promise<Started> {
  const call = callFor(op, current);
  const text = `${call} ${op.Type} ${op.Value} on ${plan.PortfolioId}`;
  try {
    const token = await ctx.mutate(text, false, async () => {
      const node = { Type: op.Type, Value: op.Value };
      if (call === 'DeletePortfolioShare') {
        return (await ctx.client.send(new DeletePortfolioShareCommand({ PortfolioId: plan.PortfolioId, OrganizationNode: node }))).PortfolioShareToken;
      }
      const input = {
        PortfolioId: plan.PortfolioId,
        OrganizationNode: node,
        ShareTagOptions: plan.ShareTagOptions,
        // SharePrincipals applies to organization and OU shares only, which is all this handler makes.
        SharePrincipals: plan.SharePrincipals,
      };
      const out = await ctx.client.send(call === 'CreatePortfolioShare' ? new CreatePortfolioShareCommand(input) : new UpdatePortfolioShareCommand(input));
      return out.PortfolioShareToken;
    });
    if (!token) return { kind: 'nothing' };
    ctx.log(`${text}: started, token ${token}`);
    return { kind: 'started', token };
  } catch (error) {
    const name = errorName(causeOf(error));
    if (name === 'InvalidStateException') return { kind: 'busy' };
    if (call === 'DeletePortfolioShare' && name === 'ResourceNotFoundException') {
      ctx.log(`${text}: already gone`);
      return { kind: 'nothing' };
    }
    throw error;
  }
}

function callFor(op: Operation, current: PortfolioShareDetail | undefined): string {
  if (op.Action === 'delete') return 'DeletePortfolioShare';
  // CreatePortfolioShare on an existing share changes nothing, so an existing share with other flags is updated.
  return current === undefined ? 'CreatePortfolioShare' : 'UpdatePortfolioShare';
}

type ShareStatus = 'COMPLETED' | 'IN_PROGRESS' | 'NOT_STARTED';

/** One DescribePortfolioShareStatus call; COMPLETED_WITH_ERRORS and ERROR throw with AWS's error details. */
async function shareStatus(ctx: Context, plan: SharePlan, op: Operation, token: string): Promise<ShareStatus> {
  let out;
  try {
    out = await ctx.retry(`DescribePortfolioShareStatus ${token}`, false, () =>
      ctx.client.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token })),
    );
  } catch (error) {
    // A finished delete may leave nothing to describe.
    if (op.Action === 'delete' && errorName(error) === 'ResourceNotFoundException') return 'COMPLETED';
    throw explain(error, `DescribePortfolioShareStatus ${token} (${label(plan, op)})`);
  }
  const status = out.Status ?? 'NOT_STARTED';
  if (status === 'COMPLETED') {
    ctx.log(`${label(plan, op)}: COMPLETED (token ${token})`);
    return status;
  }
  if (status === 'COMPLETED_WITH_ERRORS' || status === 'ERROR') {
    throw new ShareFailure(`${label(plan, op)} ended with status ${status} (token ${token}): ${formatShareErrors(out.ShareDetails?.ShareErrors)}`);
  }
  return status === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'NOT_STARTED';
}

/** Polls a token this call started, for at most inlineWaitMs and the Lambda's remaining time. */
async function waitInline(ctx: Context, plan: SharePlan, op: Operation, token: string): Promise<ShareStatus> {
  const deadline = ctx.elapsedMs() + ctx.inlineWaitMs;
  for (;;) {
    const status = await shareStatus(ctx, plan, op, token);
    if (status === 'COMPLETED') return status;
    if (ctx.elapsedMs() + ctx.pollIntervalMs > deadline || !ctx.hasTime(ctx.pollIntervalMs)) return status;
    await ctx.sleep(ctx.pollIntervalMs);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Failure: clean up what a fresh set of shares created, then report

class ShareFailure extends Error {}

async function failed(ctx: Context, plan: SharePlan, error: unknown): Promise<Error> {
  const reason = errorMessage(error);
  if (plan.RequestType === 'Delete') return new Error(reason, { cause: error });
  if (!plan.CleanUpOnFailure) {
    return new Error(`${reason}. CloudFormation now rolls back: its rollback Update restores the shares of the previous properties.`, { cause: error });
  }
  const created = plan.Operations.filter((op) => op.Action === 'create');
  try {
    const removed = await removeNow(ctx, plan, created);
    const what = plan.RequestType === 'Create' ? 'this Create' : 'this Update';
    return new Error(
      `${reason}. Removed the shares ${what} had created on ${plan.PortfolioId} (${removed.length ? removed.join(', ') : 'none'}), so that the rollback can proceed.`,
      { cause: error },
    );
  } catch (cleanupError) {
    const nodes = created.map((op) => `Type=${op.Type},Value=${op.Value}`).join(' ');
    const next =
      plan.RequestType === 'Create'
        ? "CloudFormation's rollback Delete removes the remaining ones"
        : `remove any that remain with \`aws servicecatalog delete-portfolio-share --portfolio-id ${plan.PortfolioId} --organization-node <node>\` (${nodes})`;
    return new Error(`${reason}. Removing the shares it had created failed too (${errorMessage(cleanupError)}); ${next}.`, { cause: error });
  }
}

/** Deletes the given shares that still exist, one at a time, each polled until COMPLETED, within this invocation. */
async function removeNow(ctx: Context, plan: SharePlan, shares: OrganizationShare[]): Promise<string[]> {
  if ((await listOrganizationShares(ctx, plan.PortfolioId)) === undefined) return [];
  const removed: string[] = [];
  for (const share of shares) {
    const op: Operation = { Action: 'delete', ...share };
    const text = `DeletePortfolioShare ${share.Type} ${share.Value} on ${plan.PortfolioId}`;
    let token: string | undefined;
    try {
      // Here another operation in progress (the one that failed may still be finishing) is waited for.
      token = await ctx.mutate(text, true, async () => {
        const out = await ctx.client.send(
          new DeletePortfolioShareCommand({ PortfolioId: plan.PortfolioId, OrganizationNode: { Type: share.Type, Value: share.Value } }),
        );
        return out.PortfolioShareToken;
      });
    } catch (error) {
      if (errorName(causeOf(error)) !== 'ResourceNotFoundException') throw error;
      continue; // never shared, or already gone
    }
    while (token !== undefined && (await shareStatus(ctx, plan, op, token)) !== 'COMPLETED') {
      if (!ctx.hasTime(ctx.pollIntervalMs)) throw new Error(`${text} still running (token ${token}) when this invocation had to return`);
      await ctx.sleep(ctx.pollIntervalMs);
    }
    removed.push(share.Value);
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading shares

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

function flagsMatch(current: PortfolioShareDetail, wanted: { ShareTagOptions: boolean; SharePrincipals: boolean }): boolean {
  return (current.ShareTagOptions ?? false) === wanted.ShareTagOptions && (current.SharePrincipals ?? false) === wanted.SharePrincipals;
}

function label(plan: SharePlan, op: Operation): string {
  return `${op.Action} share ${op.Type} ${op.Value} on ${plan.PortfolioId}`;
}

function describePlan(plan: SharePlan): string {
  return plan.Operations.map((op) => `${op.Action} ${op.Value}`).join(', ') || 'nothing to do';
}

// ---------------------------------------------------------------------------------------------------------------
// Retries, time budget, errors

class Context {
  readonly client: ServiceCatalogClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollIntervalMs: number;
  readonly inlineWaitMs: number;
  readonly log: (message: string) => void;
  private readonly maxAttempts: number;
  private readonly throttleDelayMs: number;
  private readonly invalidStateDelayMs: number;
  private readonly remainingTimeMs?: () => number;
  private slept = 0;

  constructor(options: HandlerOptions) {
    this.client = options.client ?? new ServiceCatalogClient({});
    const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    // Time spent waiting is counted, so that tests with an instant sleep see the same budget as Lambda.
    this.sleep = async (ms) => {
      this.slept += ms;
      await sleep(ms);
    };
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.inlineWaitMs = options.inlineWaitMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.throttleDelayMs = options.throttleDelayMs ?? 1_000;
    this.invalidStateDelayMs = options.invalidStateDelayMs ?? 5_000;
    this.remainingTimeMs = options.remainingTimeMs;
    this.log = options.log ?? ((message) => console.log(message));
  }

  /** Time this invocation has waited so far. */
  elapsedMs(): number {
    return this.slept;
  }

  /** Whether the Lambda function can still wait `upcomingMs` and then report. */
  hasTime(upcomingMs: number): boolean {
    return !this.remainingTimeMs || this.remainingTimeMs() - upcomingMs >= TIME_MARGIN_MS;
  }

  /** Runs a share mutation: retries throttling (and InvalidStateException if asked), then explains the failure. */
  async mutate<T>(label: string, retryInvalidState: boolean, call: () => Promise<T>): Promise<T> {
    try {
      return await this.retry(label, retryInvalidState, call);
    } catch (error) {
      throw explain(error, label);
    }
  }

  /**
   * Exponential backoff on throttling and, when asked, on InvalidStateException: Service Catalog refuses a share
   * operation while another one on the portfolio is still in progress (Landing Zone Accelerator issue 601).
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
        if (!this.hasTime(delay)) throw error;
        this.log(`${label}: ${name}, attempt ${attempt}/${this.maxAttempts}, retrying in ${delay} ms`);
        await this.sleep(delay);
      }
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
// Physical id, plan, properties

/**
 * `<portfolio id>-org-shares`, plus `:kept:<node>,<node>` naming the requested nodes that were already shared when
 * this set of shares was created: Delete leaves those alone. The id never changes while the portfolio stays the same
 * (a changed physical id is a replacement to CloudFormation, which then deletes the old one).
 */
export function physicalId(portfolioId: string, kept: readonly string[]): string {
  return `${portfolioId}${PHYSICAL_ID_SUFFIX}${kept.length ? `${KEPT_MARKER}${kept.join(',')}` : ''}`;
}

function portfolioOf(physicalResourceId: string | undefined): string | undefined {
  const base = (physicalResourceId ?? '').split(KEPT_MARKER)[0];
  return base.endsWith(PHYSICAL_ID_SUFFIX) ? base.slice(0, -PHYSICAL_ID_SUFFIX.length) : undefined;
}

function keptNodes(physicalResourceId: string | undefined): string[] {
  const [, kept] = (physicalResourceId ?? '').split(KEPT_MARKER);
  return kept ? kept.split(',').filter((v) => v !== '') : [];
}

function emptyPlan(requestType: OnEventRequest['RequestType'], portfolioId: string, unchanged: string[]): SharePlan {
  return { RequestType: requestType, PortfolioId: portfolioId, ShareTagOptions: false, SharePrincipals: false, Operations: [], CleanUpOnFailure: false, Unchanged: unchanged };
}

/** The plan onEvent returned, as the framework passes it back (JSON through Step Functions). */
function readPlan(raw: unknown): SharePlan {
  const p = (raw ?? {}) as Partial<Record<keyof SharePlan, unknown>>;
  const ok =
    ['Create', 'Update', 'Delete'].includes(p.RequestType as string) &&
    typeof p.PortfolioId === 'string' &&
    Array.isArray(p.Operations) &&
    p.Operations.every(
      (op: Partial<Operation>) => ACTIONS.includes(op?.Action as Action) && NODE_TYPES.includes(op?.Type as OrganizationNodeType) && typeof op?.Value === 'string',
    );
  if (!ok) throw new Error(`isComplete: the event carries no valid OrgShares plan from onEvent (${JSON.stringify(raw)})`);
  return {
    RequestType: p.RequestType as SharePlan['RequestType'],
    PortfolioId: p.PortfolioId as string,
    ShareTagOptions: p.ShareTagOptions === true,
    SharePrincipals: p.SharePrincipals === true,
    Operations: p.Operations as Operation[],
    FirstToken: typeof p.FirstToken === 'string' ? p.FirstToken : undefined,
    CleanUpOnFailure: p.CleanUpOnFailure === true,
    Unchanged: Array.isArray(p.Unchanged) ? (p.Unchanged as string[]) : [],
  };
}

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
