import { ANOTHER_VALUE, parseCidr, type Scenario, Unresolved } from '../../template-evaluation';
import { listOf, referencedId } from '../expressions';
import { isNonWebTcp, restrictedByOptions } from '../firewall-policy';
import type { NetworkModel } from '../network-model';
import { ipSetVariables, rulesStringOf } from '../suricata-rules';
import { CANNOT_PROVE, type PromiseResult } from '../types';

/**
 * network-firewall's non-web destinations: the Suricata pass rules of the policy's stateful rule groups, as the
 * template renders them. A pass rule for TCP to a port other than 80/443 whose destination is the whole internet
 * (0.0.0.0/0, any, $EXTERNAL_NET, a negation) or a range wider than a /16 defeats the default drop: a finding. Rules
 * built from a launch parameter the scenario leaves free are rendered with sample pairs (the scenario's other
 * values and conditions kept), and the parameter's AllowedPattern must refuse the nonsense a customer could type.
 * A rules string this analysis cannot read is reported by firewall-policy.ts (cannot prove), not again here.
 */

/** What a launch might pass: two pairs, as the parameter documents them. */
export const SAMPLE_PAIRS = '203.0.113.10/32:5432,198.51.100.0/24:1521';

/** Values an AllowedPattern for CIDR:port pairs must refuse. */
export const NONSENSE_PAIRS = ['0.0.0.0/0:5432', '203.0.113.0/8:5432', '10.0.0.0/16:5432', '203.0.113.10/32:0', '203.0.113.10/32:65536', '203.0.113.10:5432', '203.0.113.10/32:443'];

const MIN_PREFIX = 16;

interface PassRule {
  readonly group: string;
  readonly text: string;
  readonly destination: string;
  readonly port: string;
  /** 'whole', 'specific', or why the destination is not known to be specific (a finding). */
  readonly whole: string;
}

