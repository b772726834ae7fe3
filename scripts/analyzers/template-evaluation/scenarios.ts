import type { CfnResource, CfnTemplate } from '../upgrade-diff/types';

/**
 * One launch of a template as far as its Conditions are concerned: a value for every condition. The contract is
 * checked in every scenario, so a promise that holds only for some parameter values is caught (e.g. a route that
 * is `Fn::If [OneNatPerAz, ...]`). Conditions are resolved consistently within a scenario: the same condition
 * never picks one branch in one resource and the other branch in another.
 */
export interface Scenario {
  /** Condition name → its value in this scenario. */
  readonly conditions: ReadonlyMap<string, boolean>;
  /**
   * The values of the parameters the Conditions compare (`ANOTHER_VALUE`: a value no condition names). Parameters not
   * here are free: `resolve` gives them a symbolic value, never their default.
   */
  readonly parameters: ReadonlyMap<string, string>;
  /** Parameter values (different from the default) that select this scenario, for messages; empty for the defaults. */
  readonly description: string;
}

/** A parameter value no Condition compares with: any other value the user may give. */
export const ANOTHER_VALUE = '\u0000other';

/**
 * Full enumeration up to this many combinations (2^10: nat-gateway's three NAT modes make 320, private-link with
 * private DNS for three endpoint services 1024); beyond, a pairwise covering set is analysed and nothing is proven.
 */
export const MAX_SCENARIOS = 1024;

type Atom = { kind: 'parameter'; parameter: string; value: string } | { kind: 'free'; key: string };

/** Which scenarios were chosen, and how much of the launch space they cover. */
export interface ScenarioPlan {
  /** The distinct scenarios to analyse; `scenarios[0]` is the launch with default values. */
  readonly scenarios: Scenario[];
  /** How many combinations of the deciding parameter values (and free comparisons) exist. */
  readonly combinations: number;
  /** True when every combination was examined; false when only a pairwise covering set was. */
  readonly exhaustive: boolean;
  /** How many combinations were examined (before removing those giving the same scenario). */
  readonly examined: number;
  /** The parameters whose values decide the relevant Conditions. */
  readonly parameters: string[];
  /** Conditions nothing relevant depends on: held at their default-launch value. */
  readonly ignoredConditions: string[];
}

export interface ScenarioOptions {
  /**
   * Which resources the analysis reads. Only Conditions these depend on (their `Condition`, `Fn::If` in their
   * properties, the `Condition` of each resource they reference, and conditions those conditions use) decide
   * scenarios; the others are held at their default-launch value. Default: every resource.
   */
  readonly relevant?: (id: string, resource: CfnResource) => boolean;
  /** Whether Outputs are read too (default true). */
  readonly outputs?: boolean;
  /** Full enumeration up to this many combinations (default MAX_SCENARIOS). */
  readonly limit?: number;
}

/**
 * Every distinct combination of condition values the template's parameters can produce. A condition is evaluated
 * from `Fn::Equals` of a parameter and a literal (the parameter takes each literal it is compared with, its
 * default, and "some other value"); any other comparison is a free boolean.
 */
export function enumerateScenarios(template: CfnTemplate): Scenario[] {
  return planScenarios(template).scenarios;
}

/**
 * The scenarios an analysis must examine, chosen by what the Conditions depend on.
 *
 * Soundness rule: a Condition that none of the relevant resources or outputs reaches (directly, through a resource
 * it references, or through another condition) cannot change any value the analysis reads, so holding it at its
 * default loses nothing. Every combination of the remaining parameters is examined when there are at most `limit`;
 * beyond that a pairwise covering set is (every pair of values of two parameters appears in some scenario), and
 * `exhaustive` is false: a verdict must then not claim to hold for the combinations never examined.
 */
