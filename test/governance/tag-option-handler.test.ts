import * as path from 'path';
import {
  AssociateTagOptionWithResourceCommand,
  CreateTagOptionCommand,
  DeleteTagOptionCommand,
  DisassociateTagOptionFromResourceCommand,
  ListTagOptionsCommand,
  ServiceCatalogClient,
  type TagOptionDetail,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { TAG_OPTION_RESOURCE_TYPE } from '../../portfolios/governance/portfolio-tag-options';
import { onEvent, parsePhysicalId, physicalId, type OnEventRequest } from '../../portfolios/governance/tag-option-handler';
import { defaultSynthesis, readTemplate } from '../support/catalog';

const sc = mockClient(ServiceCatalogClient);
const PORTFOLIO = 'port-abcdefghijklm';
const SERVICE_TOKEN = 'arn:aws:lambda:ap-northeast-1:111122223333:function:provider';

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/**
 * One account and region of Service Catalog, as far as TagOptions go, with the rules of the API reference:
 * CreateTagOption of an existing key+value -> DuplicateResourceException; AssociateTagOptionWithResource of an
 * existing association -> DuplicateResourceException; DeleteTagOption while associated -> ResourceInUseException;
 * unknown ids -> ResourceNotFoundException. ListTagOptions pages by 20 and filters by substring (the API calls them
 * "search filters"; the handler must compare exactly).
 */
class FakeAccount {
  readonly tagOptions = new Map<string, TagOptionDetail>();
  readonly associations = new Set<string>();
  private next = 0;

  constructor() {
    sc.on(ListTagOptionsCommand).callsFake(({ Filters, PageToken }) => {
      const all = [...this.tagOptions.values()].filter((t) => t.Key!.includes(Filters?.Key ?? '') && t.Value!.includes(Filters?.Value ?? ''));
      const start = Number(PageToken ?? 0);
      const page = all.slice(start, start + 20);
      return { TagOptionDetails: page, PageToken: start + 20 < all.length ? String(start + 20) : undefined };
    });
    sc.on(CreateTagOptionCommand).callsFake(({ Key, Value }) => {
      if (this.find(Key, Value)) throw awsError('DuplicateResourceException', 'TagOption already exists');
      return { TagOptionDetail: this.add(Key, Value) };
    });
    sc.on(AssociateTagOptionWithResourceCommand).callsFake(({ ResourceId, TagOptionId }) => {
      if (!this.tagOptions.has(TagOptionId)) throw awsError('ResourceNotFoundException');
      const key = `${TagOptionId}@${ResourceId}`;
      if (this.associations.has(key)) throw awsError('DuplicateResourceException', 'already associated');
      this.associations.add(key);
      return {};
    });
    sc.on(DisassociateTagOptionFromResourceCommand).callsFake(({ ResourceId, TagOptionId }) => {
      if (!this.associations.delete(`${TagOptionId}@${ResourceId}`)) throw awsError('ResourceNotFoundException');
      return {};
    });
    sc.on(DeleteTagOptionCommand).callsFake(({ Id }) => {
      if (!this.tagOptions.has(Id)) throw awsError('ResourceNotFoundException');
      if ([...this.associations].some((a) => a.startsWith(`${Id}@`))) throw awsError('ResourceInUseException', 'TagOption is associated');
      this.tagOptions.delete(Id);
      return {};
    });
  }

  add(Key: string, Value: string, Active = true): TagOptionDetail {
    const detail = { Id: `tag-${(this.next++).toString().padStart(13, '0')}`, Key, Value, Active, Owner: '111122223333' };
    this.tagOptions.set(detail.Id, detail);
    return detail;
  }

  find(key: string, value: string): TagOptionDetail | undefined {
    return [...this.tagOptions.values()].find((t) => t.Key === key && t.Value === value);
  }

  pairs(): string[] {
    return [...this.tagOptions.values()].map((t) => `${t.Key}=${t.Value}`).sort();
  }
}

let sleep: jest.Mock<Promise<void>, [number]>;
const options = () => ({ sleep, log: () => undefined });
const props = (Key: string, Value: string, PortfolioId = PORTFOLIO) => ({ ServiceToken: SERVICE_TOKEN, Key, Value, PortfolioId });
const create = (Key: string, Value: string): OnEventRequest => ({ RequestType: 'Create', ResourceProperties: props(Key, Value) });
const del = (PhysicalResourceId: string, Key = 'Environment', Value = 'prod'): OnEventRequest => ({
  RequestType: 'Delete',
  PhysicalResourceId,
  ResourceProperties: props(Key, Value),
});

beforeEach(() => {
  sc.reset();
  sleep = jest.fn(async (_ms: number) => undefined);
});

describe('create', () => {
  test('creates a TagOption that does not exist and associates it with the portfolio', async () => {
    const account = new FakeAccount();
    const result = await onEvent(create('Environment', 'prod'), options());

    const made = account.find('Environment', 'prod')!;
    expect(result).toEqual({
      PhysicalResourceId: `${made.Id}/${PORTFOLIO}/created/associated`,
      Data: { TagOptionId: made.Id, Key: 'Environment', Value: 'prod', Created: 'true', Associated: 'true' },
    });
    expect([...account.associations]).toEqual([`${made.Id}@${PORTFOLIO}`]);
    expect(sc.commandCalls(ListTagOptionsCommand)[0].args[0].input).toEqual({ Filters: { Key: 'Environment', Value: 'prod' }, PageSize: 20, PageToken: undefined });
  });

  test('adopts a TagOption that already exists instead of failing, and never calls CreateTagOption', async () => {
    const account = new FakeAccount();
    const existing = account.add('Environment', 'prod');

    const result = await onEvent(create('Environment', 'prod'), options());

    expect(result.PhysicalResourceId).toBe(`${existing.Id}/${PORTFOLIO}/adopted/associated`);
    expect(sc.commandCalls(CreateTagOptionCommand)).toHaveLength(0);
    expect([...account.associations]).toEqual([`${existing.Id}@${PORTFOLIO}`]);
  });

  test('matches key and value exactly across pages (the filters are search filters)', async () => {
    const account = new FakeAccount();
    // 25 TagOptions whose key and value contain the wanted ones, listed before it: the match is on page 2.
    for (let i = 0; i < 25; i++) account.add(`Environment${i}`, `prod-${i}`);
    const wanted = account.add('Environment', 'prod');

    const result = await onEvent(create('Environment', 'prod'), options());

    expect(parsePhysicalId(result.PhysicalResourceId)).toEqual({ tagOptionId: wanted.Id, portfolioId: PORTFOLIO, created: false, associated: true });
    expect(sc.commandCalls(ListTagOptionsCommand).map((c) => c.args[0].input.PageToken)).toEqual([undefined, '20']);
  });

  test('a portfolio that already has the association (made by someone else) is recorded as found, not made', async () => {
    const account = new FakeAccount();
    const existing = account.add('Environment', 'prod');
    account.associations.add(`${existing.Id}@${PORTFOLIO}`);

    const result = await onEvent(create('Environment', 'prod'), options());

    expect(result.PhysicalResourceId).toBe(`${existing.Id}/${PORTFOLIO}/adopted/found-associated`);
    // ...so deleting this resource leaves that association alone.
    await onEvent(del(result.PhysicalResourceId), options());
    expect([...account.associations]).toEqual([`${existing.Id}@${PORTFOLIO}`]);
  });

  test('a TagOption created by another writer between list and create is adopted (DuplicateResourceException)', async () => {
    const account = new FakeAccount();
    sc.on(CreateTagOptionCommand).callsFakeOnce(() => {
      account.add('Environment', 'prod');
      throw awsError('DuplicateResourceException');
    });

    const result = await onEvent(create('Environment', 'prod'), options());

    expect(parsePhysicalId(result.PhysicalResourceId)).toMatchObject({ created: false, associated: true });
  });

  test('an inactive existing TagOption fails naming the TagOption and what to do, and changes nothing', async () => {
    const account = new FakeAccount();
    const inactive = account.add('Environment', 'prod', false);

    await expect(onEvent(create('Environment', 'prod'), options())).rejects.toThrow(
      `TagOption Environment=prod (${inactive.Id}) exists in this account and region but is inactive: activate it (aws servicecatalog update-tag-option --id ${inactive.Id} --active) or remove the value from tagOptions`,
    );
    expect(account.associations.size).toBe(0);
    expect(sc.commandCalls(CreateTagOptionCommand)).toHaveLength(0);
  });

  test('a failed association deletes the TagOption this Create made (a rollback cannot: there is no physical id)', async () => {
    const account = new FakeAccount();
    sc.on(AssociateTagOptionWithResourceCommand).rejects(awsError('LimitExceededException', 'at most 25 TagOptions per resource'));

    await expect(onEvent(create('Environment', 'prod'), options())).rejects.toThrow(
      `AssociateTagOptionWithResource tag-0000000000000 ${PORTFOLIO} failed: LimitExceededException: at most 25 TagOptions per resource`,
    );
    expect(account.pairs()).toEqual([]);
  });

  test('a failed association keeps an adopted TagOption', async () => {
    const account = new FakeAccount();
    account.add('Environment', 'prod');
    sc.on(AssociateTagOptionWithResourceCommand).rejects(awsError('InvalidParametersException'));

    await expect(onEvent(create('Environment', 'prod'), options())).rejects.toThrow('InvalidParametersException');
    expect(account.pairs()).toEqual(['Environment=prod']);
    expect(sc.commandCalls(DeleteTagOptionCommand)).toHaveLength(0);
  });

  test.each([
    [{ Key: '', Value: 'prod', PortfolioId: PORTFOLIO }, 'Key: a TagOption key of 1-128 characters is required, got ""'],
    [{ Key: 'Environment', Value: 'x'.repeat(257), PortfolioId: PORTFOLIO }, 'Value: a TagOption value of 1-256 characters is required'],
    [{ Key: 'Environment', Value: 'prod', PortfolioId: 'prod-abc' }, 'PortfolioId: a portfolio id (port-...) is required, got "prod-abc"'],
  ])('bad properties %j are refused before any call', async (properties, message) => {
    new FakeAccount();
    await expect(onEvent({ RequestType: 'Create', ResourceProperties: properties }, options())).rejects.toThrow(message);
    expect(sc.calls()).toHaveLength(0);
  });
});

describe('delete', () => {
  test('disassociates and deletes a TagOption it created', async () => {
    const account = new FakeAccount();
    const { PhysicalResourceId } = await onEvent(create('Environment', 'prod'), options());

    await onEvent(del(PhysicalResourceId), options());

    expect(account.pairs()).toEqual([]);
    expect(account.associations.size).toBe(0);
  });

  test('disassociates but never deletes a TagOption it adopted', async () => {
    const account = new FakeAccount();
    account.add('Environment', 'prod');
    const { PhysicalResourceId } = await onEvent(create('Environment', 'prod'), options());

    await onEvent(del(PhysicalResourceId), options());

    expect(account.pairs()).toEqual(['Environment=prod']);
    expect(account.associations.size).toBe(0);
    expect(sc.commandCalls(DeleteTagOptionCommand)).toHaveLength(0);
  });

  test('keeps a TagOption it created that another portfolio uses meanwhile (ResourceInUseException)', async () => {
    const account = new FakeAccount();
    const { PhysicalResourceId } = await onEvent(create('Environment', 'prod'), options());
    const id = parsePhysicalId(PhysicalResourceId)!.tagOptionId;
    account.associations.add(`${id}@port-otherportfolio`);

    await onEvent(del(PhysicalResourceId), options());

    expect(account.pairs()).toEqual(['Environment=prod']);
    expect([...account.associations]).toEqual([`${id}@port-otherportfolio`]);
  });

  test('already gone (association and TagOption) is success', async () => {
    new FakeAccount();
    const id = physicalId({ tagOptionId: 'tag-gone000000000', portfolioId: PORTFOLIO, created: true, associated: true });
    await expect(onEvent(del(id), options())).resolves.toEqual({ PhysicalResourceId: id, Data: {} });
    expect(sc.commandCalls(DisassociateTagOptionFromResourceCommand)).toHaveLength(1);
    expect(sc.commandCalls(DeleteTagOptionCommand)).toHaveLength(1);
  });

  test('a physical id it never returned (a Create that failed) deletes nothing', async () => {
    new FakeAccount();
    await onEvent(del('2f0c6a4e-1234-5678-9abc-def012345678'), options());
    expect(sc.calls()).toHaveLength(0);
  });

  test('another error on delete fails the delete, naming the call', async () => {
    new FakeAccount();
    sc.on(DisassociateTagOptionFromResourceCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const id = physicalId({ tagOptionId: 'tag-0000000000000', portfolioId: PORTFOLIO, created: false, associated: true });
    await expect(onEvent(del(id), options())).rejects.toThrow(`DisassociateTagOptionFromResource tag-0000000000000 ${PORTFOLIO} failed: AccessDeniedException: not authorized`);
  });
});

describe('update', () => {
  test('the same key, value and portfolio keep the physical id (no replacement, nothing deleted)', async () => {
    const account = new FakeAccount();
    const first = await onEvent(create('Environment', 'prod'), options());

    const second = await onEvent(
      { RequestType: 'Update', PhysicalResourceId: first.PhysicalResourceId, ResourceProperties: props('Environment', 'prod'), OldResourceProperties: props('Environment', 'prod') },
      options(),
    );

    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(account.pairs()).toEqual(['Environment=prod']);
    expect(account.associations.size).toBe(1);
  });

  test('a new value is a replacement: new physical id; the old one, deleted by CloudFormation, removes its own TagOption', async () => {
    const account = new FakeAccount();
    const first = await onEvent(create('Environment', 'prod'), options());

    const second = await onEvent(
      { RequestType: 'Update', PhysicalResourceId: first.PhysicalResourceId, ResourceProperties: props('Environment', 'production'), OldResourceProperties: props('Environment', 'prod') },
      options(),
    );
    expect(second.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
    await onEvent(del(first.PhysicalResourceId), options());

    expect(account.pairs()).toEqual(['Environment=production']);
    expect([...account.associations]).toEqual([`${parsePhysicalId(second.PhysicalResourceId)!.tagOptionId}@${PORTFOLIO}`]);
  });
});

describe('throttling', () => {
  test('every call is retried with exponential backoff', async () => {
    const account = new FakeAccount();
    const throttle = () => awsError('ThrottlingException', 'Rate exceeded');
    sc.on(ListTagOptionsCommand).rejectsOnce(throttle()).rejectsOnce(throttle()).resolves({ TagOptionDetails: [] });
    const create1 = sc.on(CreateTagOptionCommand);
    create1.rejectsOnce(throttle()).callsFake(({ Key, Value }) => ({ TagOptionDetail: account.add(Key, Value) }));
    sc.on(AssociateTagOptionWithResourceCommand).rejectsOnce(throttle()).resolves({});

    const result = await onEvent(create('Environment', 'prod'), options());

    expect(parsePhysicalId(result.PhysicalResourceId)).toMatchObject({ created: true, associated: true });
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1000, 2000, 1000, 1000]);
  });

  test('gives up after maxAttempts, naming the call', async () => {
    new FakeAccount();
    sc.on(ListTagOptionsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(onEvent(create('Environment', 'prod'), { ...options(), maxAttempts: 3 })).rejects.toThrow(
      'ListTagOptions Environment=prod failed: ThrottlingException: Rate exceeded',
    );
    expect(sleep).toHaveBeenCalledTimes(2);
  });
});

describe('the synthesized portfolio stack in an account that already has some of its TagOptions', () => {
  // The events CloudFormation sends for the default configuration's portfolio stack, from its template.
  const synthesis = defaultSynthesis();
  const stack = synthesis.assembly.getStackByName('AgentNetworkCatalog-ap-northeast-1');
  const template = readTemplate(path.join(synthesis.assembly.directory, stack.templateFile));
  const resources = Object.entries(template.Resources).filter(([, r]) => r.Type === TAG_OPTION_RESOURCE_TYPE);
  const portfolioLogicalId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::ServiceCatalog::Portfolio')![0];
  const properties = (r: (typeof resources)[number][1]) => {
    const { Key, Value, PortfolioId } = r.Properties as { Key: string; Value: string; PortfolioId: unknown };
    expect(PortfolioId).toEqual({ Ref: portfolioLogicalId });
    return { ServiceToken: SERVICE_TOKEN, Key, Value, PortfolioId: PORTFOLIO };
  };

  test('creates, adopting Environment=prod; deletes only what it created; the pre-existing TagOption survives', async () => {
    const account = new FakeAccount();
    const theirs = account.add('Environment', 'prod'); // made by the account's administrators, before this stack
    // AWS::ServiceCatalog::TagOption would call CreateTagOption, which fails here:
    await expect(new ServiceCatalogClient({}).send(new CreateTagOptionCommand({ Key: 'Environment', Value: 'prod' }))).rejects.toThrow('TagOption already exists');
    sc.resetHistory();

    const created = await Promise.all(resources.map(([, r]) => onEvent({ RequestType: 'Create', ResourceProperties: properties(r) }, options())));

    expect(account.pairs()).toEqual(['CostCenter=analytics', 'CostCenter=data-platform', 'Environment=dev', 'Environment=prod', 'Environment=stg']);
    expect(account.find('Environment', 'prod')!.Id).toBe(theirs.Id);
    expect(account.associations.size).toBe(5);
    expect(sc.commandCalls(CreateTagOptionCommand).map((c) => `${c.args[0].input.Key}=${c.args[0].input.Value}`).sort()).toEqual([
      'CostCenter=analytics',
      'CostCenter=data-platform',
      'Environment=dev',
      'Environment=stg',
    ]);

    await Promise.all(
      resources.map(([, r], i) => onEvent({ RequestType: 'Delete', PhysicalResourceId: created[i].PhysicalResourceId, ResourceProperties: properties(r) }, options())),
    );

    expect(account.pairs()).toEqual(['Environment=prod']);
    expect(account.find('Environment', 'prod')!.Id).toBe(theirs.Id);
    expect(account.associations.size).toBe(0);
  });
});
