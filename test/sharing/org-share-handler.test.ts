/**
 * The organization share handler against a stateful fake of the Service Catalog share APIs (./fake-service-catalog.ts,
 * response shapes from the AWS Service Catalog API Reference, cited there), driven the way the CDK Provider framework
 * drives it: onEvent once, then isComplete with the SAME event (onEvent's request and response merged) until it says
 * IsComplete: true or throws (aws-cdk-lib custom-resources/lib/provider-framework/runtime/framework.ts).
 */
import {
  CreatePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  UpdatePortfolioShareCommand,
} from '@aws-sdk/client-service-catalog';
import { isComplete, IsCompleteResponse, onEvent, OnEventRequest, OnEventResponse } from '../../portfolios/sharing/org-share-handler';
import { QUERY_INTERVAL, TOTAL_TIMEOUT } from '../../portfolios/sharing/organization-shares';
import { FakeServiceCatalog } from './fake-service-catalog';

const PORTFOLIO = 'port-abcdefghijklm';
const OU1 = 'ou-ab12-11111111';
const OU2 = 'ou-ab12-22222222';
const OU3 = 'ou-ab12-33333333';
const ORG = 'o-abcdefghij';
const PHYSICAL_ID = `${PORTFOLIO}-org-shares`;
/** The isComplete function's timeout (organization-shares.ts) and the margin the handler keeps. */
const IS_COMPLETE_LAMBDA_MS = 10 * 60_000;

let aws: FakeServiceCatalog;
let waitedMs: number;
const sleep = async (ms: number) => {
  waitedMs += ms;
};
const options = () => ({ client: undefined, sleep, log: () => undefined, pollIntervalMs: 5_000, inlineWaitMs: 60_000 });

function props(ous: string[], flags: { tags?: boolean; principals?: boolean } = {}, org?: string, portfolioId = PORTFOLIO) {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    PortfolioId: portfolioId,
    Shares: [...(org ? [{ Type: 'ORGANIZATION', Value: org }] : []), ...ous.map((Value) => ({ Type: 'ORGANIZATIONAL_UNIT', Value }))],
    ShareTagOptions: String(flags.tags ?? true),
    SharePrincipals: String(flags.principals ?? false),
  };
}

function event(
  RequestType: OnEventRequest['RequestType'],
  resourceProperties: Record<string, unknown>,
  old?: Record<string, unknown>,
  physicalResourceId: string | undefined = RequestType === 'Create' ? undefined : PHYSICAL_ID,
): OnEventRequest {
  return { RequestType, ResourceProperties: resourceProperties, OldResourceProperties: old, PhysicalResourceId: physicalResourceId };
}

interface Run {
  readonly onEvent: OnEventResponse;
  readonly result?: IsCompleteResponse;
  readonly error?: Error;
  /** isComplete calls made. */
  readonly calls: number;
  /** Time each isComplete call waited (sleeps), in ms. */
  readonly perCallMs: number[];
}

