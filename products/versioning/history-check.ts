import * as fs from 'fs';
import { analyzeUpgrade, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import type { ProductId } from '../shared/identity';
import { checkSnapshotUnchanged, readReleases } from './release-records';
import { upgradeVerdictCache, type CachedStep } from './upgrade-verdict-cache';
import { majorBumpViolation } from './version-policy';

/** The upgrade analysis of one pair of consecutive releases. */
export interface VersionStep {
  readonly from: string;
  readonly to: string;
  readonly verdict: 'compatible' | 'breaking';
  /** The verdict recorded at release (releases.json `upgradeVerdict`), if any. */
  readonly recorded?: 'compatible' | 'breaking';
}

/** One violation of the version rules. */
export interface VersionProblem {
  /** The release it concerns ('-' when the manifest itself is unreadable). */
  readonly version: string;
  readonly rule: 'manifest-invalid' | 'snapshot-changed' | 'breaking-change-not-major';
  readonly message: string;
}

export interface VersionHistoryResult {
  readonly productId: ProductId;
  readonly ok: boolean;
  /** Each one fails verify: a snapshot changed since release, or a breaking step that is not a major version. */
  readonly problems: VersionProblem[];
  /** Worth reading, never failing: e.g. a recorded verdict that today's analysis sees differently. */
  readonly notes: string[];
  readonly steps: VersionStep[];
}

/**
 * Enforces the version rules over a product's whole history (issue 5): every released snapshot is byte-for-byte the
 * one recorded at release (SHA-256 in releases.json), and every step between consecutive releases that the upgrade
 * analysis finds breaking is a major version bump. Reads only committed files; nothing is synthesized.
 */
export function checkVersionHistory(productId: ProductId): VersionHistoryResult {
  const problems: VersionProblem[] = [];
  const notes: string[] = [];
  const steps: VersionStep[] = [];
  let releases;
  try {
    releases = readReleases(productId).releases;
  } catch (e) {
    return { productId, ok: false, problems: [{ version: '-', rule: 'manifest-invalid', message: (e as Error).message }], notes, steps };
  }
  const templates = releases.map((release) => {
    try {
      return fs.readFileSync(checkSnapshotUnchanged(productId, release), 'utf8');
    } catch (e) {
      problems.push({ version: release.version, rule: 'snapshot-changed', message: (e as Error).message });
      return undefined;
    }
  });
  for (let i = 1; i < releases.length; i++) {
    const [before, after] = [templates[i - 1], templates[i]];
    if (!before || !after) continue;
    const { version: from } = releases[i - 1];
    const { version: to, upgradeVerdict: recorded } = releases[i];
    const { verdict, violation } = analyzeStep(productId, from, to, before, after);
    steps.push({ from, to, verdict, ...(recorded ? { recorded } : {}) });
    if (violation) problems.push({ version: to, rule: 'breaking-change-not-major', message: violation });
    if (recorded && recorded !== verdict) {
      notes.push(`${productId} ${to}: recorded as ${recorded} from ${from} at release; the analysis now finds it ${verdict} (see \`catalog diff ${productId} ${from} ${to}\`)`);
    }
  }
  upgradeVerdictCache().save();
  return { productId, ok: problems.length === 0, problems, notes, steps };
}

/** The verdict of one step, from the cache when the same two snapshots were analyzed by the same analyzer before. */
function analyzeStep(productId: ProductId, from: string, to: string, before: string, after: string): CachedStep {
  const cache = upgradeVerdictCache();
  const key = [productId, from, to, before, after].join('\u0000');
  const cached = cache.get(key);
  if (cached) return cached;
  const report = analyzeUpgrade(JSON.parse(before) as CfnTemplate, JSON.parse(after) as CfnTemplate);
  const violation = majorBumpViolation(productId, from, to, report);
  const step: CachedStep = { verdict: report.verdict, ...(violation ? { violation } : {}) };
  cache.set(key, step);
  return step;
}
