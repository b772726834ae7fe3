/**
 * Custom resource (Provider framework onEvent): apply the declared status of each product version.
 *
 * CloudFormation's ProvisioningArtifactParameters has no Guidance or Active (cloudformation-coverage-roadmap
 * 1356); UpdateProvisioningArtifact has both. DEPRECATED blocks new launches but still allows updates; an
 * inactive version is hidden and blocks both.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_UpdateProvisioningArtifact.html
 *
 * Versions are resolved by name, never by artifact id: ids can change when CloudFormation replaces artifacts.
 *
 * Packaging: this file imports only Node built-ins and @aws-sdk/* (provided by the Lambda Node.js runtime), so
 * its compiled folder is the Lambda asset. Keep it that way (no imports from the rest of the repository).
 */
import { ListProvisioningArtifactsCommand, ServiceCatalogClient, UpdateProvisioningArtifactCommand } from '@aws-sdk/client-service-catalog';
import type { ProvisioningArtifactDetail } from '@aws-sdk/client-service-catalog';

export type VersionStatusValue = 'active' | 'deprecated' | 'inactive';

interface DeclaredVersion {
  readonly Name: string;
  readonly Status: VersionStatusValue;
}

interface StatusProperties {
  readonly ProductId: string;
  readonly Versions: DeclaredVersion[];
}

/** The subset of the Provider framework's onEvent request that this handler reads. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
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

const STATUSES: readonly VersionStatusValue[] = ['active', 'deprecated', 'inactive'];
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);

/**
 * Target artifact state per status. An inactive version also gets DEPRECATED guidance, so re-activating it in
 * the console does not silently make it a recommended version again.
 */
const TARGET: Record<VersionStatusValue, { Active: boolean; Guidance: 'DEFAULT' | 'DEPRECATED' }> = {
  active: { Active: true, Guidance: 'DEFAULT' },
  deprecated: { Active: true, Guidance: 'DEPRECATED' },
  inactive: { Active: false, Guidance: 'DEPRECATED' },
};

/** Lambda entry point. */
export async function handler(event: OnEventRequest): Promise<OnEventResponse> {
  return onEvent(event);
}

export async function onEvent(event: OnEventRequest, options: HandlerOptions = {}): Promise<OnEventResponse> {
  const log = options.log ?? ((message: string) => console.log(message));
  log(`${event.RequestType} ${JSON.stringify(event.ResourceProperties)}`);

  if (event.RequestType === 'Delete') {
    // Nothing to undo: CloudFormation deletes the product and its artifacts; a status left behind harms no one.
    return { PhysicalResourceId: event.PhysicalResourceId ?? 'none', Data: {} };
  }

  const props = parseProperties(event.ResourceProperties);
  const client = options.client ?? new ServiceCatalogClient({});
  const retry = retrier(options, log);

  const listed = await retry(`ListProvisioningArtifacts ${props.ProductId}`, () =>
    // No page token in this API; a product holds at most 100 versions (Service Catalog quotas).
    client.send(new ListProvisioningArtifactsCommand({ ProductId: props.ProductId })),
  );
  const byName = artifactsByName(props, listed.ProvisioningArtifactDetails ?? []);

  const updated: string[] = [];
  const unchanged: string[] = [];
  for (const version of props.Versions) {
    const artifact = byName.get(version.Name) as ProvisioningArtifactDetail;
    const target = TARGET[version.Status];
    const active = artifact.Active ?? true;
    const guidance = artifact.Guidance ?? 'DEFAULT';
    if (active === target.Active && guidance === target.Guidance) {
      unchanged.push(version.Name);
      continue;
    }
    await retry(`UpdateProvisioningArtifact ${props.ProductId} ${version.Name}`, () =>
      client.send(
        new UpdateProvisioningArtifactCommand({
          ProductId: props.ProductId,
          ProvisioningArtifactId: artifact.Id,
          Active: target.Active,
          Guidance: target.Guidance,
        }),
      ),
    );
    log(`${version.Name} (${artifact.Id}): Active ${active} -> ${target.Active}, Guidance ${guidance} -> ${target.Guidance}`);
    updated.push(version.Name);
  }

  return {
    PhysicalResourceId: `${props.ProductId}-version-status`,
    // The artifact id of every declared version, for resources that need it (self-service action associations).
    Data: {
      Updated: updated.join(','),
      Unchanged: unchanged.join(','),
      ...Object.fromEntries(props.Versions.map((v) => [artifactIdAttribute(v.Name), byName.get(v.Name)!.Id as string])),
    },
  };
}

/**
 * The response attribute holding a version's artifact id: ArtifactId_v1_2_0 for v1.2.0 (letters, digits and _ only).
 * Mirrored by artifactIdAttribute in ../version-status.ts (this file imports nothing from the repository).
 */
export function artifactIdAttribute(version: string): string {
  return `ArtifactId_${version.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Artifacts of the declared versions by name; fails naming every unknown or ambiguous version at once. */
function artifactsByName(props: StatusProperties, artifacts: ProvisioningArtifactDetail[]): Map<string, ProvisioningArtifactDetail> {
  const byName = new Map<string, ProvisioningArtifactDetail[]>();
  for (const artifact of artifacts) {
    if (artifact.Name !== undefined && artifact.Id !== undefined) byName.set(artifact.Name, [...(byName.get(artifact.Name) ?? []), artifact]);
  }
  const unknown = props.Versions.filter((v) => !byName.has(v.Name)).map((v) => v.Name);
  if (unknown.length > 0) {
    const known = [...byName.keys()].sort();
    throw new Error(
      `Product ${props.ProductId} has no version named ${unknown.join(', ')}; its versions are: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
    );
  }
  const ambiguous = props.Versions.filter((v) => (byName.get(v.Name) ?? []).length > 1);
  if (ambiguous.length > 0) {
    throw new Error(
      `Product ${props.ProductId} has several artifacts named ${ambiguous.map((v) => v.Name).join(', ')}; ` +
        'give each version a unique name so its status can be applied by name.',
    );
  }
  return new Map([...byName].map(([name, [artifact]]) => [name, artifact]));
}

/** Exponential backoff on throttling. */
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

function parseProperties(raw: Record<string, unknown>): StatusProperties {
  const productId = raw.ProductId;
  if (typeof productId !== 'string' || productId === '') throw new Error('ProductId: a product id (prod-...) is required');
  if (!Array.isArray(raw.Versions)) throw new Error('Versions: a list of { Name, Status } is required');
  const seen = new Set<string>();
  const versions = raw.Versions.map((item: unknown, i: number): DeclaredVersion => {
    const { Name, Status } = (item ?? {}) as { Name?: unknown; Status?: unknown };
    if (typeof Name !== 'string' || Name === '') throw new Error(`Versions[${i}].Name: a version name such as v1.0.0 is required`);
    if (!STATUSES.includes(Status as VersionStatusValue)) {
      throw new Error(`Versions[${i}].Status: ${JSON.stringify(Status)} is not one of ${STATUSES.join(', ')}`);
    }
    if (seen.has(Name)) throw new Error(`Versions[${i}].Name: ${Name} is declared twice`);
    seen.add(Name);
    return { Name, Status: Status as VersionStatusValue };
  });
  return { ProductId: productId, Versions: versions };
}
