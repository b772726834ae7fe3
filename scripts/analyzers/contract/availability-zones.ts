/**
 * Availability zones are compared symbolically: a product never hard-codes an AZ name, it selects one of two slots
 * (`Fn::Select [i, Fn::GetAZs '']`, or `Fn::Select [i, Fn::Split [',', Ref AvailabilityZones]]` behind an
 * `Fn::If` that is resolved per scenario). Two subnets are in the same AZ when their resolved expressions are equal.
 */
export interface AzSlot {
  /** Canonical JSON of the resolved AZ expression: equal keys, same AZ. */
  readonly key: string;
  /** For people: `AZ 1`, `AZ 2`, a literal AZ name, or the expression. */
  readonly label: string;
}

export function azSlot(expression: unknown): AzSlot | undefined {
  if (expression === undefined || expression === null) return undefined;
  const key = canonical(expression);
  return { key, label: azLabel(expression) };
}

function azLabel(expression: unknown): string {
  if (typeof expression === 'string') return expression;
  const select = (expression as { 'Fn::Select'?: unknown[] })['Fn::Select'];
  if (Array.isArray(select) && (typeof select[0] === 'number' || /^\d+$/.test(String(select[0])))) return `AZ ${Number(select[0]) + 1}`;
  const ref = (expression as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return `AZ of parameter ${ref}`;
  return `AZ ${canonical(expression)}`;
}

/** JSON with sorted keys and numeric strings as numbers ("0" and 0 select the same element). */
export function canonical(value: unknown): string {
  const normalize = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(normalize);
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, normalize((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(normalize(value));
}

export function sameAz(a: AzSlot | undefined, b: AzSlot | undefined): boolean | undefined {
  if (!a || !b) return undefined;
  return a.key === b.key;
}
