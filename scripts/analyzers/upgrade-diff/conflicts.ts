/**
 * Which resources an update creates while a resource occupying the same unique scope still exists (unique-scope.ts):
 * those creations fail, and with them the whole update, which CloudFormation then rolls back.
 *
 * Values are compared as written. A reference means the same physical resource on both sides unless that resource is
 * replaced (the `to` template given here has references to replaced resources marked, see resources.ts) or only exists
 * on one side; parameters keep their previous values on an update, so `{Ref: P}` is the same value on both sides.
 */
import { deepEqual } from '@aws-cdk/cloudformation-diff';
import type { CfnTemplate, UpdateFailure } from './types';
import { uniqueScopeRules } from './unique-scope';

export interface Creation {
  /** The logical id in `to` of what is created. */
  readonly logicalId: string;
  readonly resourceType: string;
  /** replacement: a new physical copy of `logicalId`; rename: `logicalId` takes over from `replaces`; addition. */
  readonly cause: 'replacement' | 'rename' | 'addition';
  /** 'maybe' when the replacement itself is only possible. */
  readonly certain: boolean;
}

/** The first conflict of each creation, by its logical id in `to`. */
export function findConflicts(from: CfnTemplate, markedTo: CfnTemplate, creations: readonly Creation[]): Map<string, UpdateFailure> {
  const failures = new Map<string, UpdateFailure>();
  for (const creation of creations) {
    const created = markedTo.Resources[creation.logicalId];
    if (!created) continue;
    for (const rule of uniqueScopeRules(creation.resourceType)) {
      const keys = rule.keys(normalized(created.Properties ?? {}));
      if (keys.length === 0) continue;
      const holder = Object.entries(from.Resources).find(([existingId, existing]) => {
        if (existing?.Type !== creation.resourceType) return false;
        // A replacement that deletes first frees its own scope before it creates.
        if (existingId === creation.logicalId && creation.cause === 'replacement' && rule.deletesBeforeReplacing) return false;
        // An addition or rename only meets its own id's old copy if that copy is being replaced too, which is its own creation.
        if (existingId === creation.logicalId && creation.cause !== 'replacement') return false;
        const existingKeys = rule.keys(normalized(existing.Properties ?? {}));
        return keys.some((key) => existingKeys.some((other) => deepEqual(key, other)));
      });
      if (holder) {
        failures.set(creation.logicalId, {
          conflictsWith: holder[0],
          unique: rule.what,
          refusal: rule.refusal,
          source: rule.source,
          certain: creation.certain,
        });
        break;
      }
    }
  }
  return failures;
}

/** `Fn::GetAtt: "A.B"` and `["A", "B"]` are the same reference. */
function normalized(properties: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === 'Fn::GetAtt' && typeof entries[0][1] === 'string') {
      const [id, ...rest] = entries[0][1].split('.');
      return { 'Fn::GetAtt': [id, rest.join('.')] };
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]));
  };
  return walk(properties) as Record<string, unknown>;
}
