/**
 * What a changed parameter default does to a provisioned product whose update does not keep the previous value.
 *
 * An update keeps a parameter's value only when the caller says so (UpdateProvisioningParameter `UsePreviousValue`,
 * which `catalog upgrade` passes and the console pre-fills); a caller that omits the parameter gets the template's
 * default (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_UpdateProvisioningParameter.html). So a default
 * that switches a Condition switches resources on or off exactly for those updates: this names them.
 */
import type { CfnTemplate } from './types';

export interface DefaultConsequences {
  /** Resources that exist under the old default and not under the new one: deleted by an update that omits the value. */
  readonly removed: string[];
  /** Resources that exist only under the new default. */
  readonly added: string[];
}

/**
 * Resources of `to` whose existence differs between the parameter at `oldDefault` and at `newDefault` (every other
 * parameter at its default). Conditions this evaluator cannot read (other than Fn::Equals of a parameter and a literal,
 * Not, And, Or, Condition) count as unchanged.
 */
export function defaultConsequences(to: CfnTemplate, parameter: string, oldDefault: unknown, newDefault: unknown): DefaultConsequences {
  const exists = (value: unknown) => {
    const values = new Map(Object.entries(to.Parameters ?? {}).map(([name, p]) => [name, p.Default === undefined ? undefined : String(p.Default)]));
    values.set(parameter, String(value));
    const memo = new Map<string, boolean | undefined>();
    const condition = (name: string): boolean | undefined => {
      if (!memo.has(name)) {
        memo.set(name, undefined);
        memo.set(name, evaluate(to.Conditions?.[name], values, condition));
      }
      return memo.get(name);
    };
    return new Map(
      Object.entries(to.Resources).map(([id, r]) => [id, typeof r.Condition === 'string' ? condition(r.Condition) : true]),
    );
  };
  const before = exists(oldDefault);
  const after = exists(newDefault);
  const ids = Object.keys(to.Resources).filter((id) => before.get(id) !== undefined && after.get(id) !== undefined && before.get(id) !== after.get(id));
  return { removed: ids.filter((id) => before.get(id)), added: ids.filter((id) => after.get(id)) };
}

function evaluate(node: unknown, values: Map<string, string | undefined>, condition: (name: string) => boolean | undefined): boolean | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  if (typeof o.Condition === 'string') return condition(o.Condition);
  const all = (list: unknown) => (Array.isArray(list) ? list.map((n) => evaluate(n, values, condition)) : [undefined]);
  if (Array.isArray(o['Fn::Not'])) {
    const v = evaluate(o['Fn::Not'][0], values, condition);
    return v === undefined ? undefined : !v;
  }
  if (o['Fn::And'] !== undefined) {
    const v = all(o['Fn::And']);
    return v.includes(false) ? false : v.includes(undefined) ? undefined : true;
  }
  if (o['Fn::Or'] !== undefined) {
    const v = all(o['Fn::Or']);
    return v.includes(true) ? true : v.includes(undefined) ? undefined : false;
  }
  if (Array.isArray(o['Fn::Equals'])) {
    const [a, b] = o['Fn::Equals'].map((x) => scalar(x, values));
    return a === undefined || b === undefined ? undefined : a === b;
  }
  return undefined;
}

function scalar(value: unknown, values: Map<string, string | undefined>): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  return typeof ref === 'string' ? values.get(ref) : undefined;
}