export function planScenarios(template: CfnTemplate, options: ScenarioOptions = {}): ScenarioPlan {
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  const relevantConditions = relevantConditionNames(template, conditions, options);
  const atoms = new Map<string, Atom>();
  for (const name of relevantConditions) collectAtoms(conditions[name], template, atoms);
  const ignoredAtoms = new Map<string, Atom>();
  for (const [name, definition] of Object.entries(conditions)) if (!relevantConditions.has(name)) collectAtoms(definition, template, ignoredAtoms);

  const domains = new Map<string, string[]>();
  const free: string[] = [];
  for (const atom of atoms.values()) {
    if (atom.kind === 'free') free.push(atom.key);
    else domains.set(atom.parameter, [...new Set([...(domains.get(atom.parameter) ?? []), atom.value])]);
  }
  const defaults = new Map<string, string>();
  const defaultOf = (parameter: string) => {
    const fallback = template.Parameters?.[parameter]?.Default;
    return fallback === undefined ? ANOTHER_VALUE : String(fallback);
  };
  for (const [parameter, values] of domains) {
    const def = defaultOf(parameter);
    defaults.set(parameter, def);
    // The default first, so the first scenario is the launch with default values. "Some other value" is an allowed
    // value no condition names, or none when every allowed value is named.
    const allowed = listOfStrings(template.Parameters?.[parameter]?.AllowedValues);
    const other = allowed ? allowed.filter((v) => !values.includes(v)).slice(0, 1) : [ANOTHER_VALUE];
    domains.set(parameter, [...new Set([def, ...values, ...other])]);
  }
  const heldValues = new Map<string, string>();
  for (const atom of ignoredAtoms.values()) if (atom.kind === 'parameter' && !domains.has(atom.parameter)) heldValues.set(atom.parameter, defaultOf(atom.parameter));

  // One axis per parameter and per free comparison; each row picks a value index per axis (0: the default).
  const axes: { name: string; size: number }[] = [...[...domains].map(([p, d]) => ({ name: p, size: d.length })), ...free.map((k) => ({ name: k, size: 2 }))];
  const combinations = axes.reduce((n, a) => n * a.size, 1);
  const limit = options.limit ?? MAX_SCENARIOS;
  const exhaustive = combinations <= limit;
  const rows = exhaustive ? allRows(axes.map((a) => a.size)) : pairwiseRows(axes.map((a) => a.size));

  const parameters = [...domains.keys()];
  const conditionNames = Object.keys(conditions);
  const seen = new Set<string>();
  const scenarios: Scenario[] = [];
  for (const row of rows) {
    const assignment = {
      values: new Map<string, string>([...heldValues, ...parameters.map((p, i): [string, string] => [p, domains.get(p)![row[i]]])]),
      free: new Map(free.map((k, j): [string, boolean] => [k, row[parameters.length + j] === 0])),
    };
    const values = evaluateConditions(template, assignment);
    // Same conditions and parameter values: the same scenario (rows differing only in free comparisons may agree).
    let key = parameters.map((_, i) => row[i]).join(',') + '|';
    for (const name of conditionNames) key += values.get(name) ? '1' : '0';
    if (seen.has(key)) continue;
    const scenarioParameters = new Map(parameters.map((p) => [p, assignment.values.get(p)!]));
    seen.add(key);
    const changed = [...scenarioParameters].filter(([p, v]) => v !== defaults.get(p));
    const description = changed.map(([p, v]) => `${p}=${v === ANOTHER_VALUE ? '<another value>' : JSON.stringify(v)}`).join(', ');
    scenarios.push({ conditions: values, parameters: scenarioParameters, description });
  }
  if (scenarios.length === 0) scenarios.push({ conditions: new Map(), parameters: new Map(), description: '' });
  return {
    scenarios,
    combinations,
    exhaustive,
    examined: rows.length,
    parameters: axes.map((a) => a.name),
    ignoredConditions: Object.keys(conditions).filter((c) => !relevantConditions.has(c)),
  };
}

function listOfStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function allRows(sizes: number[]): number[][] {
  let rows: number[][] = [[]];
  for (const size of sizes) rows = rows.flatMap((r) => Array.from({ length: size }, (_, v) => [...r, v]));
  return rows;
}

/**
 * A pairwise covering set, greedy: the default row first, then rows that each cover as many uncovered pairs
 * (axis i = a, axis j = b) as they can, until every pair is covered.
 */
function pairwiseRows(sizes: number[]): number[][] {
  const uncovered = new Set<string>();
  const pair = (i: number, a: number, j: number, b: number) => `${i}:${a}|${j}:${b}`;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) for (let a = 0; a < sizes[i]; a++) for (let b = 0; b < sizes[j]; b++) uncovered.add(pair(i, a, j, b));
  const rows: number[][] = [];
  const cover = (row: number[]) => {
    for (let i = 0; i < row.length; i++) for (let j = i + 1; j < row.length; j++) uncovered.delete(pair(i, row[i], j, row[j]));
    rows.push(row);
  };
  cover(sizes.map(() => 0));
  while (uncovered.size) {
    const [first] = uncovered;
    const m = /^(\d+):(\d+)\|(\d+):(\d+)$/.exec(first)!.slice(1).map(Number);
    const row: (number | undefined)[] = sizes.map(() => undefined);
    row[m[0]] = m[1];
    row[m[2]] = m[3];
    for (let k = 0; k < sizes.length; k++) {
      if (row[k] !== undefined) continue;
      let best = 0;
      let bestGain = -1;
      for (let v = 0; v < sizes[k]; v++) {
        let gain = 0;
        row.forEach((w, i) => {
          if (w !== undefined && i !== k && uncovered.has(i < k ? pair(i, w, k, v) : pair(k, v, i, w))) gain++;
        });
        if (gain > bestGain) [best, bestGain] = [v, gain];
      }
      row[k] = best;
    }
    cover(row as number[]);
  }
  return rows;
}

