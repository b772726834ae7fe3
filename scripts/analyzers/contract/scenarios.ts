import type { CfnTemplate } from '../upgrade-diff/types';

/**
 * One launch of a template as far as its Conditions are concerned: a value for every condition. The contract is
 * checked in every scenario, so a promise that holds only for some parameter values is caught (e.g. a route that
 * is `Fn::If [OneNatPerAz, ...]`). Conditions are resolved consistently within a scenario: the same condition
 * never picks one branch in one resource and the other branch in another.
 */
export interface Scenario {
  /** Condition name → its value in this scenario. */
  readonly conditions: ReadonlyMap<string, boolean>;
  /** Parameter values (different from the default) that select this scenario, for messages; empty for the defaults. */
  readonly description: string;
}

/** At most this many scenarios are analysed (2^10; nat-gateway with three NAT modes has 384); beyond, only the default launch and its complement are. */
const MAX_SCENARIOS = 1024;
const OTHER_VALUE = '\u0000other';

type Atom = { kind: 'parameter'; parameter: string; value: string } | { kind: 'free'; key: string };

/**
 * Every distinct combination of condition values the template's parameters can produce. A condition is evaluated
 * from `Fn::Equals` of a parameter and a literal (the parameter takes each literal it is compared with, its
 * default, and "some other value"); any other comparison is a free boolean.
 */
export function enumerateScenarios(template: CfnTemplate): Scenario[] {
  const conditions = template.Conditions ?? {};
  const atoms = new Map<string, Atom>();
  for (const definition of Object.values(conditions)) collectAtoms(definition, template, atoms);

  const domains = new Map<string, string[]>();
  const free: string[] = [];
  for (const atom of atoms.values()) {
    if (atom.kind === 'free') free.push(atom.key);
    else domains.set(atom.parameter, [...new Set([...(domains.get(atom.parameter) ?? []), atom.value])]);
  }
  const defaults = new Map<string, string>();
  for (const [parameter, values] of domains) {
    const fallback = template.Parameters?.[parameter]?.Default;
    const def = fallback === undefined ? OTHER_VALUE : String(fallback);
    defaults.set(parameter, def);
    // The default first, so the first scenario is the launch with default values. "Some other value" is an allowed
    // value no condition names, or none when every allowed value is named.
    const allowed = template.Parameters?.[parameter]?.AllowedValues?.map(String);
    const other = allowed ? allowed.filter((v) => !values.includes(v)).slice(0, 1) : [OTHER_VALUE];
    domains.set(parameter, [...new Set([def, ...values, ...other])]);
  }

  const assignments: { values: Map<string, string>; free: Map<string, boolean> }[] = [];
  const parameters = [...domains.keys()];
  const size = parameters.reduce((n, p) => n * domains.get(p)!.length, 1) * 2 ** free.length;
  if (size > MAX_SCENARIOS) {
    assignments.push({ values: defaults, free: new Map(free.map((k) => [k, true])) });
    assignments.push({ values: new Map(parameters.map((p) => [p, OTHER_VALUE])), free: new Map(free.map((k) => [k, false])) });
  } else {
    const walk = (i: number, values: Map<string, string>) => {
      if (i === parameters.length) {
        for (let mask = 0; mask < 2 ** free.length; mask++) {
          assignments.push({ values: new Map(values), free: new Map(free.map((k, j) => [k, (mask & (1 << j)) === 0])) });
        }
        return;
      }
      for (const value of domains.get(parameters[i])!) walk(i + 1, new Map([...values, [parameters[i], value]]));
    };
    walk(0, new Map());
  }

  const seen = new Set<string>();
  const scenarios: Scenario[] = [];
  for (const assignment of assignments) {
    const values = evaluateConditions(template, assignment);
    const key = JSON.stringify([...values]);
    if (seen.has(key)) continue;
    seen.add(key);
    const changed = [...assignment.values].filter(([p, v]) => v !== defaults.get(p));
    const description = changed.map(([p, v]) => `${p}=${v === OTHER_VALUE ? '<another value>' : JSON.stringify(v)}`).join(', ');
    scenarios.push({ conditions: values, description });
  }
  if (scenarios.length === 0) scenarios.push({ conditions: new Map(), description: '' });
  return scenarios;
}

