import * as fs from 'fs';
import type { CatalogConfig } from '../../config/schema';
import { distributionValues } from '../shared/distribution-values';
import type { ProductId } from '../shared/identity';
import { checkSnapshotUnchanged, type Release, type ReleaseManifest } from './release-records';

/** A released version left out of a region's portfolio, and why. */
export interface LeftOutVersion {
  readonly version: string;
  readonly reasons: string[];
}

export interface LaunchableReleases {
  /** Releases whose snapshot runs this distribution's values (or reads them at launch), with the snapshot file. */
  readonly launchable: { release: Release; file: string }[];
  readonly leftOut: LeftOutVersion[];
}

type Template = { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };

/**
 * Early snapshots (v1.x) embed the distribution values of the configuration they were released with: a literal job
 * definition Image, a literal vendor role (VENDOR_ROLE_ARN, sts:AssumeRole) and literal firewall allowlist domains.
 * Where such a value is not this configuration's value for the region, launching that version would run another
 * distribution's image or trust another vendor role, so it is not offered. Values a snapshot reads from a parameter
 * (later versions: SSM at launch) always fit.
 */
export function distributionMismatches(template: Template, config: Pick<CatalogConfig, 'agent' | 'portfolio'>, region: string): string[] {
  const expected = distributionValues(config)[region];
  if (!expected) throw new Error(`${region} is not a portfolio region (${config.portfolio.regions.join(', ')})`);
  const reasons: string[] = [];
  const differs = (what: string, embedded: unknown, wanted: unknown) => {
    if (typeof embedded === 'string' && embedded !== wanted) reasons.push(`it embeds the ${what} ${embedded}, not this configuration's ${String(wanted)} (${region})`);
  };
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::Batch::JobDefinition') {
      const container = (properties.ContainerProperties ?? {}) as { Image?: unknown; Environment?: { Name?: unknown; Value?: unknown }[] };
      differs(`agent image (${id})`, container.Image, expected.agentImage);
      for (const variable of container.Environment ?? []) {
        if (variable.Name === 'VENDOR_ROLE_ARN') differs(`vendor role (${id} VENDOR_ROLE_ARN)`, variable.Value, expected.vendorRoleArn);
      }
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const statement of roleStatements(properties)) {
        const actions = [statement.Action].flat();
        if (actions.includes('sts:AssumeRole')) for (const arn of [statement.Resource].flat()) differs(`vendor role (${id} sts:AssumeRole)`, arn, expected.vendorRoleArn);
      }
    }
    if (resource.Type === 'AWS::NetworkFirewall::RuleGroup') {
      const targets = (properties.RuleGroup as { RulesSource?: { RulesSourceList?: { Targets?: unknown } } } | undefined)?.RulesSource?.RulesSourceList?.Targets;
      const embedded = literalDomains(targets);
      const wanted = new Set(expected.egressDomains as string[]);
      if (embedded.size > 0 && (embedded.size !== wanted.size || [...embedded].some((d) => !wanted.has(d)))) {
        reasons.push(`its firewall allowlist (${id}) embeds the domains ${[...embedded].join(', ')}, not this configuration's ${[...wanted].join(', ')} (${region})`);
      }
    }
  }
  return [...new Set(reasons)];
}

/** The releases of a product a region's portfolio offers, and the ones left out with the reasons. */
export function launchableReleases(productId: ProductId, manifest: ReleaseManifest, config: Pick<CatalogConfig, 'agent' | 'portfolio'>, region: string): LaunchableReleases {
  const launchable: LaunchableReleases['launchable'] = [];
  const leftOut: LeftOutVersion[] = [];
  for (const release of manifest.releases) {
    const file = checkSnapshotUnchanged(productId, release);
    const reasons = distributionMismatches(JSON.parse(fs.readFileSync(file, 'utf8')) as Template, config, region);
    if (reasons.length) leftOut.push({ version: release.version, reasons });
    else launchable.push({ release, file });
  }
  return { launchable, leftOut };
}

function roleStatements(properties: Record<string, unknown>): { Action?: unknown; Resource?: unknown }[] {
  const policies = (properties.Policies ?? []) as { PolicyDocument?: { Statement?: unknown } }[];
  return policies.flatMap((p) => [p.PolicyDocument?.Statement ?? []].flat() as { Action?: unknown; Resource?: unknown }[]).filter((s) => s && typeof s === 'object');
}

/**
 * The literal domains of an allowlist expression (strings, comma-joined strings), leaving out what is resolved at
 * launch (Fn::Sub of the region's AWS endpoints, Ref of a parameter).
 */
function literalDomains(expression: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of value.split(',')) if (/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(part)) found.add(part);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 'Fn::Sub' && key !== 'Ref') walk(inner);
    }
  };
  walk(expression);
  return found;
}
