/**
 * Which Conditions can change what an update does, so that the scenarios vary those and no others: every condition
 * of a template multiplies the scenarios, and most of them guard resources the update does not touch.
 *
 * A resource is touched when its definition differs between the templates (or it exists in one only), when a Mappings
 * table it reads differs, or when it references a touched resource (a replacement cascades through references). A
 * condition matters when its definition differs, or a touched resource uses it (its `Condition`, an `Fn::If`), or a
 * condition that matters refers to it. The others take their default-launch value: they only decide resources that are
 * the same on both sides and reference nothing that changes, so no value of theirs changes a finding.
 */
import { deepEqual } from '@aws-cdk/cloudformation-diff';
import type { CfnTemplate } from './types';

export interface Relevance {
  /** Conditions that matter, by name, per side. */
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
  /** Mappings tables that differ and that a touched resource reads. */
  readonly mappings: ReadonlySet<string>;
  /** Logical ids of the touched resources. */
  readonly touched: ReadonlySet<string>;
}

export function relevance(from: CfnTemplate, to: CfnTemplate): Relevance {
  const changedMappings = new Set(
    [...new Set([...Object.keys(from.Mappings ?? {}), ...Object.keys(to.Mappings ?? {})])].filter((name) => !deepEqual(from.Mappings?.[name], to.Mappings?.[name])),
  );
  const ids = new Set([...Object.keys(from.Resources), ...Object.keys(to.Resources)]);
  const touched = new Set(
    [...ids].filter((id) => !deepEqual(from.Resources[id], to.Resources[id]) || [from, to].some((t) => mappingsRead(t.Resources[id]).some((m) => changedMappings.has(m)))),
  );
  // References on either side: a resource follows one it references that is touched.
  for (let grown = true; grown; ) {
    grown = false;
    for (const id of ids) {
      if (touched.has(id)) continue;
      if ([from, to].some((t) => references(t.Resources[id]).some((r) => touched.has(r)))) {
        touched.add(id);
        grown = true;
      }
    }
  }
  const mappings = new Set([...touched].flatMap((id) => [from, to].flatMap((t) => mappingsRead(t.Resources[id]))).filter((m) => changedMappings.has(m)));
  // A condition both templates have is one launch-time value: when it matters on one side it matters on the other, or
  // one side would hold it at its default while the other varies it, and an unchanged resource would read differently.
  const seeds = new Set([...mattering(from, to, touched), ...mattering(to, from, touched)]);
  return { from: mattering(from, to, touched, seeds), to: mattering(to, from, touched, seeds), mappings, touched };
}

function mattering(template: CfnTemplate, other: CfnTemplate, touched: ReadonlySet<string>, seeds: ReadonlySet<string> = new Set()): Set<string> {
  const conditions = template.Conditions ?? {};
  const names = new Set(Object.keys(conditions).filter((name) => !deepEqual(conditions[name], other.Conditions?.[name]) || seeds.has(name)));
  for (const id of touched) conditionsUsed(template.Resources[id]).forEach((name) => names.add(name));
  for (let grown = true; grown; ) {
    grown = false;
    for (const name of [...names]) {
      for (const used of conditionsUsed(conditions[name])) {
        if (!names.has(used)) {
          names.add(used);
          grown = true;
        }
      }
    }
  }
  return new Set([...names].filter((name) => name in conditions));
}

/** Condition names used by a resource (its Condition attribute, Fn::If) or a condition definition ({Condition: X}). */
function conditionsUsed(node: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Condition' && typeof inner === 'string') found.push(inner);
      else if (key === 'Fn::If' && Array.isArray(inner) && typeof inner[0] === 'string') {
        found.push(inner[0]);
        inner.slice(1).forEach(walk);
      } else walk(inner);
    }
  };
  walk(node);
  return found;
}

function mappingsRead(node: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const lookup = (value as Record<string, unknown>)['Fn::FindInMap'];
    if (Array.isArray(lookup) && typeof lookup[0] === 'string') found.push(lookup[0]);
    Object.values(value).forEach(walk);
  };
  walk(node);
  return found;
}

/** Logical ids a resource refers to: Ref, Fn::GetAtt, and `${X}` / `${X.Attr}` inside Fn::Sub. */
export function references(node: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.push(inner);
      else if (key === 'Fn::GetAtt') found.push(typeof inner === 'string' ? inner.split('.')[0] : String((inner as unknown[])?.[0]));
      else if (key === 'Fn::Sub') {
        const text = typeof inner === 'string' ? inner : Array.isArray(inner) ? inner[0] : undefined;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}.]*)/g)) found.push(m[1]);
        if (Array.isArray(inner)) walk(inner[1]);
      } else walk(inner);
    }
  };
  walk(node);
  return found;
}
