import {
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  InvalidStateException,
  ServiceCatalogClient,
  UpdatePortfolioShareCommand,
} from '@aws-sdk/client-service-catalog';
import type { PortfolioShareDetail } from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, onEvent, OnEventRequest } from '../../portfolios/sharing/org-share-handler';

const sc = mockClient(ServiceCatalogClient);
const PORTFOLIO = 'port-abcdefghijklm';
const OU1 = 'ou-ab12-11111111';
const OU2 = 'ou-ab12-22222222';
const ORG = 'o-abcdefghij';

let sleep: jest.Mock<Promise<void>, [number]>;
const options = () => ({ sleep, log: () => undefined, pollIntervalMs: 1_000, maxWaitMs: 5_000 });

function props(ous: string[], flags: { tags?: boolean; principals?: boolean } = {}, org?: string) {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
    PortfolioId: PORTFOLIO,
    Shares: [...(org ? [{ Type: 'ORGANIZATION', Value: org }] : []), ...ous.map((Value) => ({ Type: 'ORGANIZATIONAL_UNIT', Value }))],
    ShareTagOptions: String(flags.tags ?? true),
    SharePrincipals: String(flags.principals ?? false),
  };
}

function event(RequestType: OnEventRequest['RequestType'], resourceProperties: Record<string, unknown>, old?: Record<string, unknown>): OnEventRequest {
  return {
    RequestType,
    ResourceProperties: resourceProperties,
    OldResourceProperties: old,
    PhysicalResourceId: RequestType === 'Create' ? undefined : `${PORTFOLIO}-org-shares`,
  };
}

function existingShares(ou: PortfolioShareDetail[], org: PortfolioShareDetail[] = []): void {
  sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATIONAL_UNIT' }).resolves({ PortfolioShareDetails: ou });
  sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATION' }).resolves({ PortfolioShareDetails: org });
}

