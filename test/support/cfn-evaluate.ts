import type { CfnTemplate } from './catalog';

/**
 * Evaluates the parameter-dependent parts of a template for one set of launch parameters, as CloudFormation would:
 * Conditions, Fn::If, and Rules (Fn::Equals / Not / And / Or over parameter values). Enough to ask "in per-az mode,
 * where does this route go?" or "which Rule rejects these parameters?" without deploying. Other intrinsics are left
 * as they are.
 */
export type LaunchParameters = Record<string, string>;

type Expr = unknown;

function parameterValues(template: CfnTemplate, given: LaunchParameters): LaunchParameters {
  const values: LaunchParameters = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    if (p.Default !== undefined) values[name] = String(p.Default);
  }
  for (const [name, value] of Object.entries(given)) {
    if (!(name in (template.Parameters ?? {}))) throw new Error(`the template has no parameter ${name}`);
    values[name] = value;
  }
  return values;
}

function scalar(expr: Expr, values: LaunchParameters): unknown {
  if (expr && typeof expr === 'object' && 'Ref' in expr) {
    const name = (expr as { Ref: string }).Ref;
    if (!(name in values)) throw new Error(`no value for parameter ${name}`);
    return values[name];
  }
  return expr;
}

function condition(template: CfnTemplate, expr: Expr, values: LaunchParameters): boolean {
  const e = expr as Record<string, Expr[] | string>;
  if ('Condition' in e) return condition(template, template.Conditions?.[e.Condition as string], values);
  if ('Fn::Equals' in e) {
    const [a, b] = e['Fn::Equals'] as Expr[];
    return scalar(a, values) === scalar(b, values);
  }
  if ('Fn::Not' in e) return !condition(template, (e['Fn::Not'] as Expr[])[0], values);
  if ('Fn::And' in e) return (e['Fn::And'] as Expr[]).every((x) => condition(template, x, values));
  if ('Fn::Or' in e) return (e['Fn::Or'] as Expr[]).some((x) => condition(template, x, values));
  throw new Error(`cannot evaluate condition ${JSON.stringify(expr)}`);
}

/** The value of a named condition of the template for these parameters (defaults for the rest). */
export function conditionValue(template: CfnTemplate, name: string, given: LaunchParameters = {}): boolean {
  if (!template.Conditions?.[name]) throw new Error(`the template has no condition ${name}`);
  return condition(template, { Condition: name }, parameterValues(template, given));
}

/** A template value with every Fn::If decided for these parameters. */
export function resolveIfs(template: CfnTemplate, value: unknown, given: LaunchParameters = {}): unknown {
  const values = parameterValues(template, given);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Fn::If' in o) {
        const [name, whenTrue, whenFalse] = o['Fn::If'] as [string, unknown, unknown];
        return walk(condition(template, { Condition: name }, values) ? whenTrue : whenFalse);
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value);
}

/** The logical ids of the resources a launch with these parameters creates (their Condition holds). */
export function createdResources(template: CfnTemplate, given: LaunchParameters = {}): string[] {
  const values = parameterValues(template, given);
  return Object.entries(template.Resources)
    .filter(([, r]) => !r.Condition || condition(template, { Condition: r.Condition }, values))
    .map(([id]) => id);
}

/** The AssertDescription of every Rule assertion these parameters break: CloudFormation rejects the launch with it. */
export function failedRuleAssertions(template: CfnTemplate, given: LaunchParameters = {}): string[] {
  const values = parameterValues(template, given);
  const failed: string[] = [];
  for (const rule of Object.values(template.Rules ?? {}) as { RuleCondition?: Expr; Assertions: { Assert: Expr; AssertDescription: string }[] }[]) {
    if (rule.RuleCondition !== undefined && !condition(template, rule.RuleCondition, values)) continue;
    for (const a of rule.Assertions) if (!condition(template, a.Assert, values)) failed.push(a.AssertDescription);
  }
  return failed;
}

/** The names of the outputs a launch with these parameters shows (their Condition holds). */
export function createdOutputs(template: CfnTemplate, given: LaunchParameters = {}): string[] {
  const values = parameterValues(template, given);
  return Object.entries(template.Outputs ?? {})
    .filter(([, o]) => {
      const name = (o as { Condition?: string }).Condition;
      return !name || condition(template, { Condition: name }, values);
    })
    .map(([id]) => id);
}
