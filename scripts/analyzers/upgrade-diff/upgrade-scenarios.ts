/**
 * The launches an update can meet, as pairs of scenarios of the shared evaluator (template-evaluation/): one parameter
 * assignment read by both templates. An update keeps every parameter's previous value (UsePreviousValue) and gives a
 * parameter the template adds its default, so the old and the new template see the same values, and a new parameter
 * only its default.
 *
 * The shared `planScenarios` plans the scenarios of one template's Conditions; here it runs on one template holding the
 * Conditions of both (prefixed `from:` and `to:`), so each scenario fixes the conditions of both sides consistently.
 * Before that, a comparison of a new parameter with a literal is decided from its default (it has no other value on
 * an update), and a parameter used as a Mappings key with AllowedValues gets one comparison per allowed value, so that
 * each value's Mappings entry is looked up in a scenario of its own. Only the conditions that can change a finding are
 * varied (relevance.ts); the others keep the value they have in the launch with default values.
 */
import { enumerateScenarios, planScenarios, type Scenario } from '../template-evaluation';
import { relevance, type Relevance } from './relevance';
import type { CfnTemplate } from './types';

export interface UpgradeScenario {
  readonly from: Scenario;
  readonly to: Scenario;
  /** The parameter values that select it (`NatGatewayMode="per-az"`), or '' for the defaults. */
  readonly description: string;
}

const FROM = 'from:';
const TO = 'to:';

export interface UpgradeScenarioPlan {
  readonly scenarios: UpgradeScenario[];
  /** Whether every combination of the deciding parameter values was examined (else a pairwise covering set was). */
  readonly exhaustive: boolean;
  /** How many combinations exist (before those giving the same scenario are merged). */
  readonly combinations: number;
}

export function upgradeScenarios(from: CfnTemplate, to: CfnTemplate): UpgradeScenarioPlan {
  const added = Object.keys(to.Parameters ?? {}).filter((name) => !(name in (from.Parameters ?? {})));
  const defaults = new Map(added.flatMap((name) => (to.Parameters?.[name]?.Default === undefined ? [] : [[name, String(to.Parameters[name].Default)] as const])));
  // The previous template's declaration rules what an existing product can hold (its default and allowed values).
  const parameters = { ...(to.Parameters ?? {}), ...(from.Parameters ?? {}) };
  const relevant = relevance(from, to);
  const combined: CfnTemplate = {
    Parameters: parameters,
    Conditions: decided(
      { ...prefixed(from.Conditions, FROM, relevant.from), ...prefixed(to.Conditions, TO, relevant.to), ...mappingKeyConditions(from, to, parameters, relevant) },
      defaults,
    ),
    Resources: {},
  };
  const fixedFrom = defaultLaunch(from, relevant.from);
  const fixedTo = defaultLaunch(to, relevant.to);
  const scenarios: UpgradeScenario[] = [];
  const plan = planScenarios(combined);
  for (const scenario of plan.scenarios) {
    // A parameter new in `to` has its default on an update: other values of it are not an upgrade scenario.
    if ([...defaults].some(([name, value]) => scenario.parameters.has(name) && scenario.parameters.get(name) !== value)) continue;
    // An existing product holds a value its template allowed: a value only the new template allows (NatGatewayMode
    // "regional" from v1.1.0) is a parameter change, not an update that keeps the launch's values (`--to-parameter`).
    if ([...scenario.parameters].some(([name, value]) => !allowedBefore(from, name, value))) continue;
    const parameters = new Map([...scenario.parameters, ...defaults]);
    scenarios.push({
      from: { conditions: new Map([...fixedFrom, ...unprefixed(scenario.conditions, FROM)]), parameters, description: scenario.description },
      to: { conditions: new Map([...fixedTo, ...unprefixed(scenario.conditions, TO)]), parameters, description: scenario.description },
      description: scenario.description,
    });
  }
  return { scenarios, exhaustive: plan.exhaustive, combinations: plan.combinations };
}

function allowedBefore(from: CfnTemplate, name: string, value: string): boolean {
  const allowed = from.Parameters?.[name]?.AllowedValues;
  return !Array.isArray(allowed) || allowed.map(String).includes(value);
}

/** The values of the conditions that do not matter, as the launch with default values has them. */
function defaultLaunch(template: CfnTemplate, mattering: ReadonlySet<string>): Map<string, boolean> {
  const defaults = enumerateScenarios({ Parameters: template.Parameters, Conditions: template.Conditions, Resources: {} })[0];
  return new Map([...defaults.conditions].filter(([name]) => !mattering.has(name)));
}

/**
 * `Fn::Equals` of a parameter in `values` and a literal becomes the boolean it is (the shared evaluator reads a
 * boolean condition as itself and enumerates nothing for it).
 */
function decided(conditions: Record<string, unknown>, values: ReadonlyMap<string, string>): Record<string, unknown> {
  const decide = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(decide);
    if (node === null || typeof node !== 'object') return node;
    const equals = (node as Record<string, unknown>)['Fn::Equals'];
    if (Array.isArray(equals) && equals.length === 2) {
      for (const [ref, literal] of [[equals[0], equals[1]], [equals[1], equals[0]]]) {
        const name = (ref as { Ref?: unknown } | null)?.Ref;
        if (typeof name === 'string' && values.has(name) && ['string', 'number', 'boolean'].includes(typeof literal)) return values.get(name) === String(literal);
      }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, decide(value)]));
  };
  return Object.fromEntries(Object.entries(conditions).map(([name, definition]) => [name, decide(definition)]));
}

/**
 * One condition per allowed value of each parameter a `Fn::FindInMap` of either template is keyed by. Not referenced
 * by any resource; they only make the scenarios take each value. A key parameter without AllowedValues cannot be
 * enumerated: resolved-template.ts then compares the Mappings it reads as written.
 */
function mappingKeyConditions(from: CfnTemplate, to: CfnTemplate, parameters: Record<string, { AllowedValues?: unknown[] }>, relevant: Relevance): Record<string, unknown> {
  const keys = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (node === null || typeof node !== 'object') return;
    const lookup = (node as Record<string, unknown>)['Fn::FindInMap'];
    // Only tables that differ: a key of an unchanged table gives the same entry on both sides.
    if (Array.isArray(lookup) && typeof lookup[0] === 'string' && relevant.mappings.has(lookup[0])) {
      for (const key of lookup.slice(1, 3)) {
        const name = (key as { Ref?: unknown } | null)?.Ref;
        if (typeof name === 'string' && Array.isArray(parameters[name]?.AllowedValues)) keys.add(name);
      }
    }
    Object.values(node).forEach(collect);
  };
  collect([...relevant.touched].map((id) => [from.Resources[id], to.Resources[id]]));
  return Object.fromEntries([...keys].flatMap((name) => parameters[name].AllowedValues!.map((value) => [`mapping key:${name}=${String(value)}`, { 'Fn::Equals': [{ Ref: name }, value] }])));
}

/** The conditions in `only` renamed with `prefix`, including their references to each other (`{Condition: X}`). */
function prefixed(conditions: Record<string, unknown> | undefined, prefix: string, only: ReadonlySet<string>): Record<string, unknown> {
  const rename = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rename);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'Condition' && typeof value === 'string' ? `${prefix}${value}` : rename(value)]));
  };
  return Object.fromEntries(Object.entries(conditions ?? {}).filter(([name]) => only.has(name)).map(([name, definition]) => [`${prefix}${name}`, rename(definition)]));
}

function unprefixed(conditions: ReadonlyMap<string, boolean>, prefix: string): Map<string, boolean> {
  return new Map([...conditions].filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value]));
}