/** onEvent, then isComplete as the framework calls it, at most `maxCalls` times (totalTimeout / queryInterval). */
async function provider(request: OnEventRequest, maxCalls = TOTAL_TIMEOUT.toSeconds() / QUERY_INTERVAL.toSeconds()): Promise<Run> {
  const first = await onEvent(request, options());
  // Through Step Functions the merged event is JSON: what isComplete gets is a copy, never a shared object.
  const merged = JSON.stringify({ ...request, ...first });
  const perCallMs: number[] = [];
  for (let call = 1; call <= maxCalls; call++) {
    waitedMs = 0;
    try {
      const result = await isComplete(JSON.parse(merged), options());
      perCallMs.push(waitedMs);
      if (result.IsComplete) return { onEvent: first, result, calls: call, perCallMs };
    } catch (error) {
      perCallMs.push(waitedMs);
      return { onEvent: first, error: error as Error, calls: call, perCallMs };
    }
  }
  return { onEvent: first, calls: maxCalls, perCallMs };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

beforeEach(() => {
  aws = new FakeServiceCatalog(PORTFOLIO);
  waitedMs = 0;
});

describe('Create', () => {
  test('onEvent starts the first share only; isComplete shares the rest with the flags and reports what it did', async () => {
    const run = await provider(event('Create', props([OU1], { tags: true, principals: true }, ORG)));

    expect(aws.accepted.slice(0, 1)).toEqual([`Create ${ORG}`]);
    expect(run.onEvent.OrgShares.FirstToken).toBe('share-1');
    expect(run.onEvent.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(run.result).toEqual({ IsComplete: true, Data: { Created: `${ORG},${OU1}`, Updated: '', Unchanged: '', Removed: '' } });
    expect(aws.accepted).toEqual([`Create ${ORG}`, `Create ${OU1}`]);
    expect(aws.mock.commandCalls(CreatePortfolioShareCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATION', Value: ORG }, ShareTagOptions: true, SharePrincipals: true },
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU1 }, ShareTagOptions: true, SharePrincipals: true },
    ]);
    expect(aws.shares.get(OU1)).toEqual({ Type: 'ORGANIZATIONAL_UNIT', Value: OU1, ShareTagOptions: true, SharePrincipals: true });
    expect(aws.sharedNodes()).toEqual([ORG, OU1]);
  });

  test('shares run strictly one at a time', async () => {
    aws.behave(OU1, { ticks: 3 }).behave(OU2, { ticks: 3 }).behave(OU3, { ticks: 3 });

    const run = await provider(event('Create', props([OU1, OU2, OU3])));

    expect(run.result?.IsComplete).toBe(true);
    expect(aws.maxConcurrent).toBe(1);
    expect(aws.accepted).toEqual([`Create ${OU1}`, `Create ${OU2}`, `Create ${OU3}`]);
  });

  test('slow shares span several isComplete calls, none of which comes near its Lambda timeout', async () => {
    // Each OU share takes 40 ticks: longer than one call's inline wait (12 polls of 5 s), so calls hand over.
    aws.behave(OU1, { ticks: 40 }).behave(OU2, { ticks: 40 });

    const run = await provider(event('Create', props([OU1, OU2])));

    expect(run.error).toBeUndefined();
    expect(run.result?.Data?.Created).toBe(`${OU1},${OU2}`);
    expect(aws.sharedNodes()).toEqual([OU1, OU2]);
    expect(run.calls).toBeGreaterThan(3);
    expect(Math.max(...run.perCallMs)).toBeLessThanOrEqual(60_000);
    expect(Math.max(...run.perCallMs)).toBeLessThan(IS_COMPLETE_LAMBDA_MS - 30_000);
    // The whole operation stays inside the Provider's attempts.
    expect(run.calls * QUERY_INTERVAL.toSeconds()).toBeLessThanOrEqual(TOTAL_TIMEOUT.toSeconds());
  });

  test('the second OU fails: the first share is deleted (waited for) before the failure names the node and AWS error', async () => {
    aws.behave(OU2, { fail: { status: 'ERROR', errors: [{ Error: 'InvalidStateException', Message: 'OU is being moved', Accounts: ['444455556666'] }] } });

    const run = await provider(event('Create', props([OU1, OU2])));

    expect(run.error?.message).toBe(
      `create share ORGANIZATIONAL_UNIT ${OU2} on ${PORTFOLIO} ended with status ERROR (token share-2): ` +
        `InvalidStateException: OU is being moved (accounts 444455556666). Removed the shares this Create had created on ${PORTFOLIO} ` +
        `(${OU1}), so that the rollback can proceed.`,
    );
    expect(aws.accepted).toEqual([`Create ${OU1}`, `Create ${OU2}`, `Delete ${OU1}`]);
    expect(aws.sharedNodes()).toEqual([]);
    expect(aws.running()).toBeUndefined();
  });

  test('COMPLETED_WITH_ERRORS of the share onEvent started fails too, and its partial share is removed', async () => {
    aws.behave(OU1, { ticks: 2, fail: { status: 'COMPLETED_WITH_ERRORS', errors: [{ Error: 'AccessDenied', Message: 'account suspended', Accounts: ['777788889999'] }] } });

    const run = await provider(event('Create', props([OU1, OU2])));

    expect(run.error?.message).toMatch(
      new RegExp(`^create share ORGANIZATIONAL_UNIT ${OU1} on ${PORTFOLIO} ended with status COMPLETED_WITH_ERRORS \\(token share-1\\): AccessDenied: account suspended`),
    );
    expect(run.error?.message).toContain(`Removed the shares this Create had created on ${PORTFOLIO} (${OU1})`);
    expect(aws.accepted).toEqual([`Create ${OU1}`, `Delete ${OU1}`]);
    expect(aws.sharedNodes()).toEqual([]);
  });

  test('a share found in place is adopted: named in the physical id, never removed by a failed Create or by Delete', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1, { tags: true });
    aws.behave(OU2, { fail: { status: 'ERROR', errors: [{ Error: 'Error', Message: 'boom' }] } });

    const failedCreate = await provider(event('Create', props([OU1, OU2])));

    expect(failedCreate.onEvent.PhysicalResourceId).toBe(`${PHYSICAL_ID}:kept:${OU1}`);
    expect(failedCreate.error?.message).toContain('Removed the shares this Create had created on port-abcdefghijklm (none)');
    expect(aws.sharedNodes()).toEqual([OU1]);

    // CloudFormation's rollback Delete carries the physical id of the FAILED response.
    const rollback = await provider(event('Delete', props([OU1, OU2]), undefined, failedCreate.onEvent.PhysicalResourceId));

    expect(rollback.result?.IsComplete).toBe(true);
    expect(aws.sharedNodes()).toEqual([OU1]);
    expect(aws.accepted.filter((c) => c.startsWith('Delete'))).toEqual([]);
  });

  test('a failure of the first share when onEvent starts it (Organizations access not enabled) explains the fix and creates nothing', async () => {
    aws.behave(OU1, { reject: awsError('OperationNotSupportedException', 'AWSOrganizationsAccess is not enabled for this organization') });

    const failure = onEvent(event('Create', props([OU1, OU2])), options());

    await expect(failure).rejects.toThrow(
      `CreatePortfolioShare ORGANIZATIONAL_UNIT ${OU1} on ${PORTFOLIO} failed (OperationNotSupportedException: AWSOrganizationsAccess is not enabled for this organization)`,
    );
    await expect(failure).rejects.toThrow('run `aws servicecatalog enable-aws-organizations-access` from the management account');
    await expect(failure).rejects.toThrow('register-delegated-administrator --service-principal servicecatalog.amazonaws.com');
    expect(aws.accepted).toEqual([]);
  });

  test.each([
    ['AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/x is not authorized'],
    ['InvalidParametersException', 'Account is neither the management account nor a delegated administrator'],
  ])('%s on a later share explains Organizations access, and the earlier share is cleaned up', async (name, message) => {
    aws.behave(OU2, { reject: awsError(name, message) });

    const run = await provider(event('Create', props([OU1, OU2])));

    expect(run.error?.message).toContain(`CreatePortfolioShare ORGANIZATIONAL_UNIT ${OU2} on ${PORTFOLIO} failed (${name}: ${message})`);
    expect(run.error?.message).toContain('enable-aws-organizations-access');
    expect(run.error?.message).toContain(`Removed the shares this Create had created on ${PORTFOLIO} (${OU1})`);
    expect(aws.sharedNodes()).toEqual([]);
  });

  test('another share operation running on the portfolio: onEvent leaves the start to isComplete, which waits for it', async () => {
    aws.startForeignOperation('ORGANIZATIONAL_UNIT', OU3, 6);

    const run = await provider(event('Create', props([OU1])));

    expect(run.onEvent.OrgShares.FirstToken).toBeUndefined();
    expect(aws.invalidStateRefusals).toBeGreaterThan(0);
    expect(run.result?.IsComplete).toBe(true);
    expect(aws.sharedNodes()).toEqual([OU1, OU3]);
    expect(aws.accepted).toEqual([`Create ${OU1}`]);
  });

  test('no message tells anyone to redeploy: a share that never finishes keeps isComplete returning false', async () => {
    aws.behave(OU1, { ticks: 100_000 });

    const run = await provider(event('Create', props([OU1])), 20);

    expect(run.error).toBeUndefined();
    expect(run.result).toBeUndefined();
    expect(run.calls).toBe(20);
    // The framework then fails the resource itself ("Operation timed out"); CloudFormation's rollback Delete follows.
  });

  test('after a Create timed out, the rollback Delete waits for the share still being created and removes it', async () => {
    aws.behave(OU1, { ticks: 30 });
    const timedOut = await provider(event('Create', props([OU1])), 1);
    expect(timedOut.result).toBeUndefined();
    expect(aws.running()).toBeDefined();

    const rollback = await provider(event('Delete', props([OU1]), undefined, timedOut.onEvent.PhysicalResourceId));

    expect(rollback.result?.IsComplete).toBe(true);
    expect(aws.accepted).toEqual([`Create ${OU1}`, `Delete ${OU1}`]);
    expect(aws.sharedNodes()).toEqual([]);
  });

  test('reads existing shares of both node types, following page tokens; nothing to do completes at once', async () => {
    aws.mock.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATION' }).resolves({});
    aws.mock
      .on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATIONAL_UNIT' })
      .resolvesOnce({ PortfolioShareDetails: [{ PrincipalId: OU1, Type: 'ORGANIZATIONAL_UNIT', ShareTagOptions: true, SharePrincipals: false }], NextPageToken: 'page-2' })
      .resolves({ PortfolioShareDetails: [{ PrincipalId: OU2, Type: 'ORGANIZATIONAL_UNIT', ShareTagOptions: true, SharePrincipals: false }] });

    const first = await onEvent(event('Create', props([OU1, OU2])), options());

    expect(first.OrgShares.Operations).toEqual([]);
    expect(first.OrgShares.Unchanged).toEqual([OU1, OU2]);
    expect(aws.mock.commandCalls(DescribePortfolioSharesCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATION', PageToken: undefined },
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATIONAL_UNIT', PageToken: undefined },
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATIONAL_UNIT', PageToken: 'page-2' },
    ]);
    expect(aws.accepted).toEqual([]);
  });

  test('throttling is retried with exponential backoff', async () => {
    aws.behave(OU1, { reject: awsError('ThrottlingException', 'Rate exceeded') }, { reject: awsError('TooManyRequestsException', 'Too many requests') });

    const run = await provider(event('Create', props([OU1])));

    expect(run.result?.Data?.Created).toBe(OU1);
    expect(aws.mock.commandCalls(CreatePortfolioShareCommand)).toHaveLength(3);
  });

  test('throttling gives up after maxAttempts', async () => {
    aws.behave(OU1, ...Array.from({ length: 5 }, () => ({ reject: awsError('ThrottlingException', 'Rate exceeded') })));

    await expect(onEvent(event('Create', props([OU1])), { ...options(), maxAttempts: 3 })).rejects.toThrow(
      /CreatePortfolioShare ORGANIZATIONAL_UNIT .* failed: ThrottlingException: Rate exceeded/,
    );
    expect(aws.mock.commandCalls(CreatePortfolioShareCommand)).toHaveLength(3);
  });

  test('invalid properties fail before any call', async () => {
    await expect(onEvent(event('Create', { PortfolioId: PORTFOLIO, Shares: [{ Type: 'ACCOUNT', Value: '111122223333' }] }), options())).rejects.toThrow(
      'Shares[0].Type: "ACCOUNT" is not one of ORGANIZATION, ORGANIZATIONAL_UNIT',
    );
    await expect(onEvent(event('Create', { ...props([OU1]), ShareTagOptions: 'yes' }), options())).rejects.toThrow(`ShareTagOptions: "yes" is not 'true' or 'false'`);
    expect(aws.mock.calls()).toHaveLength(0);
  });

  test('isComplete refuses an event without the plan onEvent returned', async () => {
    await expect(isComplete({ RequestType: 'Create', PhysicalResourceId: PHYSICAL_ID }, options())).rejects.toThrow('the event carries no valid OrgShares plan');
  });
});

