/**
 * A small evaluator of CloudFormation template values for one set of launch parameters: parameter defaults (or
 * given values), Conditions, Fn::If / AWS::NoValue, Fn::FindInMap, Fn::Select, Fn::Split, Fn::Equals/And/Or/Not.
 * Anything that only exists at deploy time (a resource's id, an attribute, the region) stays symbolic, so counting
 * resources never needs an AWS account. `Fn::GetAZs` yields placeholder zone names (`az-1`, `az-2`, ...): distinct
 * zones stay distinct, which is all the cost model needs.
 */

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: unknown; AllowedValues?: unknown[]; MinValue?: unknown; MaxValue?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
  Outputs?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/** A reference to a resource of the template (`Ref`). */
export class ResourceRef {
  constructor(readonly logicalId: string) {}
}

/** A value known only at deploy time (an attribute, a pseudo parameter, a joined string containing one). */
export class Unresolved {
  constructor(readonly expression: string) {}
}

const NO_VALUE = Symbol('AWS::NoValue');
const PLACEHOLDER_AZS = ['az-1', 'az-2', 'az-3', 'az-4', 'az-5', 'az-6'];

export type ParameterValues = Record<string, string>;

export class TemplateEvaluator {
  readonly parameters: ParameterValues;
  private readonly conditionCache = new Map<string, boolean>();

  constructor(
    readonly template: Template,
    overrides: ParameterValues = {},
  ) {
    const declared = template.Parameters ?? {};
    for (const name of Object.keys(overrides)) {
      if (!declared[name]) throw new Error(`no parameter ${name} in the template; parameters: ${Object.keys(declared).join(', ')}`);
    }
    this.parameters = Object.fromEntries(
      Object.entries(declared).map(([name, p]) => [name, overrides[name] ?? (p.Default === undefined ? '' : String(p.Default))]),
    );
  }

  /** Resources created under these parameters (no Condition, or a Condition that holds). */
  activeResources(type?: string): [string, { Type: string; Properties?: Record<string, unknown> }][] {
    return Object.entries(this.template.Resources).filter(
      ([, r]) => (type === undefined || r.Type === type) && (r.Condition === undefined || this.condition(r.Condition)),
    );
  }

  condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`no condition ${name} in the template`);
    const result = this.truth(expression);
    this.conditionCache.set(name, result);
    return result;
  }

  /** The value of a property under these parameters (AWS::NoValue removed). */
  value(expression: unknown): unknown {
    const v = this.evaluate(expression);
    return v === NO_VALUE ? undefined : v;
  }

  /** A list property as a list (a missing property is an empty list). */
  list(expression: unknown): unknown[] {
    const v = this.value(expression);
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [v];
  }

  private truth(expression: unknown): boolean {
    const v = this.evaluate(expression);
    if (typeof v !== 'boolean') throw new Error(`a condition evaluated to ${JSON.stringify(v)}, not true or false`);
    return v;
  }

  private evaluate(e: unknown): unknown {
    if (Array.isArray(e)) return e.map((x) => this.evaluate(x)).filter((x) => x !== NO_VALUE);
    if (e === null || typeof e !== 'object') return e;
    const entries = Object.entries(e as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      const intrinsic = this.intrinsic(key, arg);
      if (intrinsic.handled) return intrinsic.value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const value = this.evaluate(v);
      if (value !== NO_VALUE) out[k] = value;
    }
    return out;
  }

  private intrinsic(key: string, arg: unknown): { handled: boolean; value?: unknown } {
    const args = Array.isArray(arg) ? arg : [arg];
    switch (key) {
      case 'Ref':
        return { handled: true, value: this.ref(String(arg)) };
      case 'Condition':
        return { handled: true, value: this.condition(String(arg)) };
      case 'Fn::If':
        return { handled: true, value: this.condition(String(args[0])) ? this.evaluate(args[1]) : this.evaluate(args[2]) };
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.evaluate(x));
        if (a instanceof Unresolved || b instanceof Unresolved || a instanceof ResourceRef || b instanceof ResourceRef) {
          throw new Error(`Fn::Equals on a deploy-time value cannot be evaluated offline: ${JSON.stringify(args)}`);
        }
        return { handled: true, value: String(a) === String(b) };
      }
      case 'Fn::And':
        return { handled: true, value: args.every((x) => this.truth(x)) };
      case 'Fn::Or':
        return { handled: true, value: args.some((x) => this.truth(x)) };
      case 'Fn::Not':
        return { handled: true, value: !this.truth(args[0]) };
      case 'Fn::FindInMap': {
        const [map, top, second] = args.map((x) => this.evaluate(x));
        const value = this.template.Mappings?.[String(map)]?.[String(top)]?.[String(second)];
        return { handled: true, value: value === undefined ? new Unresolved(`Fn::FindInMap ${String(map)}.${String(top)}.${String(second)}`) : value };
      }
      case 'Fn::Select': {
        const index = Number(this.evaluate(args[0]));
        const list = this.evaluate(args[1]);
        return { handled: true, value: Array.isArray(list) ? list[index] : new Unresolved(`Fn::Select ${index}`) };
      }
      case 'Fn::Split': {
        const [separator, source] = [String(args[0]), this.evaluate(args[1])];
        return { handled: true, value: typeof source === 'string' ? source.split(separator) : new Unresolved('Fn::Split') };
      }
      case 'Fn::GetAZs':
        return { handled: true, value: PLACEHOLDER_AZS };
      case 'Fn::Join': {
        const parts = this.list(args[1]);
        const known = parts.every((p) => typeof p === 'string' || typeof p === 'number');
        return { handled: true, value: known ? parts.join(String(args[0])) : new Unresolved('Fn::Join') };
      }
      case 'Fn::GetAtt':
      case 'Fn::Sub':
      case 'Fn::Cidr':
      case 'Fn::ImportValue':
      case 'Fn::Base64':
      case 'Fn::GetAZ':
        return { handled: true, value: new Unresolved(key) };
      default:
        return { handled: false };
    }
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in this.parameters) {
      const type = this.template.Parameters?.[name]?.Type ?? 'String';
      const value = this.parameters[name];
      return type.startsWith('List<') || type === 'CommaDelimitedList' ? (value === '' ? [] : value.split(',')) : value;
    }
    if (name in this.template.Resources) return new ResourceRef(name);
    return new Unresolved(`Ref ${name}`);
  }
}
