import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IDENTITY_METADATA_KEY } from '../../products/shared/identity';
import { parseVersion, type Release, type ReleaseManifest } from '../../products/versioning/release-records';

/**
 * Synthetic retained versions for the scale benchmark, generated only in a temporary copy of the repository.
 * The latest release stays what the product code synthesizes (ProductStackHistory compares it with its locked
 * snapshot), so the synthetic versions are OLDER ones: copies of the oldest kept snapshot whose Description and
 * declared Version differ, each recorded with the SHA-256 of the bytes written, as `catalog release` would.
 */

export interface SnapshotFile {
  /** File name inside `products/<id>/versions/`. */
  readonly name: string;
  readonly text: string;
}

export interface RetainedVersions {
  readonly manifest: ReleaseManifest;
  /** Every snapshot the manifest refers to, oldest first (kept ones unchanged, synthetic ones new). */
  readonly snapshots: SnapshotFile[];
  /** Snapshot files of real releases dropped to reach the count. */
  readonly dropped: string[];
}

const SNAPSHOT_SUFFIX = '.product.template.json';

/**
 * Exactly `count` retained versions: the newest real releases (at most `count`), preceded by synthetic older
 * versions v0.1.0, v0.2.0, … when there are fewer real ones.
 */
export function retainVersions(manifest: ReleaseManifest, snapshots: readonly SnapshotFile[], count: number): RetainedVersions {
  if (!Number.isInteger(count) || count < 1) throw new Error(`retained versions: got ${count}, allowed: an integer >= 1`);
  const snapshotOf = (version: string): SnapshotFile => {
    const found = snapshots.filter((s) => s.name.endsWith(`.${version}${SNAPSHOT_SUFFIX}`));
    if (found.length !== 1) throw new Error(`${manifest.product} ${version}: expected one snapshot, found ${found.length}`);
    return found[0];
  };
  const kept = manifest.releases.slice(-count);
  const dropped = manifest.releases.slice(0, manifest.releases.length - kept.length).map((r) => snapshotOf(r.version).name);
  const oldest = kept[0];
  const synthetic = syntheticOlderReleases(manifest.product, oldest, snapshotOf(oldest.version), count - kept.length);
  return {
    manifest: { ...manifest, releases: [...synthetic.map((s) => s.release), ...kept] },
    snapshots: [...synthetic.map((s) => s.snapshot), ...kept.map((r) => snapshotOf(r.version))],
    dropped,
  };
}

function syntheticOlderReleases(
  productId: string,
  base: Release,
  baseSnapshot: SnapshotFile,
  count: number,
): { release: Release; snapshot: SnapshotFile }[] {
  if (count === 0) return [];
  const [major] = parseVersion(base.version);
  // v0.1.0 … v0.<count>.0 sort below any v1+ version and keep the manifest in increasing order.
  if (major < 1) throw new Error(`${productId}: cannot name ${count} synthetic versions older than ${base.version} (needs >= v1.0.0)`);
  const template = JSON.parse(baseSnapshot.text) as { Description?: string; Metadata?: Record<string, Record<string, unknown>> };
  return Array.from({ length: count }, (_, i) => {
    const version = `v0.${i + 1}.0`;
    const copy = structuredClone(template);
    copy.Description = `${template.Description ?? ''} [benchmark copy ${version}]`.trim();
    if (copy.Metadata?.[IDENTITY_METADATA_KEY]) copy.Metadata[IDENTITY_METADATA_KEY] = { ...copy.Metadata[IDENTITY_METADATA_KEY], Version: version };
    const text = `${JSON.stringify(copy, null, 2)}\n`;
    const name = baseSnapshot.name.replace(`.${base.version}${SNAPSHOT_SUFFIX}`, `.${version}${SNAPSHOT_SUFFIX}`);
    return {
      snapshot: { name, text },
      release: {
        version,
        date: base.date,
        status: 'active',
        notes: `Synthetic benchmark version: the ${base.version} template with another Description.`,
        templateSha256: sha256(text),
      },
    };
  });
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Rewrites `<root>/products/<id>/` (a temporary copy) to retain exactly `count` versions. */
export function applyRetainedVersions(root: string, productId: string, count: number): RetainedVersions {
  const productDir = path.join(root, 'products', productId);
  const versionsDir = path.join(productDir, 'versions');
  const manifest = JSON.parse(fs.readFileSync(path.join(productDir, 'releases.json'), 'utf8')) as ReleaseManifest;
  const snapshots = fs
    .readdirSync(versionsDir)
    .filter((f) => f.endsWith(SNAPSHOT_SUFFIX))
    .map((name) => ({ name, text: fs.readFileSync(path.join(versionsDir, name), 'utf8') }));
  const retained = retainVersions(manifest, snapshots, count);
  for (const name of retained.dropped) fs.rmSync(path.join(versionsDir, name));
  for (const s of retained.snapshots) fs.writeFileSync(path.join(versionsDir, s.name), s.text);
  fs.writeFileSync(path.join(productDir, 'releases.json'), `${JSON.stringify(retained.manifest, null, 2)}\n`);
  return retained;
}
