import * as fs from 'fs';
import type { ProductId } from '../../products/shared/identity';
import { checkSnapshotUnchanged, readReleases } from '../../products/shared/releases';
import { majorBumpViolation } from '../../products/version-policy';
import { analyzeUpgrade, type CfnTemplate } from '../analyzers/upgrade-diff';

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
      return JSON.parse(fs.readFileSync(checkSnapshotUnchanged(productId, release), 'utf8')) as CfnTemplate;
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
    const report = analyzeUpgrade(before, after);
    steps.push({ from, to, verdict: report.verdict, ...(recorded ? { recorded } : {}) });
    const violation = majorBumpViolation(productId, from, to, report);
    if (violation) problems.push({ version: to, rule: 'breaking-change-not-major', message: violation });
    if (recorded && recorded !== report.verdict) {
      notes.push(`${productId} ${to}: recorded as ${recorded} from ${from} at release; the analysis now finds it ${report.verdict} (see \`catalog diff ${productId} ${from} ${to}\`)`);
    }
  }
  return { productId, ok: problems.length === 0, problems, notes, steps };
}
