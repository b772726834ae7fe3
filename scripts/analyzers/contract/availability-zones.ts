import { ListElement, ParameterValue, Symbolic, Unresolved, valueKey } from '../template-evaluation';

/**
 * Availability zones are compared by resolved value (template-evaluation): `Fn::Select [0, Fn::GetAZs '']` and
 * `Fn::Select [0, Fn::GetAZs {Ref: AWS::Region}]` are the same AZ; `Fn::Select [0, Fn::Split [',', Ref AZs]]` is
 * the first AZ of a parameter; a literal AZ name is itself. Different AZs always get different labels.
 */
export interface AzSlot {
  /** Canonical key of the resolved AZ: equal keys, same AZ. */
  readonly key: string;
  /** For people: `AZ 1` (the region's first), `AZ 1 of parameter AvailabilityZones`, a literal AZ name. */
  readonly label: string;
  /** The unambiguous label, used when two different AZs would read the same: `AZ 1 of parameter AvailabilityZones`. */
  readonly detail: string;
  /** Why the AZ is not known (an unresolved value), if so. */
  readonly unresolved?: string;
}

export function azSlot(value: unknown): AzSlot | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) {
    return { key: `unresolved:${value.what}`, label: 'an AZ not known from the template', detail: `an AZ not known from the template (${value.toString()})`, unresolved: value.toString() };
  }
  const [label, detail] = azLabels(value);
  return { key: valueKey(value), label, detail };
}

/** The short label (a product's AZ slot: `AZ 1` is the first AZ, whichever list it comes from) and the detailed one. */
function azLabels(value: unknown): [string, string] {
  if (typeof value === 'string') return [value, value];
  if (value instanceof ListElement) {
    const n = value.index + 1;
    if (value.list.key === 'azs(AWS::Region)') return [`AZ ${n}`, `AZ ${n} of the region (Fn::GetAZs)`];
    const parameter = /^split\(".*",param:(.+)\)$/.exec(value.list.key)?.[1] ?? (value.list instanceof ParameterValue ? value.list.parameter : undefined);
    if (parameter) return [`AZ ${n}`, `AZ ${n} of parameter ${parameter}`];
    return [`AZ ${n}`, `AZ ${n} of ${value.list.text}`];
  }
  if (value instanceof ParameterValue) return [`AZ of parameter ${value.parameter}`, `AZ of parameter ${value.parameter}`];
  if (value instanceof Symbolic) return [`AZ ${value.text}`, `AZ ${value.text}`];
  return [`AZ ${valueKey(value)}`, `AZ ${valueKey(value)}`];
}

/** Labels for two AZs in one message: the short ones, unless two different AZs would read the same ("AZ 1 … in AZ 1"). */
export function azPairLabels(a: AzSlot, b: AzSlot): [string, string] {
  return a.label === b.label && a.key !== b.key ? [a.detail, b.detail] : [a.label, b.label];
}

export function sameAz(a: AzSlot | undefined, b: AzSlot | undefined): boolean | undefined {
  if (!a || !b || a.unresolved || b.unresolved) return undefined;
  return a.key === b.key;
}
