/**
 * The values a template expression resolves to. Besides plain JSON (strings, numbers, booleans, lists, objects) an
 * expression can resolve to:
 * - a `Symbolic` value: fixed at launch but not known from the template (the region, an AZ of `Fn::GetAZs`, a
 *   parameter the scenario leaves free, a resource's id or attribute). Two symbolic values are equal when their keys
 *   are: `Fn::GetAZs ''` and `Fn::GetAZs {Ref: AWS::Region}` give the same list, `Fn::Select [0, ...]` of it the
 *   same AZ, `Fn::Cidr` of the same block the same subnets.
 * - an `Unresolved` value: not knowable from the template at all (`Fn::ImportValue`, a custom resource's attribute, an
 *   unknown function). It says which value and why, so an analysis can say why it cannot prove something.
 */

export class Symbolic {
  constructor(
    /** Canonical identity: equal keys, equal values. */
    readonly key: string,
    /** How it reads inside a string (`${AWS::Region}`) and in messages. */
    readonly text: string,
    /** Whether it stands for a list (`Fn::GetAZs`, a list parameter, `Fn::Cidr`): `Fn::Select` picks from it. */
    readonly isList = false,
  ) {}
}

/** `Ref` of a resource (`attribute` undefined) or `Fn::GetAtt` of one of its attributes. */
export class ResourceValue extends Symbolic {
  constructor(
    readonly id: string,
    readonly attribute?: string,
  ) {
    super(attribute ? `getatt:${id}.${attribute}` : `ref:${id}`, attribute ? `\${${id}.${attribute}}` : `\${${id}}`);
  }
}

/** A template parameter whose value the scenario leaves free (any value the user gives at launch). */
export class ParameterValue extends Symbolic {
  constructor(
    readonly parameter: string,
    isList: boolean,
  ) {
    super(`param:${parameter}`, `\${${parameter}}`, isList);
  }
}

/** An element of a symbolic list: `Fn::Select [index, list]`. */
export class ListElement extends Symbolic {
  constructor(
    readonly list: Symbolic,
    readonly index: number,
  ) {
    super(`${list.key}[${index}]`, `\${${list.text.replace(/^\$\{|\}$/g, '')}[${index}]}`);
  }
}

/** A value the template alone cannot give: `what` it is and `why` it is not known. */
export class Unresolved {
  constructor(
    readonly what: string,
    readonly why: string,
  ) {}

  toString(): string {
    return `${this.what}: ${this.why}`;
  }
}

export function isUnresolved(value: unknown): value is Unresolved {
  return value instanceof Unresolved;
}

/** The first `Unresolved` anywhere inside a resolved value, if any. */
export function findUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const u = findUnresolved(v);
      if (u) return u;
    }
  } else if (isPlainObject(value)) {
    for (const v of Object.values(value)) {
      const u = findUnresolved(v);
      if (u) return u;
    }
  }
  return undefined;
}

/** A canonical string of a resolved value: equal strings, equal values (numeric strings count as numbers). */
export function valueKey(value: unknown): string {
  if (value instanceof Symbolic) return `<${value.key}>`;
  if (value instanceof Unresolved) return `<unresolved ${value.what}>`;
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${valueKey(value[k])}`)
      .join(',')}}`;
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value.replace(/^(-?)0+(?=\d)/, '$1');
  return JSON.stringify(value) ?? 'undefined';
}

/** Whether two resolved values are the same value at launch; undefined when either is unresolved. */
export function sameValue(a: unknown, b: unknown): boolean | undefined {
  if (findUnresolved(a) || findUnresolved(b)) return undefined;
  return valueKey(a) === valueKey(b);
}

/** A resolved string value as text (`com.amazonaws.${AWS::Region}.s3`), or undefined for a non-string. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Symbolic && !value.isList) return value.text;
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Symbolic) && !(value instanceof Unresolved);
}
