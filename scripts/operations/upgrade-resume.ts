/**
 * The resumable report of a fleet upgrade (`catalog upgrade --apply --resume FILE`): what happened to each
 * provisioned product, written after every step (temp file + rename, so an interrupted run leaves the previous
 * complete report, never half a file). A later run with the same FILE continues where this one stopped: products
 * recorded as updated, in progress or started are re-checked with AWS (DescribeProvisionedProduct, DescribeRecord,
 * DescribeProvisionedProductPlan), never updated again.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../cli-error';

export const RESUME_SCHEMA = 'agent-network-catalog/upgrade-wave';
export const RESUME_VERSION = 1;

/**
 * starting: about to ask AWS for the update (the product's last record before it is kept, to tell afterwards whether
 *   the request landed); planned: a plan this run created exists; in-progress: AWS accepted the update (record id);
 *   updated / failed: the record finished; refused: AWS's plan replaces or deletes an identity-bearing resource.
 */
export type ResumeState = 'starting' | 'planned' | 'in-progress' | 'updated' | 'failed' | 'refused';
const SC_ID = /^[A-Za-z0-9_-]{1,100}$/;
const STATES: readonly ResumeState[] = ['starting', 'planned', 'in-progress', 'updated', 'failed', 'refused'];

export interface ResumeEntry {
  readonly name: string;
  state: ResumeState;
  /** LastRecordId of the provisioned product before this run touched it. */
  lastRecordBefore?: string;
  /** Only plans this run (or the run this file continues) created: the only plans it may delete. */
  planId?: string;
  recordId?: string;
  error?: string;
  /** When the entry last changed (ISO 8601). */
  at: string;
}

export interface ResumeReport {
  readonly schema: typeof RESUME_SCHEMA;
  readonly version: typeof RESUME_VERSION;
  /** Names the plans and idempotency tokens of this fleet upgrade. */
  readonly runId: string;
  readonly region: string;
  readonly product: string;
  /** artifactId: the Service Catalog id of the target version, known once the run resolved it. */
  readonly target: { readonly version: string; artifactId?: string };
  readonly usePlans: boolean;
  readonly products: Record<string, ResumeEntry>;
}

export interface ResumeIdentity {
  readonly region: string;
  readonly product: string;
  readonly target: { readonly version: string; readonly artifactId?: string };
  readonly usePlans: boolean;
}

/** A resume file on disk, kept current with `record`. Without --resume the same object lives in memory only. */
export class ResumeLog {
  private constructor(
    readonly report: ResumeReport,
    private readonly file: string | undefined,
    /** True when the file existed: this run continues an earlier one. */
    readonly resumed: boolean,
  ) {}

  static inMemory(identity: ResumeIdentity): ResumeLog {
    return new ResumeLog(fresh(identity), undefined, false);
  }

  /**
   * Reads FILE if it exists and checks it belongs to this upgrade (before any AWS call), else prepares it; nothing is
   * written until `bind` has the target's artifact id.
   */
  static open(file: string, identity: ResumeIdentity): ResumeLog {
    if (!fs.existsSync(file)) {
      const dir = path.dirname(path.resolve(file));
      if (!fs.existsSync(dir)) throw new CliError(`--resume: the folder of "${file}" does not exist (${dir})`);
      return new ResumeLog(fresh(identity), file, false);
    }
    if (!fs.statSync(file).isFile()) throw new CliError(`--resume: "${file}" is not a file`);
    return new ResumeLog(validate(file, fs.readFileSync(file, 'utf8'), identity), file, true);
  }

  /** The plans this upgrade created (the only ones it may delete). */
  ownPlanIds(): Set<string> {
    return new Set(Object.values(this.report.products).flatMap((e) => (e.planId ? [e.planId] : [])));
  }

  /** Ties the log to the target version as Service Catalog publishes it now; writes a new file. */
  bind(artifactId: string): void {
    const recorded = this.report.target.artifactId;
    if (recorded !== undefined && recorded !== artifactId) {
      throw new CliError(
        `--resume ${this.file}: field "target.artifactId" is "${recorded}", but ${this.report.target.version} is now ${artifactId} in Service Catalog: ` +
          'the version was republished; start a new file',
      );
    }
    this.report.target.artifactId = artifactId;
    this.write();
  }

  entry(id: string): ResumeEntry | undefined {
    return this.report.products[id];
  }

