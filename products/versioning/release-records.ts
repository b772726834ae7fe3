import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import type { ProductId } from '../shared/identity';
import { repoRoot } from '../shared/repo-root';

/**
 * Each product keeps its released versions in `products/<id>/releases.json` (version, date, status, notes and
 * the SHA-256 of the committed template snapshot) and the snapshots themselves in `products/<id>/versions/`.
 * A released snapshot never changes: the hash is checked on every build.
 */

export const VERSION_STATUSES = ['active', 'deprecated', 'inactive'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const SEMVER_NAME = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const releaseSchema = z.strictObject({
  version: z.string().regex(SEMVER_NAME, 'a semantic version name such as v1.2.3'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  status: z.enum(VERSION_STATUSES),
  notes: z.string().min(1, 'release notes'),
  templateSha256: z.string().regex(/^[a-f0-9]{64}$/, 'the SHA-256 (hex) of the snapshot'),
  /** The upgrade verdict from the previous version, recorded at release. */
  upgradeVerdict: z.enum(['compatible', 'breaking']).optional(),
});

const manifestSchema = z.strictObject({
  product: z.string(),
  releases: z.array(releaseSchema).min(1, 'at least one release'),
});

export type Release = z.infer<typeof releaseSchema>;
export type ReleaseManifest = z.infer<typeof manifestSchema>;

export class ReleaseError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseError';
  }
}

/**
 * Environment variable naming another folder of product folders (`<dir>/<id>/releases.json`, `<dir>/<id>/versions/`).
 * Tests point it at a temporary copy so `catalog release` and `catalog status` never write into the repository.
 */
export const PRODUCTS_DIR_ENV = 'CATALOG_PRODUCTS_DIR';

/** The folder holding one folder per product: `<repo>/products`, unless CATALOG_PRODUCTS_DIR names another. */
export function productsRoot(): string {
  const override = process.env[PRODUCTS_DIR_ENV];
  return override ? path.resolve(override) : path.join(repoRoot(), 'products');
}

export function productDir(productId: ProductId): string {
  return path.join(productsRoot(), productId);
}

export function releasesFile(productId: ProductId): string {
  return path.join(productDir(productId), 'releases.json');
}

export function snapshotDir(productId: ProductId): string {
  return path.join(productDir(productId), 'versions');
}

export function readReleases(productId: ProductId): ReleaseManifest {
  const file = releasesFile(productId);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReleaseError(`${path.relative(repoRoot(), file)}: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ReleaseError(`${path.relative(repoRoot(), file)} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  const manifest = parsed.data;
  if (manifest.product !== productId) {
    throw new ReleaseError(`${path.relative(repoRoot(), file)}: product is '${manifest.product}', expected '${productId}'`);
  }
  for (let i = 1; i < manifest.releases.length; i++) {
    if (compareVersions(manifest.releases[i].version, manifest.releases[i - 1].version) <= 0) {
      throw new ReleaseError(
        `${path.relative(repoRoot(), file)}: releases must be in increasing version order (${manifest.releases[i - 1].version} then ${manifest.releases[i].version})`,
      );
    }
  }
  return manifest;
}

export function writeReleases(productId: ProductId, manifest: ReleaseManifest): void {
  fs.writeFileSync(releasesFile(productId), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function latestRelease(manifest: ReleaseManifest): Release {
  return manifest.releases[manifest.releases.length - 1];
}

/** Orders semver names (vMAJOR.MINOR.PATCH). */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export function parseVersion(version: string): [number, number, number] {
  const m = SEMVER_NAME.exec(version);
  if (!m) throw new ReleaseError(`'${version}' is not a version name: expected vMAJOR.MINOR.PATCH such as v1.2.0`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The committed snapshot of a released version (named by ProductStackHistory: `<ids>.<version>.product.template.json`). */
export function snapshotFile(productId: ProductId, version: string): string {
  const dir = snapshotDir(productId);
  const suffix = `.${version}.product.template.json`;
  const matches = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)) : [];
  if (matches.length !== 1) {
    throw new ReleaseError(
      `${productId} ${version}: expected exactly one snapshot *${suffix} in ${path.relative(repoRoot(), dir)}, found ${matches.length}`,
    );
  }
  return path.join(dir, matches[0]);
}

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Fails when a released snapshot is not byte-for-byte the one recorded at release. */
export function checkSnapshotUnchanged(productId: ProductId, release: Release): string {
  const file = snapshotFile(productId, release.version);
  const actual = sha256File(file);
  if (actual !== release.templateSha256) {
    throw new ReleaseError(
      `${productId} ${release.version}: the snapshot ${path.relative(repoRoot(), file)} changed since release ` +
        `(sha256 ${actual.slice(0, 12)}…, recorded ${release.templateSha256.slice(0, 12)}…). Released versions never change: restore it with git.`,
    );
  }
  return file;
}
