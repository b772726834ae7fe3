import * as fs from 'fs';
import * as path from 'path';
import type { CatalogConfig } from '../../config/schema';
import { analyzeUpgrade, type UpgradeReport } from '../../scripts/analyzers/upgrade-diff';
import { PRODUCTS, productDefinition, type ProductDefinition } from '../catalog';
import { synthesizeCandidate } from './candidate';
import {
  checkSnapshotUnchanged,
  compareVersions,
  parseVersion,
  readReleases,
  releasesFile,
  ReleaseError,
  sha256File,
  snapshotDir,
  writeReleases,
  type Release,
  type ReleaseManifest,
} from './release-records';
import { majorBumpViolation, verdictLine } from './version-policy';

export interface ReleaseRequest {
  readonly productId: string;
  readonly version: string;
  readonly notes: string;
  readonly config: CatalogConfig;
  /** Release date; default today (UTC). */
  readonly date?: string;
  /** Analyze and return what would be recorded, but write nothing. */
  readonly dryRun?: boolean;
}

/** Everything a release would record, before it is written. */
export interface PlannedRelease {
  readonly definition: ProductDefinition;
  readonly manifest: ReleaseManifest | undefined;
  readonly previous: Release | undefined;
}

export interface ReleaseResult {
  readonly release: Release;
  /** Where the snapshot is (or, for a dry run, would be) committed. */
  readonly snapshot: string;
  /** The upgrade analysis from the previous version; undefined for a first release. */
  readonly upgrade?: { readonly from: string; readonly report: UpgradeReport };
  readonly written: boolean;
}

/** A product of the catalog by id, or a ReleaseError listing the ids there are. */
export function requireProduct(productId: string): ProductDefinition {
  if (!PRODUCTS.some((p) => p.id === productId)) {
    throw new ReleaseError(`unknown product '${productId}'; products: ${PRODUCTS.map((p) => p.id).join(', ')}`);
  }
  return productDefinition(productId);
}

/** Checks a release request against the product's history; throws a ReleaseError that says what is allowed. */
export function planRelease(request: Pick<ReleaseRequest, 'productId' | 'version' | 'notes' | 'date'>): PlannedRelease {
  const definition = requireProduct(request.productId);
  parseVersion(request.version);
  if (!request.notes.trim()) throw new ReleaseError('release notes must not be empty (--notes "what changed and why")');
  if (request.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(request.date)) {
    throw new ReleaseError(`--date '${request.date}' is not a date: expected YYYY-MM-DD such as 2026-11-28`);
  }
  const manifest = fs.existsSync(releasesFile(definition.id)) ? readReleases(definition.id) : undefined;
  const previous = manifest?.releases[manifest.releases.length - 1];
  if (manifest?.releases.some((r) => r.version === request.version)) {
    throw new ReleaseError(`${definition.id} ${request.version} is already released; released versions never change. Choose a version greater than ${previous!.version}.`);
  }
  if (previous && compareVersions(request.version, previous.version) <= 0) {
    throw new ReleaseError(`${definition.id} ${request.version} is not greater than the latest release ${previous.version}.`);
  }
  return { definition, manifest, previous };
}

/**
 * Records a new version in one mechanism: check the request, synthesize the current code as that version into a
 * temporary folder, analyze the upgrade from the previous version's snapshot (a breaking one needs a major version),
 * then — and only then — copy the snapshot into `products/<id>/versions/` and append the release with the snapshot's
 * hash, the upgrade verdict and a verdict line in the notes. Nothing is written when any step fails.
 */
export function releaseProduct(request: ReleaseRequest): ReleaseResult {
  const { definition, manifest, previous } = planRelease(request);
  const candidate = synthesizeCandidate(request.config, definition.id, request.version);
  try {
    let upgrade: ReleaseResult['upgrade'];
    if (previous) {
      const before = JSON.parse(fs.readFileSync(checkSnapshotUnchanged(definition.id, previous), 'utf8'));
      const report = analyzeUpgrade(before, candidate.template);
      const violation = majorBumpViolation(definition.id, previous.version, request.version, report);
      if (violation) throw new ReleaseError(violation);
      upgrade = { from: previous.version, report };
    }
    const release: Release = {
      version: request.version,
      date: request.date ?? new Date().toISOString().slice(0, 10),
      status: 'active',
      notes: upgrade ? `${request.notes.trim()} ${verdictLine(upgrade.from, upgrade.report)}` : request.notes.trim(),
      templateSha256: sha256File(candidate.snapshotFile),
      ...(upgrade ? { upgradeVerdict: upgrade.report.verdict } : {}),
    };
    const snapshot = path.join(snapshotDir(definition.id), path.basename(candidate.snapshotFile));
    if (request.dryRun) return { release, snapshot, upgrade, written: false };
    writeRelease(definition.id, manifest, release, candidate.snapshotFile, snapshot);
    return { release, snapshot, upgrade, written: true };
  } finally {
    candidate.dispose();
  }
}

/** Snapshot first, then the manifest; the snapshot is removed again if the manifest cannot be written. */
function writeRelease(productId: ProductDefinition['id'], manifest: ReleaseManifest | undefined, release: Release, from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  try {
    writeReleases(productId, { product: productId, releases: [...(manifest?.releases ?? []), release] });
  } catch (e) {
    fs.rmSync(to, { force: true });
    throw e;
  }
}