  record(id: string, name: string, change: Partial<Omit<ResumeEntry, 'name' | 'at'>> & { state: ResumeState }): ResumeEntry {
    const previous = this.report.products[id];
    const entry: ResumeEntry = { ...previous, ...change, name, at: new Date().toISOString() };
    for (const key of Object.keys(entry) as (keyof ResumeEntry)[]) if (entry[key] === undefined) delete entry[key];
    this.report.products[id] = entry;
    this.write();
    return entry;
  }

  private write(): void {
    if (this.file === undefined) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(this.report, null, 2)}\n`);
    fs.renameSync(temp, this.file);
  }
}

function fresh(identity: ResumeIdentity): ResumeReport {
  return { schema: RESUME_SCHEMA, version: RESUME_VERSION, runId: randomBytes(6).toString('hex'), ...identity, products: {} };
}

function validate(file: string, text: string, identity: ResumeIdentity): ResumeReport {
  const fail = (what: string): never => {
    throw new CliError(`--resume ${file}: ${what}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message}); give a report written by \`catalog upgrade --resume\`, or a new file name`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('not a JSON object');
  const r = data as Record<string, unknown>;
  if (r.schema !== RESUME_SCHEMA) fail(`field "schema": got ${JSON.stringify(r.schema)}, allowed: "${RESUME_SCHEMA}" (not a catalog upgrade report)`);
  if (r.version !== RESUME_VERSION) fail(`field "version": got ${JSON.stringify(r.version)}, allowed: ${RESUME_VERSION}`);
  if (typeof r.runId !== 'string' || !/^[a-f0-9]{12}$/.test(r.runId)) fail(`field "runId": got ${JSON.stringify(r.runId)}, allowed: 12 hexadecimal characters`);
  const mismatch = (field: string, got: unknown, want: unknown, flag: string) =>
    fail(`field "${field}" is ${JSON.stringify(got)}, but this run has ${flag} ${JSON.stringify(want)}: the file belongs to another upgrade; use a new file name`);
  if (r.product !== identity.product) mismatch('product', r.product, identity.product, '--product');
  if (r.region !== identity.region) mismatch('region', r.region, identity.region, '--region');
  const target = r.target as Record<string, unknown> | undefined;
  if (typeof target !== 'object' || target === null) return fail('field "target": missing');
  if (target.version !== identity.target.version) mismatch('target.version', target.version, identity.target.version, '--to');
  if (target.artifactId !== undefined && (typeof target.artifactId !== 'string' || !SC_ID.test(target.artifactId))) {
    fail(`field "target.artifactId": got ${JSON.stringify(target.artifactId)}, allowed: a provisioning artifact id (pa-…)`);
  }
  if (r.usePlans !== identity.usePlans) fail(`field "usePlans" is ${JSON.stringify(r.usePlans)}: re-run ${r.usePlans ? 'with' : 'without'} --plan to continue this upgrade`);
  if (typeof r.products !== 'object' || r.products === null || Array.isArray(r.products)) return fail('field "products": must be an object keyed by provisioned product id');
  for (const [id, value] of Object.entries(r.products as Record<string, unknown>)) {
    const e = value as Record<string, unknown>;
    const where = `products["${id}"]`;
    // Service Catalog ids: ^[a-zA-Z0-9_\-]*, at most 100 characters (API reference, DescribeProvisionedProduct Id).
    if (!SC_ID.test(id)) fail(`${where}: not a provisioned product id (pp-…)`);
    if (typeof e !== 'object' || e === null) fail(`${where}: must be an object`);
    if (typeof e.name !== 'string' || e.name === '') fail(`${where}.name: must be a non-empty string`);
    if (!STATES.includes(e.state as ResumeState)) fail(`${where}.state: got ${JSON.stringify(e.state)}, allowed: ${STATES.join(', ')}`);
    for (const key of ['lastRecordBefore', 'planId', 'recordId', 'error', 'at']) {
      if (e[key] !== undefined && typeof e[key] !== 'string') fail(`${where}.${key}: must be a string`);
    }
    if (e.state === 'in-progress' && e.recordId === undefined) fail(`${where}: state in-progress needs recordId`);
    if (e.state === 'planned' && e.planId === undefined) fail(`${where}: state planned needs planId`);
  }
  return data as ResumeReport;
}
