/**
 * Custom resource (Provider framework onEvent): one TagOption (key + value) associated with one portfolio, reusing a
 * TagOption that already exists in the account and region instead of failing on it.
 *
 * TagOptions are unique per key and value in an account and region: CreateTagOption answers
 * DuplicateResourceException for a pair that exists, so an AWS::ServiceCatalog::TagOption fails on create in an
 * account that already has, say, Environment=prod (aws-cdk issue 17753; Terraform provider issue 33063 asks for a
 * lookup for the same reason). This handler:
 * - Create: finds the TagOption with ListTagOptions (Filters Key/Value, exact match checked here, paged) or creates
 *   it with CreateTagOption, then AssociateTagOptionWithResource with the portfolio. What it created and what it
 *   associated is recorded in the physical resource id, the only state CloudFormation hands back on Delete.
 * - Update: the same key, value and portfolio keep the physical id (the association is re-asserted); anything else
 *   is a replacement: a new physical id, and CloudFormation then deletes the old one.
 * - Delete: disassociates only an association it made, deletes only a TagOption it created, and keeps a created
 *   TagOption that something else still uses (ResourceInUseException).
 * - A failed Create removes the TagOption it created before it fails, so a rollback leaves nothing behind.
 *
 * API reference: https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ListTagOptions.html (Filters, PageSize
 * 0-20, PageToken, TagOptionDetails {Active, Id, Key, Owner, Value}), API_CreateTagOption.html (TagOptionDetail;
 * DuplicateResourceException), API_AssociateTagOptionWithResource.html (DuplicateResourceException when associated),
 * API_DisassociateTagOptionFromResource.html, API_DeleteTagOption.html (ResourceInUseException while associated).
 *
 * Packaging: this file imports only Node built-ins and @aws-sdk/* (provided by the Lambda Node.js runtime), so its
 * compiled folder is the Lambda asset. Keep it that way (no imports from the rest of the repository).
 */