function ouShare(id: string, tags = true, principals = false): PortfolioShareDetail {
  return { PrincipalId: id, Type: 'ORGANIZATIONAL_UNIT', Accepted: true, ShareTagOptions: tags, SharePrincipals: principals };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/** Every mutation returns a token named after its node; every status poll completes. */
function shareOperationsSucceed(): void {
  sc.on(CreatePortfolioShareCommand).callsFake((input) => ({ PortfolioShareToken: `create-${input.OrganizationNode.Value}` }));
  sc.on(UpdatePortfolioShareCommand).callsFake((input) => ({ PortfolioShareToken: `update-${input.OrganizationNode.Value}` }));
  sc.on(DeletePortfolioShareCommand).callsFake((input) => ({ PortfolioShareToken: `delete-${input.OrganizationNode.Value}` }));
  sc.on(DescribePortfolioShareStatusCommand).resolves({ Status: 'COMPLETED' });
}

function mutations(): string[] {
  return sc
    .calls()
    .map((call) => call.args[0] as { constructor: { name: string }; input: { OrganizationNode?: { Value: string } } })
    .filter((command) => /^(Create|Update|Delete)PortfolioShare/.test(command.constructor.name))
    .map((command) => `${command.constructor.name.replace('PortfolioShareCommand', '')} ${command.input.OrganizationNode?.Value}`);
}

beforeEach(() => {
  sc.reset();
  sleep = jest.fn(async (_ms: number) => undefined);
});

describe('Create', () => {
  test('creates missing organization and OU shares with the flags and waits for COMPLETED', async () => {
    existingShares([]);
    shareOperationsSucceed();

    const result = await onEvent(event('Create', props([OU1], { tags: true, principals: true }, ORG)), options());

    expect(result.PhysicalResourceId).toBe(`${PORTFOLIO}-org-shares`);
    expect(result.Data.Created).toBe(`${ORG},${OU1}`);
    expect(sc.commandCalls(CreatePortfolioShareCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATION', Value: ORG }, ShareTagOptions: true, SharePrincipals: true },
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU1 }, ShareTagOptions: true, SharePrincipals: true },
    ]);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand).map((c) => c.args[0].input.PortfolioShareToken)).toEqual([
      `create-${ORG}`,
      `create-${OU1}`,
    ]);
  });

  test('reads existing shares of both node types, following page tokens', async () => {
    sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATION' }).resolves({});
    sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATIONAL_UNIT' })
      .resolvesOnce({ PortfolioShareDetails: [ouShare(OU1)], NextPageToken: 'page-2' })
      .resolves({ PortfolioShareDetails: [ouShare(OU2)] });
    shareOperationsSucceed();

    const result = await onEvent(event('Create', props([OU1, OU2])), options());

    expect(result.Data.Unchanged).toBe(`${OU1},${OU2}`);
    expect(sc.commandCalls(DescribePortfolioSharesCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATION', PageToken: undefined },
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATIONAL_UNIT', PageToken: undefined },
      { PortfolioId: PORTFOLIO, Type: 'ORGANIZATIONAL_UNIT', PageToken: 'page-2' },
    ]);
    expect(mutations()).toEqual([]);
  });

  test('several OUs are shared strictly one after another', async () => {
    existingShares([]);
    const completed = new Set<string>();
    const order: string[] = [];
    sc.on(CreatePortfolioShareCommand).callsFake((input) => {
      const ou = input.OrganizationNode.Value;
      // The next share may only start once the previous one is COMPLETED.
      order.push(`create ${ou} after [${[...completed]}]`);
      return { PortfolioShareToken: `token-${ou}` };
    });
    const polls = new Map<string, number>();
    sc.on(DescribePortfolioShareStatusCommand).callsFake((input) => {
      const token = input.PortfolioShareToken as string;
      const n = (polls.get(token) ?? 0) + 1;
      polls.set(token, n);
      const status = n < 3 ? 'IN_PROGRESS' : 'COMPLETED';
      order.push(`status ${token} ${status}`);
      if (status === 'COMPLETED') completed.add(token);
      return { Status: status };
    });

    await onEvent(event('Create', props([OU1, OU2])), options());

    expect(order).toEqual([
      `create ${OU1} after []`,
      `status token-${OU1} IN_PROGRESS`,
      `status token-${OU1} IN_PROGRESS`,
      `status token-${OU1} COMPLETED`,
      `create ${OU2} after [token-${OU1}]`,
      `status token-${OU2} IN_PROGRESS`,
      `status token-${OU2} IN_PROGRESS`,
      `status token-${OU2} COMPLETED`,
    ]);
    expect(sleep).toHaveBeenCalledTimes(4);
    expect(sleep).toHaveBeenCalledWith(1_000);
  });

  test('a share ending in ERROR fails with the status details', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).resolves({ PortfolioShareToken: 'share-1' });
    sc.on(DescribePortfolioShareStatusCommand)
      .resolvesOnce({ Status: 'IN_PROGRESS' })
      .resolves({
        Status: 'ERROR',
        ShareDetails: { ShareErrors: [{ Error: 'InvalidStateException', Message: 'OU is being moved', Accounts: ['444455556666'] }] },
      });

    await expect(onEvent(event('Create', props([OU1])), options())).rejects.toThrow(
      `CreatePortfolioShare ORGANIZATIONAL_UNIT ${OU1} on ${PORTFOLIO} ended with status ERROR (token share-1): ` +
        'InvalidStateException: OU is being moved (accounts 444455556666)',
    );
  });

  test('COMPLETED_WITH_ERRORS fails too', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).resolves({ PortfolioShareToken: 'share-1' });
    sc.on(DescribePortfolioShareStatusCommand).resolves({ Status: 'COMPLETED_WITH_ERRORS', ShareDetails: { ShareErrors: [] } });

    await expect(onEvent(event('Create', props([OU1])), options())).rejects.toThrow(/COMPLETED_WITH_ERRORS.*no error details returned/);
  });

  test('the wait for a share is bounded', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).resolves({ PortfolioShareToken: 'share-slow' });
    sc.on(DescribePortfolioShareStatusCommand).resolves({ Status: 'IN_PROGRESS' });

    await expect(onEvent(event('Create', props([OU1])), options())).rejects.toThrow(/still IN_PROGRESS after 5 s \(token share-slow\)/);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand)).toHaveLength(5);
  });

  test('throttling is retried with exponential backoff', async () => {
    sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATION' }).resolves({});
    sc.on(DescribePortfolioSharesCommand, { Type: 'ORGANIZATIONAL_UNIT' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({});
    sc.on(CreatePortfolioShareCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('TooManyRequestsException', 'Too many requests'))
      .resolves({ PortfolioShareToken: 'share-1' });
    sc.on(DescribePortfolioShareStatusCommand).resolves({ Status: 'COMPLETED' });

    const result = await onEvent(event('Create', props([OU1])), options());

    expect(result.Data.Created).toBe(OU1);
    expect(sc.commandCalls(CreatePortfolioShareCommand)).toHaveLength(3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1_000, 1_000, 2_000]);
  });

  test('throttling gives up after maxAttempts', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    await expect(onEvent(event('Create', props([OU1])), { ...options(), maxAttempts: 3 })).rejects.toThrow(
      /CreatePortfolioShare ORGANIZATIONAL_UNIT .* failed: ThrottlingException: Rate exceeded/,
    );
    expect(sc.commandCalls(CreatePortfolioShareCommand)).toHaveLength(3);
  });

  test('InvalidStateException (another share operation in progress) is retried', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand)
      .rejectsOnce(new InvalidStateException({ message: 'A portfolio share operation is in progress', $metadata: {} }))
      .rejectsOnce(new InvalidStateException({ message: 'A portfolio share operation is in progress', $metadata: {} }))
      .resolves({ PortfolioShareToken: 'share-1' });
    sc.on(DescribePortfolioShareStatusCommand).resolves({ Status: 'COMPLETED' });

    const result = await onEvent(event('Create', props([OU1])), options());

    expect(result.Data.Created).toBe(OU1);
    expect(sc.commandCalls(CreatePortfolioShareCommand)).toHaveLength(3);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([5_000, 10_000]);
  });

  test.each([
    ['AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/x is not authorized'],
    ['OperationNotSupportedException', 'AWSOrganizationsAccess is not enabled for this organization'],
    ['InvalidParametersException', 'Account is neither the management account nor a delegated administrator'],
  ])('%s about Organizations access explains how to enable it', async (name, message) => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).rejects(awsError(name, message));

    const failure = onEvent(event('Create', props([OU1])), options());

    await expect(failure).rejects.toThrow(`CreatePortfolioShare ORGANIZATIONAL_UNIT ${OU1} on ${PORTFOLIO} failed (${name}: ${message})`);
    await expect(failure).rejects.toThrow('run `aws servicecatalog enable-aws-organizations-access` from the management account');
    await expect(failure).rejects.toThrow('register-delegated-administrator --service-principal servicecatalog.amazonaws.com');
    expect(sc.commandCalls(CreatePortfolioShareCommand)).toHaveLength(1);
  });

  test('other parameter errors are reported as they are', async () => {
    existingShares([]);
    sc.on(CreatePortfolioShareCommand).rejects(awsError('InvalidParametersException', 'Invalid OU id'));

    const failure = onEvent(event('Create', props([OU1])), options());

    await expect(failure).rejects.toThrow(`CreatePortfolioShare ORGANIZATIONAL_UNIT ${OU1} on ${PORTFOLIO} failed: InvalidParametersException: Invalid OU id`);
    await expect(failure).rejects.not.toThrow(/enable-aws-organizations-access/);
  });

  test('invalid properties fail before any call', async () => {
    await expect(
      onEvent(event('Create', { PortfolioId: PORTFOLIO, Shares: [{ Type: 'ACCOUNT', Value: '111122223333' }] }), options()),
    ).rejects.toThrow('Shares[0].Type: "ACCOUNT" is not one of ORGANIZATION, ORGANIZATIONAL_UNIT');
    await expect(onEvent(event('Create', { ...props([OU1]), ShareTagOptions: 'yes' }), options())).rejects.toThrow(
      `ShareTagOptions: "yes" is not 'true' or 'false'`,
    );
    expect(sc.calls()).toHaveLength(0);
  });

  test('the Lambda entry point fails clearly when its time is nearly up', async () => {
    existingShares([]);
    shareOperationsSucceed();

    await expect(handler(event('Create', props([OU1])), { getRemainingTimeInMillis: () => 10_000 })).rejects.toThrow(
      /about to time out\. Shares finished so far are kept; redeploy to continue/,
    );
    expect(mutations()).toEqual([]);
  });
});