/** The conditions the relevant resources and outputs depend on, closed over conditions that use conditions. */
function relevantConditionNames(template: CfnTemplate, conditions: Record<string, unknown>, options: ScenarioOptions): Set<string> {
  if (!options.relevant) return new Set(Object.keys(conditions));
  const names = new Set<string>();
  const resources = (template.Resources ?? {}) as Record<string, CfnResource>;
  const existence = (id: string) => {
    const condition = (resources[id] as { Condition?: unknown } | undefined)?.Condition;
    if (typeof condition === 'string') names.add(condition);
  };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource === null || typeof resource !== 'object' || !options.relevant(id, resource)) continue;
    existence(id);
    conditionsUsed(resource.Properties, names);
    for (const referenced of referencedNames(resource.Properties)) existence(referenced);
  }
  if (options.outputs !== false) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output === null || typeof output !== 'object') continue;
      if (typeof output.Condition === 'string') names.add(output.Condition);
      conditionsUsed(output.Value, names);
      for (const referenced of referencedNames(output.Value)) existence(referenced);
    }
  }
  const queue = [...names];
  while (queue.length) {
    const used = new Set<string>();
    conditionsUsed(conditions[queue.pop()!], used);
    for (const u of used) {
      if (names.has(u)) continue;
      names.add(u);
      queue.push(u);
    }
  }
  return names;
}

/** Condition names used inside an expression: `Fn::If` and `{Condition: X}`. */
function conditionsUsed(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => conditionsUsed(n, into));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const branches = o['Fn::If'];
    if (Array.isArray(branches) && typeof branches[0] === 'string') into.add(branches[0]);
    if (typeof o.Condition === 'string') into.add(o.Condition);
    Object.values(o).forEach((n) => conditionsUsed(n, into));
  }
}

/** Logical ids an expression references (`Ref`, `Fn::GetAtt`, `${X}` and `${X.Attr}` in `Fn::Sub`). */
function referencedNames(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => referencedNames(n, into));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.Ref === 'string') into.add(o.Ref);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') into.add(getAtt[0]);
    if (typeof getAtt === 'string') into.add(getAtt.split('.')[0]);
    const sub = o['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    for (const m of text?.matchAll(/\$\{([^}!.]+)/g) ?? []) into.add(m[1]);
    Object.values(o).forEach((n) => referencedNames(n, into));
  }
  return into;
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
export function resourceExists(resource: unknown, scenario: Scenario): boolean {
  if (resource === null || typeof resource !== 'object') return false;
  const condition = (resource as { Condition?: unknown }).Condition;
  return typeof condition !== 'string' || (scenario.conditions.get(condition) ?? true);
}

/**
 * The scenario of one launch with the given parameter values, every other parameter at its default (a comparison
 * with anything but a parameter counts as true, as in the default launch). Used to compare an update with values.
 */
export function scenarioForValues(template: CfnTemplate, given: ReadonlyMap<string, string>): Scenario {
  const values = new Map<string, string>();
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) if (parameter.Default !== undefined) values.set(name, String(parameter.Default));
  for (const [name, value] of given) values.set(name, value);
  const description = [...given].map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(', ');
  return { conditions: evaluateConditions(template, { values, free: new Map() }), parameters: values, description };
}

/** Every Condition of the template for one assignment of parameter values and free comparisons (a cycle reads true). */
function evaluateConditions(template: CfnTemplate, assignment: { values: Map<string, string>; free: Map<string, boolean> }): Map<string, boolean> {
  const conditions = template.Conditions ?? {};
  const decided = new Map<string, boolean>();
  const evaluate = (name: string, stack: string[] = []): boolean => {
    if (decided.has(name)) return decided.get(name)!;
    if (stack.includes(name)) return true;
    const value = evaluateCondition(conditions[name], template, assignment, (n) => evaluate(n, [...stack, name]));
    decided.set(name, value);
    return value;
  };
  for (const name of Object.keys(conditions)) evaluate(name);
  return decided;
}