import {
  AssociateTagOptionWithResourceCommand,
  CreateTagOptionCommand,
  DeleteTagOptionCommand,
  DisassociateTagOptionFromResourceCommand,
  ListTagOptionsCommand,
  ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import type { TagOptionDetail } from '@aws-sdk/client-service-catalog';

interface TagOptionProperties {
  readonly Key: string;
  readonly Value: string;
  readonly PortfolioId: string;
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
  /** Attempts per call when throttled. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff delay (doubles per attempt, capped at 30 s). Default 1 s. */
  readonly baseDelayMs?: number;
  readonly log?: (message: string) => void;
}

/** What this resource did, encoded in its physical id: `<tag-id>/<portfolio-id>/<created|adopted>/<associated|found-associated>`. */
export interface TagOptionState {
  readonly tagOptionId: string;
  readonly portfolioId: string;
  /** This resource created the TagOption (else it adopted one that existed). */
  readonly created: boolean;
  /** This resource made the association (else the portfolio already had it). */
  readonly associated: boolean;
}

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);
const PHYSICAL_ID = /^(tag-[A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/(created|adopted)\/(associated|found-associated)$/;

export function physicalId(state: TagOptionState): string {
  return `${state.tagOptionId}/${state.portfolioId}/${state.created ? 'created' : 'adopted'}/${state.associated ? 'associated' : 'found-associated'}`;
}

/** The state of a physical id this handler returned; undefined for any other (e.g. a Create that failed). */
export function parsePhysicalId(id: string | undefined): TagOptionState | undefined {
  const m = PHYSICAL_ID.exec(id ?? '');
  return m ? { tagOptionId: m[1], portfolioId: m[2], created: m[3] === 'created', associated: m[4] === 'associated' } : undefined;
}

/** Lambda entry point. */
export async function handler(event: OnEventRequest): Promise<OnEventResponse> {
  return onEvent(event);
}

export async function onEvent(event: OnEventRequest, options: HandlerOptions = {}): Promise<OnEventResponse> {
  const log = options.log ?? ((message: string) => console.log(message));
  log(`${event.RequestType} ${event.PhysicalResourceId ?? ''} ${JSON.stringify(event.ResourceProperties)}`);
  const client = options.client ?? new ServiceCatalogClient({});
  const api = new Api(client, retrier(options, log), log);

  if (event.RequestType === 'Delete') {
    const state = parsePhysicalId(event.PhysicalResourceId);
    if (state) await remove(api, state);
    else log(`nothing to delete: ${event.PhysicalResourceId} is not a physical id this handler returned`);
    return { PhysicalResourceId: event.PhysicalResourceId ?? 'none', Data: {} };
  }

  const props = parseProperties(event.ResourceProperties);
  if (event.RequestType === 'Update') {
    const state = parsePhysicalId(event.PhysicalResourceId);
    if (state && state.portfolioId === props.PortfolioId && (await api.sameKeyValue(state.tagOptionId, props))) {
      // Same TagOption on the same portfolio: keep the id (a new one would make CloudFormation delete this one).
      await api.associate(state.tagOptionId, props);
      return response(state, props);
    }
  }
  return response(await create(api, props, log), props);
}

function response(state: TagOptionState, props: TagOptionProperties): OnEventResponse {
  return {
    PhysicalResourceId: physicalId(state),
    Data: { TagOptionId: state.tagOptionId, Key: props.Key, Value: props.Value, Created: String(state.created), Associated: String(state.associated) },
  };
}

async function create(api: Api, props: TagOptionProperties, log: (message: string) => void): Promise<TagOptionState> {
  let existing = await api.find(props);
  let created = false;
  if (!existing) {
    const made = await api.createOrFind(props);
    existing = made.detail;
    created = made.created;
  }
  const id = existing.Id as string;
  if (existing.Active === false) {
    throw new Error(
      `TagOption ${props.Key}=${props.Value} (${id}) exists in this account and region but is inactive: activate it ` +
        `(aws servicecatalog update-tag-option --id ${id} --active) or remove the value from tagOptions in the catalog configuration.`,
    );
  }
  try {
    const associated = await api.associate(id, props);
    log(`${props.Key}=${props.Value}: ${created ? 'created' : 'adopted'} ${id}, ${associated ? 'associated with' : 'already associated with'} ${props.PortfolioId}`);
    return { tagOptionId: id, portfolioId: props.PortfolioId, created, associated };
  } catch (error) {
    // Leave nothing behind: a failed Create has no physical id of ours, so its Delete could not clean this up.
    if (created) await api.deleteCreated(id).catch((e: unknown) => log(`cleanup of ${id} failed: ${String(e)}`));
    throw error;
  }
}

async function remove(api: Api, state: TagOptionState): Promise<void> {
  if (state.associated) await api.disassociate(state);
  if (state.created) await api.deleteCreated(state.tagOptionId);
}

/** The Service Catalog calls, each retried on throttling, each with its expected "already so" errors handled. */
class Api {
  constructor(
    private readonly client: ServiceCatalogClient,
    private readonly retry: <T>(label: string, call: () => Promise<T>) => Promise<T>,
    private readonly log: (message: string) => void,
  ) {}

  /** The TagOption with exactly this key and value, active or not. */
  async find(props: TagOptionProperties): Promise<TagOptionDetail | undefined> {
    let pageToken: string | undefined;
    do {
      const page = await this.retry(`ListTagOptions ${props.Key}=${props.Value}`, () =>
        this.client.send(new ListTagOptionsCommand({ Filters: { Key: props.Key, Value: props.Value }, PageSize: 20, PageToken: pageToken })),
      );
      // The filters are documented as search filters, not as exact matches: compare here.
      const match = (page.TagOptionDetails ?? []).find((t) => t.Key === props.Key && t.Value === props.Value && t.Id);
      if (match) return match;
      pageToken = page.PageToken || undefined;
    } while (pageToken);
    return undefined;
  }

  async sameKeyValue(tagOptionId: string, props: TagOptionProperties): Promise<boolean> {
    const found = await this.find(props);
    return found?.Id === tagOptionId;
  }

  /** CreateTagOption; when another writer created the same pair meanwhile (DuplicateResourceException), adopt it. */
  async createOrFind(props: TagOptionProperties): Promise<{ detail: TagOptionDetail; created: boolean }> {
    try {
      const out = await this.retry(`CreateTagOption ${props.Key}=${props.Value}`, () =>
        this.client.send(new CreateTagOptionCommand({ Key: props.Key, Value: props.Value })),
      );
      if (!out.TagOptionDetail?.Id) throw new Error(`CreateTagOption ${props.Key}=${props.Value} returned no TagOption id`);
      return { detail: out.TagOptionDetail, created: true };
    } catch (error) {
      if (causeName(error) !== 'DuplicateResourceException') throw error;
      const found = await this.find(props);
      if (!found) throw new Error(`CreateTagOption ${props.Key}=${props.Value}: DuplicateResourceException, but ListTagOptions does not list it`, { cause: error });
      return { detail: found, created: false };
    }
  }

  /** True when this call made the association, false when the portfolio already had it. */
  async associate(tagOptionId: string, props: TagOptionProperties): Promise<boolean> {
    try {
      await this.retry(`AssociateTagOptionWithResource ${tagOptionId} ${props.PortfolioId}`, () =>
        this.client.send(new AssociateTagOptionWithResourceCommand({ ResourceId: props.PortfolioId, TagOptionId: tagOptionId })),
      );
      return true;
    } catch (error) {
      if (causeName(error) === 'DuplicateResourceException') return false;
      throw error;
    }
  }

  async disassociate(state: TagOptionState): Promise<void> {
    try {
      await this.retry(`DisassociateTagOptionFromResource ${state.tagOptionId} ${state.portfolioId}`, () =>
        this.client.send(new DisassociateTagOptionFromResourceCommand({ ResourceId: state.portfolioId, TagOptionId: state.tagOptionId })),
      );
    } catch (error) {
      if (causeName(error) !== 'ResourceNotFoundException') throw error;
      this.log(`${state.tagOptionId} was no longer associated with ${state.portfolioId}`);
    }
  }

  /** Deletes a TagOption this resource created, unless something else still uses it. */
  async deleteCreated(tagOptionId: string): Promise<void> {
    try {
      await this.retry(`DeleteTagOption ${tagOptionId}`, () => this.client.send(new DeleteTagOptionCommand({ Id: tagOptionId })));
    } catch (error) {
      const name = causeName(error);
      if (name === 'ResourceInUseException') this.log(`kept ${tagOptionId}: another portfolio or product still uses it`);
      else if (name === 'ResourceNotFoundException') this.log(`${tagOptionId} was already deleted`);
      else throw error;
    }
  }
}

/** Exponential backoff on throttling; other errors are rethrown naming the call. */
function retrier(options: HandlerOptions, log: (message: string) => void) {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  return async function retry<T>(label: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const name = errorName(error);
        if (!THROTTLING.has(name) || attempt >= maxAttempts) {
          throw new Error(`${label} failed: ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        const delay = Math.min(30_000, baseDelayMs * 2 ** (attempt - 1));
        log(`${label}: ${name}, attempt ${attempt}/${maxAttempts}, retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  };
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && typeof (error as { name?: unknown }).name === 'string') return (error as { name: string }).name;
  return 'Error';
}

/** The AWS error name behind an error the retrier wrapped. */
function causeName(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  return errorName(cause);
}

// CreateTagOption: Key 1-128 and Value 1-256 characters of ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$.
const KEY_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function parseProperties(raw: Record<string, unknown>): TagOptionProperties {
  const { Key, Value, PortfolioId } = raw;
  if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || !KEY_VALUE.test(Key)) throw new Error(`Key: a TagOption key of 1-128 characters is required, got ${JSON.stringify(Key)}`);
  if (typeof Value !== 'string' || Value.length < 1 || Value.length > 256 || !KEY_VALUE.test(Value)) throw new Error(`Value: a TagOption value of 1-256 characters is required, got ${JSON.stringify(Value)}`);
  if (typeof PortfolioId !== 'string' || !/^port-[A-Za-z0-9_-]+$/.test(PortfolioId)) throw new Error(`PortfolioId: a portfolio id (port-...) is required, got ${JSON.stringify(PortfolioId)}`);
  return { Key, Value, PortfolioId };
}