describe('Update', () => {
  test('a changed ShareTagOptions flag updates the existing share', async () => {
    existingShares([ouShare(OU1, false, false)]);
    shareOperationsSucceed();

    const result = await onEvent(event('Update', props([OU1], { tags: true }), props([OU1], { tags: false })), options());

    expect(result.PhysicalResourceId).toBe(`${PORTFOLIO}-org-shares`);
    expect(result.Data.Updated).toBe(OU1);
    expect(sc.commandCalls(UpdatePortfolioShareCommand).map((c) => c.args[0].input)).toEqual([
      { PortfolioId: PORTFOLIO, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU1 }, ShareTagOptions: true, SharePrincipals: false },
    ]);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand)[0].args[0].input).toEqual({ PortfolioShareToken: `update-${OU1}` });
    expect(mutations()).toEqual([`Update ${OU1}`]);
  });

  test('a changed SharePrincipals flag updates the existing share', async () => {
    existingShares([], [{ PrincipalId: ORG, Type: 'ORGANIZATION', ShareTagOptions: true, SharePrincipals: false }]);
    shareOperationsSucceed();

    await onEvent(event('Update', props([], { principals: true }, ORG), props([], {}, ORG)), options());

    expect(mutations()).toEqual([`Update ${ORG}`]);
  });

  test('a no-op re-deploy makes no Create, Update or Delete call', async () => {
    existingShares([ouShare(OU1), ouShare(OU2)], [{ PrincipalId: ORG, Type: 'ORGANIZATION', ShareTagOptions: true, SharePrincipals: false }]);
    shareOperationsSucceed();

    const result = await onEvent(event('Update', props([OU1, OU2], {}, ORG), props([OU1, OU2], {}, ORG)), options());

    expect(result.Data).toEqual({ Created: '', Updated: '', Unchanged: `${ORG},${OU1},${OU2}`, Removed: '' });
    expect(mutations()).toEqual([]);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand)).toHaveLength(0);
  });

  test('an OU removed from the properties is unshared; a new one is shared', async () => {
    existingShares([ouShare(OU1)]);
    shareOperationsSucceed();

    const result = await onEvent(event('Update', props([OU2]), props([OU1])), options());

    expect(mutations()).toEqual([`Create ${OU2}`, `Delete ${OU1}`]);
    expect(sc.commandCalls(DeletePortfolioShareCommand)[0].args[0].input).toEqual({
      PortfolioId: PORTFOLIO,
      OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: OU1 },
    });
    expect(result.Data).toMatchObject({ Created: OU2, Removed: OU1 });
  });

  test('a removed OU that is no longer shared is skipped', async () => {
    existingShares([ouShare(OU2)]);
    shareOperationsSucceed();

    await onEvent(event('Update', props([OU2]), props([OU1, OU2])), options());

    expect(mutations()).toEqual([]);
  });

  test('a new portfolio id leaves the old portfolio to the Delete CloudFormation sends', async () => {
    existingShares([]);
    shareOperationsSucceed();

    const result = await onEvent(event('Update', props([OU1]), { ...props([OU1]), PortfolioId: 'port-old' }), options());

    expect(result.PhysicalResourceId).toBe(`${PORTFOLIO}-org-shares`);
    expect(mutations()).toEqual([`Create ${OU1}`]);
  });
});

