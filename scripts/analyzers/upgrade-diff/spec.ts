/**
 * Property-level replacement semantics from @aws-cdk/aws-service-spec (the database behind `cdk diff`).
 * cloudformation-diff only looks at top-level properties; this module also walks nested property types,
 * e.g. AWS::Batch::ComputeEnvironment ComputeResources.Subnets ('maybe').
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { deepEqual } from '@aws-cdk/cloudformation-diff';
import { documentedDefault, isDefaultWrittenOut } from './defaults';

// Types derived from the loader so we need no direct dependency on @aws-cdk/service-spec-types.
type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;
type SpecResource = ReturnType<typeof lookupResource>[number];
type PropertyType = SpecResource['properties'][string]['type'];

export type ReplacementMode = 'yes' | 'maybe';
export interface ReplacementPath {
  path: string;
  mode: ReplacementMode;
}

let database: SpecDatabase | undefined;

/** Loading parses a ~10 MB gzipped JSON (0.5–1 s), so it happens once and only when resources differ. */
export function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

function lookupResource(resourceType: string) {
  return specDatabase().lookup('resource', 'cloudFormationType', 'equals', resourceType);
}

/** undefined for types the spec does not know (Custom::*, very new types). */
export function resourceSpec(resourceType: string): SpecResource | undefined {
  const found = lookupResource(resourceType);
  return found.length === 1 ? found.only() : undefined;
}

/** Spec flag for resources holding data (log groups, tables, buckets, secrets); absent for most types. */
export function isStateful(resourceType: string): boolean {
  return resourceSpec(resourceType)?.isStateful === true;
}

/**
 * Nested property paths of `propertyName` whose change forces ('yes') or may force ('maybe') replacement.
 * The top-level property itself is cloudformation-diff's job; this only looks inside its value.
 */
export function nestedReplacementPaths(resourceType: string, propertyName: string, oldValue: unknown, newValue: unknown): ReplacementPath[] {
  const property = resourceSpec(resourceType)?.properties[propertyName];
  if (!property || property.causesReplacement === 'yes' || property.causesReplacement === 'maybe') return [];
  return walk(property.type, oldValue, newValue, propertyName);
}

/**
 * Paths listed in the spec's `additionalReplacementProperties` (replacement rules that cannot be attached to a
 * property type, e.g. `Tags.*.Key`); all of them mean 'yes'.
 */
export function additionalReplacementPaths(resourceType: string, oldProps: unknown, newProps: unknown): ReplacementPath[] {
  const extra = resourceSpec(resourceType)?.additionalReplacementProperties ?? [];
  const seen = new Set<string>();
  const result: ReplacementPath[] = [];
  for (const segments of extra) {
    const path = segments.join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    if (!deepEqual(valuesAt(oldProps, segments), valuesAt(newProps, segments))) result.push({ path, mode: 'yes' });
  }
  return result;
}

function walk(type: PropertyType, oldValue: unknown, newValue: unknown, path: string): ReplacementPath[] {
  if (deepEqual(oldValue, newValue)) return [];
  // An intrinsic ({Ref}, {Fn::If}, ...) hides the structure; the enclosing property's own flag already applies.
  if (isIntrinsic(oldValue) || isIntrinsic(newValue)) return [];
  switch (type.type) {
    case 'ref': {
      if (!isObjectOrMissing(oldValue) || !isObjectOrMissing(newValue)) return [];
      const definition = specDatabase().get('typeDefinition', type.reference);
      const before = oldValue ?? {};
      const after = newValue ?? {};
      return unionKeys(before, after).flatMap((key) => {
        const nested = definition.properties[key];
        if (!nested || deepEqual(before[key], after[key])) return [];
        const nestedPath = `${path}.${key}`;
        // A conditionally create-only property written out with its documented default keeps its value (defaults.ts).
        if (nested.causesReplacement === 'maybe' && isDefaultWrittenOut(documentedDefault(definition.name, key, nested), before[key], after[key])) return [];
        if (nested.causesReplacement === 'yes' || nested.causesReplacement === 'maybe') return [{ path: nestedPath, mode: nested.causesReplacement }];
        return walk(nested.type, before[key], after[key], nestedPath);
      });
    }
    case 'array': {
      const before = Array.isArray(oldValue) ? oldValue : [];
      const after = Array.isArray(newValue) ? newValue : [];
      const length = Math.max(before.length, after.length);
      return Array.from({ length }, (_, i) => walk(type.element, before[i], after[i], `${path}[${i}]`)).flat();
    }
    case 'map': {
      if (!isObjectOrMissing(oldValue) || !isObjectOrMissing(newValue)) return [];
      const before = oldValue ?? {};
      const after = newValue ?? {};
      return unionKeys(before, after).flatMap((key) => walk(type.element, before[key], after[key], `${path}.${key}`));
    }
    case 'union': {
      // Pick the member whose shape matches the value (object → ref/map, array → array).
      const sample = newValue ?? oldValue;
      const member = type.types.find((t) => (Array.isArray(sample) ? t.type === 'array' : t.type === 'ref' || t.type === 'map'));
      return member ? walk(member, oldValue, newValue, path) : [];
    }
    default:
      return [];
  }
}

function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isObjectOrMissing(value: unknown): value is Record<string, unknown> | undefined {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

/** All values at a path where `*` expands over array elements or map values. */
function valuesAt(root: unknown, segments: readonly string[]): unknown[] {
  let current: unknown[] = [root];
  for (const segment of segments) {
    current = current.flatMap((value) => {
      if (typeof value !== 'object' || value === null) return [];
      if (segment === '*') return Object.values(value);
      return [(value as Record<string, unknown>)[segment]];
    });
  }
  return current;
}
