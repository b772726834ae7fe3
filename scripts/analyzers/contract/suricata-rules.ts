import { findUnresolved, Resolver, textOf, Unresolved, type Scenario } from '../template-evaluation';
import type { NetworkModel } from './network-model';

/**
 * The Suricata rules of a Network Firewall rule group, read once for every check of the policy (firewall-policy.ts:
 * unrestricted pass rules; promises/tcp-destinations.ts: non-web TCP destinations). Rule format and port syntax:
 * https://docs.suricata.io/en/latest/rules/intro.html (ports: `80`, `[80,443]`, `1024:`, `:1023`, `1:1024`, `!80`,
 * `any`, `$VAR`); Network Firewall: https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-examples.html
 */
export interface SuricataRule {
  readonly action: string;
  readonly protocol: string;
  readonly destination: string;
  readonly port: string;
  readonly options: string;
  /** The whole line as written. */
  readonly text: string;
}

/** Suricata rules, one a line: `action proto src sport -> dst dport (options)`; comments and blank lines skipped. */
export function parseSuricata(text: string): SuricataRule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => {
      const m = /^(\w+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(?:->|<>)\s+(\S+)\s+(\S+)\s*(?:\((.*)\))?\s*$/.exec(line);
      return m ? [{ action: m[1].toLowerCase(), protocol: m[2].toLowerCase(), destination: m[5], port: m[6], options: m[7] ?? '', text: line }] : [];
    });
}

/**
 * The RulesString of rule group `id` in `scenario` (default: the model's): its rules, or why it cannot be read (an
 * imported value, a custom resource…). Undefined when the group has no RulesString (a domain list or structured
 * rules). Rendered once per distinct value of what the group depends on (TemplateIndex.read): a RulesString built
 * from parameters is large, and most scenarios render it the same.
 */
export function rulesStringOf(model: NetworkModel, id: string, scenario: Scenario = model.scenario): readonly SuricataRule[] | Unresolved | undefined {
  const raw = ((model.template.Resources[id]?.Properties?.RuleGroup as Record<string, unknown> | undefined)?.RulesSource as Record<string, unknown> | undefined)?.RulesString;
  if (raw === undefined) return undefined;
  return model.index.read(id, scenario, () => {
    const resolver = scenario === model.scenario ? model.resolver : new Resolver(model.template, scenario);
    const value = resolver.value(raw, `${id}.RuleGroup.RulesSource.RulesString`);
    const text = textOf(value);
    if (text !== undefined && !(value instanceof Unresolved)) return parseSuricata(text);
    return findUnresolved(value) ?? new Unresolved(`${id}.RuleGroup.RulesSource.RulesString`, 'RulesString is not a string');
  }, 'rules-string');
}

/** The rule group's IP set variables (`RuleVariables.IPSets`): name → its CIDRs, as the model read them. */
export function ipSetVariables(model: NetworkModel, id: string): Map<string, string[]> {
  const variables = new Map<string, string[]>();
  const sets = ((model.resources.get(id)?.Properties?.RuleGroup as { RuleVariables?: { IPSets?: unknown } } | undefined)?.RuleVariables?.IPSets ?? {}) as Record<string, unknown>;
  for (const [name, set] of Object.entries(sets)) {
    const definition = (set as { Definition?: unknown } | null)?.Definition;
    variables.set(name, (Array.isArray(definition) ? definition : definition === undefined ? [] : [definition]).map(String));
  }
  return variables;
}

/** Inclusive port ranges. */
type PortRanges = ReadonlyArray<readonly [number, number]>;
const ALL_PORTS: PortRanges = [[0, 65535]];

/**
 * The ports a Suricata port specification matches, or undefined when it names a variable (`$HTTP_PORTS`) or is
 * malformed: then which ports it covers is unknown.
 */
export function portsOf(spec: string): PortRanges | undefined {
  const s = spec.trim();
  if (s === 'any') return ALL_PORTS;
  if (s.startsWith('!')) {
    const inner = portsOf(s.slice(1));
    return inner && subtract(ALL_PORTS, inner);
  }
  if (s.startsWith('[') && s.endsWith(']')) {
    const parts = splitTopLevel(s.slice(1, -1));
    if (parts.some((p) => p === '')) return undefined;
    const positive: Array<readonly [number, number]> = [];
    const negative: Array<readonly [number, number]> = [];
    for (const part of parts) {
      const ranges = portsOf(part.startsWith('!') ? part.slice(1) : part);
      if (!ranges) return undefined;
      (part.startsWith('!') ? negative : positive).push(...ranges);
    }
    // `[1:100,!50]` is 1-100 without 50; a list of negations only is every port but those.
    return subtract(positive.length ? positive : ALL_PORTS, negative);
  }
  const range = /^(\d*):(\d*)$/.exec(s);
  if (range && (range[1] || range[2])) {
    const [low, high] = [range[1] ? Number(range[1]) : 0, range[2] ? Number(range[2]) : 65535];
    return low <= high && high <= 65535 ? [[low, high]] : undefined;
  }
  if (/^\d+$/.test(s) && Number(s) <= 65535) return [[Number(s), Number(s)]];
  return undefined;
}

/** Whether every port the specification matches is one of `allowed`; false when the ports are unknown. */
export function onlyPorts(spec: string, allowed: readonly number[]): boolean {
  const ranges = portsOf(spec);
  return ranges !== undefined && ranges.every(([low, high]) => high - low < allowed.length && Array.from({ length: high - low + 1 }, (_, i) => low + i).every((p) => allowed.includes(p)));
}

function subtract(from: PortRanges, remove: PortRanges): PortRanges {
  let result = from.map(([l, h]) => [l, h] as const);
  for (const [rl, rh] of remove) {
    result = result.flatMap(([l, h]) => {
      if (rh < l || rl > h) return [[l, h] as const];
      const pieces: Array<readonly [number, number]> = [];
      if (rl > l) pieces.push([l, rl - 1]);
      if (rh < h) pieces.push([rh + 1, h]);
      return pieces;
    });
  }
  return result;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}