describe('Delete', () => {
  test('removes only the shares in its own properties', async () => {
    existingShares([ouShare(OU1), ouShare('ou-ab12-99999999')], [{ PrincipalId: ORG, Type: 'ORGANIZATION' }]);
    shareOperationsSucceed();

    const result = await onEvent(event('Delete', props([OU1, OU2])), options());

    expect(mutations()).toEqual([`Delete ${OU1}`]);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand)[0].args[0].input).toEqual({ PortfolioShareToken: `delete-${OU1}` });
    expect(result).toEqual({ PhysicalResourceId: `${PORTFOLIO}-org-shares`, Data: { Removed: OU1 } });
  });

  test('a share already gone (ResourceNotFoundException) counts as removed', async () => {
    existingShares([ouShare(OU1)]);
    sc.on(DeletePortfolioShareCommand).rejects(awsError('ResourceNotFoundException', 'Share not found'));

    const result = await onEvent(event('Delete', props([OU1])), options());

    expect(result.Data.Removed).toBe(OU1);
    expect(sc.commandCalls(DescribePortfolioShareStatusCommand)).toHaveLength(0);
  });

  test('a portfolio already gone makes Delete a no-op', async () => {
    sc.on(DescribePortfolioSharesCommand).rejects(awsError('ResourceNotFoundException', 'Portfolio not found'));

    const result = await onEvent(event('Delete', props([OU1])), options());

    expect(result.Data.Removed).toBe('');
    expect(mutations()).toEqual([]);
  });

  test('invalid properties (a failed Create) delete nothing and succeed', async () => {
    const result = await onEvent(event('Delete', { PortfolioId: PORTFOLIO, Shares: 'oops' }), options());

    expect(result.PhysicalResourceId).toBe(`${PORTFOLIO}-org-shares`);
    expect(sc.calls()).toHaveLength(0);
  });
});