/** Every condition of the template for one assignment of parameter values (and free comparisons). */
function evaluateConditions(template: CfnTemplate, assignment: { values: Map<string, string>; free: Map<string, boolean> }): Map<string, boolean> {
  const conditions = template.Conditions ?? {};
  const values = new Map<string, boolean>();
  const evaluate = (name: string, stack: string[] = []): boolean => {
    if (values.has(name)) return values.get(name)!;
    if (stack.includes(name)) return true;
    const value = evaluateCondition(conditions[name], template, assignment, (n) => evaluate(n, [...stack, name]));
    values.set(name, value);
    return value;
  };
  for (const name of Object.keys(conditions)) evaluate(name);
  return values;
}

/**
 * The scenario of one launch: the given parameter values, every other parameter at its default (a comparison with
 * anything but a parameter counts as true, as in the default scenario).
 */
export function scenarioForValues(template: CfnTemplate, given: ReadonlyMap<string, string>): Scenario {
  const values = new Map<string, string>();
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) if (parameter.Default !== undefined) values.set(name, String(parameter.Default));
  for (const [name, value] of given) values.set(name, value);
  const description = [...given].map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(', ');
  return { conditions: evaluateConditions(template, { values, free: new Map() }), description };
}

function collectAtoms(node: unknown, template: CfnTemplate, atoms: Map<string, Atom>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectAtoms(n, template, atoms));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const equals = (node as Record<string, unknown>)['Fn::Equals'];
  if (Array.isArray(equals)) {
    const atom = equalsAtom(equals, template);
    atoms.set(atomKey(atom), atom);
    return;
  }
  Object.values(node).forEach((n) => collectAtoms(n, template, atoms));
}

function equalsAtom([a, b]: unknown[], template: CfnTemplate): Atom {
  for (const [ref, literal] of [
    [a, b],
    [b, a],
  ]) {
    const parameter = (ref as { Ref?: unknown })?.Ref;
    if (typeof parameter === 'string' && template.Parameters?.[parameter] && (typeof literal === 'string' || typeof literal === 'number' || typeof literal === 'boolean')) {
      return { kind: 'parameter', parameter, value: String(literal) };
    }
  }
  return { kind: 'free', key: JSON.stringify([a, b]) };
}

function atomKey(atom: Atom): string {
  return atom.kind === 'free' ? `free:${atom.key}` : `param:${atom.parameter}=${atom.value}`;
}

function evaluateCondition(
  node: unknown,
  template: CfnTemplate,
  assignment: { values: Map<string, string>; free: Map<string, boolean> },
  condition: (name: string) => boolean,
): boolean {
  if (node === null || typeof node !== 'object') return Boolean(node);
  const o = node as Record<string, unknown>;
  const recurse = (n: unknown) => evaluateCondition(n, template, assignment, condition);
  if (typeof o.Condition === 'string') return condition(o.Condition);
  if (Array.isArray(o['Fn::Not'])) return !recurse(o['Fn::Not'][0]);
  if (Array.isArray(o['Fn::And'])) return o['Fn::And'].every(recurse);
  if (Array.isArray(o['Fn::Or'])) return o['Fn::Or'].some(recurse);
  if (Array.isArray(o['Fn::Equals'])) {
    const atom = equalsAtom(o['Fn::Equals'], template);
    if (atom.kind === 'free') return assignment.free.get(atom.key) ?? true;
    return assignment.values.get(atom.parameter) === atom.value;
  }
  return true;
}

/**
 * The value of a template expression in a scenario: every `Fn::If` replaced by its chosen branch, and
 * `AWS::NoValue` removed from lists and objects.
 */
export function resolveConditions(value: unknown, scenario: Scenario): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveConditions(v, scenario)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if ((o as { Ref?: unknown }).Ref === 'AWS::NoValue') return NO_VALUE;
  const branches = o['Fn::If'];
  if (Array.isArray(branches) && branches.length === 3 && typeof branches[0] === 'string') {
    return resolveConditions(scenario.conditions.get(branches[0]) ?? true ? branches[1] : branches[2], scenario);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const r = resolveConditions(v, scenario);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Whether a resource exists in a scenario (its `Condition`, if any, is true). */
export function resourceExists(resource: { Condition?: unknown }, scenario: Scenario): boolean {
  return typeof resource.Condition !== 'string' || (scenario.conditions.get(resource.Condition) ?? true);
}