describe('Update', () => {
  test('a changed ShareTagOptions flag updates the existing share', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1, { tags: false });

    const run = await provider(event('Update', props([OU1], { tags: true }), props([OU1], { tags: false })));

    expect(run.onEvent.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(run.result?.Data?.Updated).toBe(OU1);
    expect(aws.mock.commandCalls(UpdatePortfolioShareCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU1 }, ShareTagOptions: true, SharePrincipals: false },
    ]);
    expect(aws.shares.get(OU1)?.ShareTagOptions).toBe(true);
  });

  test('a changed SharePrincipals flag on the organization share updates it', async () => {
    aws.share('ORGANIZATION', ORG, { tags: true, principals: false });

    await provider(event('Update', props([], { principals: true }, ORG), props([], {}, ORG)));

    expect(aws.accepted).toEqual([`Update ${ORG}`]);
    expect(aws.shares.get(ORG)?.SharePrincipals).toBe(true);
  });

  test('a no-op re-deploy makes no Create, Update or Delete call', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1, { tags: true }).share('ORGANIZATIONAL_UNIT', OU2, { tags: true }).share('ORGANIZATION', ORG, { tags: true });

    const run = await provider(event('Update', props([OU1, OU2], {}, ORG), props([OU1, OU2], {}, ORG)));

    expect(run.result).toEqual({ IsComplete: true, Data: { Created: '', Updated: '', Unchanged: `${ORG},${OU1},${OU2}`, Removed: '' } });
    expect(aws.accepted).toEqual([]);
    expect(aws.mock.commandCalls(DescribePortfolioShareStatusCommand)).toHaveLength(0);
  });

  test('an OU added and one removed: the new one is shared first, then the old one unshared, one at a time', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1, { tags: true });
    aws.behave(OU2, { ticks: 20 }).behave(OU1, { ticks: 20 });

    const run = await provider(event('Update', props([OU2]), props([OU1])));

    expect(aws.accepted).toEqual([`Create ${OU2}`, `Delete ${OU1}`]);
    expect(aws.maxConcurrent).toBe(1);
    expect(run.result?.Data).toMatchObject({ Created: OU2, Removed: OU1 });
    expect(aws.sharedNodes()).toEqual([OU2]);
  });

  test('a removed OU that is no longer shared is skipped', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU2, { tags: true });

    const run = await provider(event('Update', props([OU2]), props([OU1, OU2])));

    expect(run.result?.IsComplete).toBe(true);
    expect(aws.accepted).toEqual([]);
    expect(aws.sharedNodes()).toEqual([OU2]);
  });

  test('a failed Update of the same portfolio keeps its work for the rollback Update, which restores the old shares', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1, { tags: true });
    aws.behave(OU3, { fail: { status: 'ERROR', errors: [{ Error: 'Error', Message: 'OU not found' }] } });
    const oldProps = props([OU1]);
    const newProps = props([OU2, OU3]);

    const failed = await provider(event('Update', newProps, oldProps));

    expect(failed.error?.message).toBe(
      `create share ORGANIZATIONAL_UNIT ${OU3} on ${PORTFOLIO} ended with status ERROR (token share-2): Error: OU not found. ` +
        "CloudFormation now rolls back: its rollback Update restores the shares of the previous properties.",
    );
    expect(aws.sharedNodes()).toEqual([OU1, OU2]);

    // CloudFormation's rollback: an Update back to the old properties, the failed ones as OldResourceProperties.
    const rollback = await provider(event('Update', oldProps, newProps, failed.onEvent.PhysicalResourceId));

    expect(rollback.result?.IsComplete).toBe(true);
    expect(aws.sharedNodes()).toEqual([OU1]);
    // OU3 never got shared (ERROR): its delete is asked for and answered ResourceNotFoundException.
    expect(aws.accepted).toEqual([`Create ${OU2}`, `Create ${OU3}`, `Delete ${OU2}`]);
  });

  test('a new portfolio id is a fresh set: new physical id, nothing removed from the old portfolio, a failure cleans up', async () => {
    const other = new FakeServiceCatalog('port-newnewnewnew1');
    aws = other;
    aws.behave(OU2, { fail: { status: 'ERROR', errors: [{ Error: 'Error', Message: 'boom' }] } });

    const run = await provider(event('Update', props([OU1, OU2], {}, undefined, 'port-newnewnewnew1'), props([OU1])));

    expect(run.onEvent.PhysicalResourceId).toBe('port-newnewnewnew1-org-shares');
    expect(run.onEvent.OrgShares.Operations.map((op) => `${op.Action} ${op.Value}`)).toEqual([`create ${OU1}`, `create ${OU2}`]);
    expect(run.error?.message).toContain('Removed the shares this Update had created on port-newnewnewnew1 (ou-ab12-11111111)');
    expect(aws.sharedNodes()).toEqual([]);
  });
});