export function checkTcpDestinations(model: NetworkModel): Required<Pick<PromiseResult, 'findings' | 'notes'>> {
  const findings: string[] = [];
  const notes: string[] = [];
  const rules: PassRule[] = [];
  for (const group of referencedRuleGroups(model)) {
    const rulesString = (model.resources.get(group)?.Properties?.RuleGroup as { RulesSource?: { RulesString?: unknown } } | undefined)?.RulesSource?.RulesString;
    if (rulesString === undefined) continue;
    const parameters = parametersIn(rulesString, model).filter((p) => [undefined, ANOTHER_VALUE].includes(model.scenario.parameters.get(p)));
    const parsed = rulesStringOf(model, group, withSamples(model.scenario, parameters));
    if (parsed === undefined || parsed instanceof Unresolved) continue;
    for (const p of parameters) findings.push(...patternFindings(model, p));
    const variables = ipSetVariables(model, group);
    for (const rule of parsed) {
      if (rule.action !== 'pass' || !isNonWebTcp(rule) || restrictedByOptions(rule)) continue;
      rules.push({ group, text: rule.text.replace(/\s*\(.*$/, ''), destination: rule.destination, port: rule.port, whole: destinationKind(model, rule.destination, variables) });
    }
    if (parameters.length) notes.push(`${group}: pass rules rendered from ${parameters.join(', ')} (checked with ${SAMPLE_PAIRS})`);
  }
  for (const rule of rules) {
    if (rule.whole === 'whole') findings.push(`${rule.group}: "${rule.text}" lets the agent reach the whole internet on TCP ${rule.port}; a non-web destination must be a specific CIDR:port pair`);
    else if (rule.whole !== 'specific') findings.push(rule.whole.startsWith(CANNOT_PROVE) ? `${CANNOT_PROVE}${rule.group}: "${rule.text}": ${rule.whole.slice(CANNOT_PROVE.length)}` : `${rule.group}: "${rule.text}": ${rule.whole} on TCP ${rule.port}`);
  }
  const specific = rules.filter((r) => r.whole === 'specific');
  const inert = specific.filter((r) => r.destination.startsWith('127.'));
  const pairs = specific.filter((r) => !r.destination.startsWith('127.')).map((r) => `${r.destination}:${r.port}`);
  notes.push(
    `non-web TCP destinations allowed: ${pairs.length ? pairs.join(', ') : 'none'}` +
      (inert.length ? ` (${inert.length} unused slot${inert.length > 1 ? 's' : ''} pass only loopback ${inert[0].destination}:${inert[0].port}, which never reaches the firewall)` : ''),
  );
  return { findings, notes };
}

/** The scenario with the sample pairs for the parameters it leaves free (its conditions hold for any such value). */
function withSamples(scenario: Scenario, parameters: string[]): Scenario {
  if (parameters.length === 0) return scenario;
  return { ...scenario, parameters: new Map([...scenario.parameters, ...parameters.map((p) => [p, SAMPLE_PAIRS] as const)]) };
}

function referencedRuleGroups(model: NetworkModel): string[] {
  const groups = new Set<string>();
  for (const [, r] of model.resources) {
    if (r.Type !== 'AWS::NetworkFirewall::FirewallPolicy') continue;
    const policy = (r.Properties?.FirewallPolicy ?? {}) as { StatefulRuleGroupReferences?: unknown };
    for (const ref of listOf(policy.StatefulRuleGroupReferences)) {
      const id = referencedId((ref as { ResourceArn?: unknown }).ResourceArn);
      if (id) groups.add(id);
    }
  }
  return [...groups];
}

/**
 * 'whole' for `0.0.0.0/0`, `any`, `$EXTERNAL_NET`, a negation, any range wider than a /16, a list holding one, or an
 * IP set variable holding one; 'specific' for CIDRs of a /16 or narrower. A destination that is a launch parameter
 * (`${Name}`, left in place by the resolver) is specific only when its AllowedPattern refuses the whole internet and
 * wide ranges; anything else this analysis cannot read is unprovable.
 */
function destinationKind(model: NetworkModel, destination: string, variables: Map<string, string[]>, depth = 0): string {
  const d = destination.trim();
  if (d === 'any' || d === '$EXTERNAL_NET' || d.startsWith('!') || depth > 5) return 'whole';
  if (d.startsWith('[') && d.endsWith(']')) {
    const kinds = d.slice(1, -1).split(',').map((part) => destinationKind(model, part, variables, depth + 1));
    return kinds.find((k) => k === 'whole') ?? kinds.find((k) => k !== 'specific') ?? 'specific';
  }
  const variable = /^\$(\w+)$/.exec(d)?.[1];
  if (variable === 'HOME_NET') return 'specific';
  if (variable) {
    if (!variables.has(variable)) return `${CANNOT_PROVE}destination variable $${variable} is not an IP set of the rule group; what it holds is unknown`;
    return destinationKind(model, `[${variables.get(variable)!.join(',')}]`, variables, depth + 1);
  }
  const parameter = /^\$\{([\w:]+)\}$/.exec(d)?.[1];
  if (parameter && model.template.Parameters?.[parameter]) {
    const pattern = model.template.Parameters[parameter].AllowedPattern;
    const accepted = typeof pattern === 'string' ? WIDE_CIDRS.filter((c) => new RegExp(pattern).test(c)) : WIDE_CIDRS;
    return accepted.length ? `its destination is launch parameter ${parameter}, whose ${typeof pattern === 'string' ? `AllowedPattern accepts ${accepted.join(', ')}` : 'values no AllowedPattern restricts'}: a launch could let the agent reach the whole internet` : 'specific';
  }
  const cidr = parseCidr(d.includes('/') ? d : `${d}/32`);
  if (!cidr) return `${CANNOT_PROVE}destination ${d} is not a CIDR this analysis can read`;
  return cidr.prefix < MIN_PREFIX ? 'whole' : 'specific';
}

/** CIDRs a parameter used as a pass rule's destination must refuse: the whole internet and ranges wider than a /16. */
const WIDE_CIDRS = ['0.0.0.0/0', '203.0.113.0/8'];

function patternFindings(model: NetworkModel, parameter: string): string[] {
  const pattern = model.template.Parameters?.[parameter]?.AllowedPattern;
  if (typeof pattern !== 'string') return [`${parameter}: no AllowedPattern; a launch could pass rules for any destination (e.g. ${NONSENSE_PAIRS[0]})`];
  const regex = new RegExp(pattern);
  const accepted = NONSENSE_PAIRS.filter((v) => regex.test(v));
  return accepted.length ? [`${parameter}: AllowedPattern accepts ${accepted.join(', ')}; it must refuse the whole internet, wide ranges, private ranges and ports out of range`] : [];
}

function parametersIn(value: unknown, model: NetworkModel, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => parametersIn(v, model, into));
  else if (value !== null && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && model.template.Parameters?.[ref] && !into.includes(ref)) into.push(ref);
    else Object.values(value).forEach((v) => parametersIn(v, model, into));
  }
  return into;
}
