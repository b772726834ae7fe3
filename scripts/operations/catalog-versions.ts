/**
 * The released product versions operations compare against: the committed snapshots, read as text (for the
 * `identical` test) and parsed. Injectable, so tests can offer versions this repository has not released yet.
 */
import * as fs from 'fs';
import { PRODUCTS } from '../../products/catalog';
import { readReleases, releasesFile, snapshotFile } from '../../products/versioning/release-records';
import type { CfnTemplate } from '../analyzers/upgrade-diff';
import { CliError } from '../cli-error';

export interface ReleasedVersion {
  readonly productId: string;
  readonly version: string;
  /** The snapshot exactly as committed. */
  readonly text: string;
  readonly template: CfnTemplate;
}

export interface CatalogProduct {
  readonly id: string;
  /** The Service Catalog product name (what console users see); products are resolved by it. */
  readonly name: string;
}

export interface CatalogReleases {
  readonly products: readonly CatalogProduct[];
  /** Released versions of a product, oldest first. */
  versions(productId: string): ReleasedVersion[];
}

/** The products of products/catalog.ts and their committed snapshots. */
export function repositoryReleases(): CatalogReleases {
  const cache = new Map<string, ReleasedVersion[]>();
  return {
    products: PRODUCTS.map((p) => ({ id: p.id, name: p.name })),
    versions(productId) {
      const definition = PRODUCTS.find((p) => p.id === productId);
      // A product still in development has no releases.json yet: nothing released to compare with.
      if (!definition || !fs.existsSync(releasesFile(definition.id))) return [];
      if (!cache.has(productId)) {
        cache.set(
          productId,
          readReleases(definition.id).releases.map((release) => {
            const text = fs.readFileSync(snapshotFile(definition.id, release.version), 'utf8');
            return { productId, version: release.version, text, template: JSON.parse(text) as CfnTemplate };
          }),
        );
      }
      return cache.get(productId) as ReleasedVersion[];
    },
  };
}

export function findProduct(releases: CatalogReleases, productId: string, flag: string): CatalogProduct {
  const product = releases.products.find((p) => p.id === productId);
  if (!product) {
    throw new CliError(`${flag}: got "${productId}", allowed: ${releases.products.map((p) => p.id).join(', ')}`);
  }
  return product;
}

export function findVersion(releases: CatalogReleases, productId: string, version: string, flag: string): ReleasedVersion {
  const versions = releases.versions(productId);
  const found = versions.find((v) => v.version === version);
  if (!found) {
    throw new CliError(
      `${flag}: ${productId} has no released version "${version}"; released: ${versions.map((v) => v.version).join(', ') || '(none)'}`,
    );
  }
  return found;
}