describe('Delete', () => {
  test('removes only the shares in its own properties', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1).share('ORGANIZATIONAL_UNIT', 'ou-ab12-99999999').share('ORGANIZATION', ORG);

    const run = await provider(event('Delete', props([OU1, OU2])));

    expect(run.onEvent.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(run.result?.IsComplete).toBe(true);
    expect(aws.accepted).toEqual([`Delete ${OU1}`]);
    expect(aws.sharedNodes()).toEqual([ORG, 'ou-ab12-99999999']);
  });

  test('several shares are removed one at a time, each waited for', async () => {
    aws.share('ORGANIZATIONAL_UNIT', OU1).share('ORGANIZATIONAL_UNIT', OU2);
    aws.behave(OU1, { ticks: 15 }).behave(OU2, { ticks: 15 });

    const run = await provider(event('Delete', props([OU1, OU2])));

    expect(run.result?.IsComplete).toBe(true);
    expect(aws.maxConcurrent).toBe(1);
    expect(aws.sharedNodes()).toEqual([]);
  });

  test('a share already gone counts as removed', async () => {
    const run = await provider(event('Delete', props([OU1])));

    expect(run.result?.IsComplete).toBe(true);
    expect(aws.accepted).toEqual([]);
  });

  test('a portfolio already gone makes Delete a no-op', async () => {
    aws.portfolioExists = false;

    const run = await provider(event('Delete', props([OU1])));

    expect(run.result?.IsComplete).toBe(true);
    expect(run.onEvent.OrgShares.Operations).toEqual([]);
    expect(aws.accepted).toEqual([]);
  });

  test('invalid properties (a failed Create) delete nothing and succeed', async () => {
    const run = await provider(event('Delete', { PortfolioId: PORTFOLIO, Shares: 'oops' }));

    expect(run.onEvent.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(run.result?.IsComplete).toBe(true);
    expect(aws.mock.calls()).toHaveLength(0);
  });
});
