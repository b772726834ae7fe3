import { requireProduct } from './release';
import { readReleases, ReleaseError, VERSION_STATUSES, writeReleases, type Release, type VersionStatus } from './release-records';

export interface StatusChange {
  readonly productId: string;
  readonly version: string;
  readonly from: VersionStatus;
  readonly to: VersionStatus;
  /** False when the version already had that status (nothing was written). */
  readonly changed: boolean;
  readonly releases: readonly Release[];
}

/**
 * Sets the status of one released version in `products/<id>/releases.json` — the only field of a release that may
 * change. The portfolio stack applies it at deploy time (VersionStatus custom resource): deprecated blocks new
 * launches but allows updates; inactive hides the version and blocks both (UpdateProvisioningArtifact, Guidance/Active).
 *
 * At least one version must stay active, or nobody could launch the product: release a replacement first.
 */
export function setVersionStatus(request: { productId: string; version: string; status: string }): StatusChange {
  const definition = requireProduct(request.productId);
  const status = parseStatus(request.status);
  const manifest = readReleases(definition.id);
  const current = manifest.releases.find((r) => r.version === request.version);
  if (!current) {
    throw new ReleaseError(`${definition.id} has no released version '${request.version}'; versions: ${manifest.releases.map((r) => r.version).join(', ')}`);
  }
  const releases = manifest.releases.map((r) => (r.version === request.version ? { ...r, status } : r));
  if (current.status === status) return { productId: definition.id, version: request.version, from: status, to: status, changed: false, releases };
  if (!releases.some((r) => r.status === 'active')) {
    throw new ReleaseError(
      `${definition.id} ${request.version} is its last active version: making it ${status} would leave nothing to launch. ` +
        `Release a replacement first (catalog release ${definition.id} <next version> --notes "..."), or activate another version.`,
    );
  }
  writeReleases(definition.id, { ...manifest, releases });
  return { productId: definition.id, version: request.version, from: current.status, to: status, changed: true, releases };
}

function parseStatus(value: string): VersionStatus {
  if (!(VERSION_STATUSES as readonly string[]).includes(value)) {
    throw new ReleaseError(`status '${value}' is not one of ${VERSION_STATUSES.join(', ')}`);
  }
  return value as VersionStatus;
}
