import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CatalogConfig } from '../config/schema';
import { productDefinition } from './catalog';
import {
  compareVersions,
  parseVersion,
  readReleases,
  releasesFile,
  ReleaseError,
  sha256File,
  snapshotFile,
  writeReleases,
  type Release,
  type ReleaseManifest,
} from './shared/releases';
import { synthesizeProducts } from './synthesize';

export interface ReleaseRequest {
  readonly productId: string;
  readonly version: string;
  readonly notes: string;
  readonly config: CatalogConfig;
  /** Release date; default today (UTC). */
  readonly date?: string;
  readonly upgradeVerdict?: Release['upgradeVerdict'];
}

/** Everything a release would record, before it is written. */
export interface PlannedRelease {
  readonly manifest: ReleaseManifest | undefined;
  readonly previous: Release | undefined;
}

/** Checks a release request against the product's history; throws a ReleaseError that says what is allowed. */
export function planRelease(request: Pick<ReleaseRequest, 'productId' | 'version' | 'notes'>): PlannedRelease {
  const definition = productDefinition(request.productId);
  parseVersion(request.version);
  if (!request.notes.trim()) throw new ReleaseError('release notes must not be empty (--notes "what changed and why")');
  const manifest = fs.existsSync(releasesFile(definition.id)) ? readReleases(definition.id) : undefined;
  const previous = manifest?.releases[manifest.releases.length - 1];
  if (manifest?.releases.some((r) => r.version === request.version)) {
    throw new ReleaseError(`${definition.id} ${request.version} is already released; released versions never change. Choose a version greater than ${previous!.version}.`);
  }
  if (previous && compareVersions(request.version, previous.version) <= 0) {
    throw new ReleaseError(`${definition.id} ${request.version} is not greater than the latest release ${previous.version}.`);
  }
  return { manifest, previous };
}

/**
 * Records a new version: synthesizes the product as that version (ProductStackHistory writes the snapshot), then
 * appends the release with the snapshot's hash. Nothing is left behind when any step fails.
 */
export function releaseProduct(request: ReleaseRequest): { release: Release; snapshot: string } {
  const { manifest } = planRelease(request);
  const definition = productDefinition(request.productId);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-release-'));
  let snapshot: string | undefined;
  try {
    synthesizeProducts(request.config, outdir, { products: [definition], versionOverride: { [definition.id]: request.version } });
    snapshot = snapshotFile(definition.id, request.version);
    const release: Release = {
      version: request.version,
      date: request.date ?? new Date().toISOString().slice(0, 10),
      status: 'active',
      notes: request.notes.trim(),
      templateSha256: sha256File(snapshot),
      ...(request.upgradeVerdict ? { upgradeVerdict: request.upgradeVerdict } : {}),
    };
    writeReleases(definition.id, { product: definition.id, releases: [...(manifest?.releases ?? []), release] });
    return { release, snapshot };
  } catch (e) {
    if (snapshot) fs.rmSync(snapshot, { force: true });
    throw e;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
