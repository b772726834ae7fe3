import { listOf, referencedId } from '../expressions';
import type { NetworkModel } from '../network-model';
import { evaluateExpression } from '../string-evaluation';
import type { PromiseResult } from '../types';

/**
 * network-firewall's non-web destinations: the Suricata pass rules of the policy's stateful rule groups, as the
 * template renders them. A pass rule for TCP to the whole internet (0.0.0.0/0, any, $EXTERNAL_NET) or to a range wider
 * than a /16 on a non-web port defeats the default drop: a finding. Rules built from a launch parameter are rendered
 * with sample pairs, and the parameter's AllowedPattern must refuse the nonsense a customer could type.
 */

/** What a launch might pass: two pairs, as the parameter documents them. */
export const SAMPLE_PAIRS = '203.0.113.10/32:5432,198.51.100.0/24:1521';

/** Values an AllowedPattern for CIDR:port pairs must refuse. */
export const NONSENSE_PAIRS = ['0.0.0.0/0:5432', '203.0.113.0/8:5432', '10.0.0.0/16:5432', '203.0.113.10/32:0', '203.0.113.10/32:65536', '203.0.113.10:5432', '203.0.113.10/32:443'];

const WEB_PORTS = new Set(['80', '443']);
const MIN_PREFIX = 16;

interface PassRule {
  readonly group: string;
  readonly text: string;
  readonly destination: string;
  readonly port: string;
}

export function checkTcpDestinations(model: NetworkModel): Required<Pick<PromiseResult, 'findings' | 'notes'>> {
  const findings: string[] = [];
  const notes: string[] = [];
  const rules: PassRule[] = [];
  for (const group of referencedRuleGroups(model)) {
    const rulesString = (model.resources.get(group)?.Properties?.RuleGroup as { RulesSource?: { RulesString?: unknown } } | undefined)?.RulesSource?.RulesString;
    if (rulesString === undefined) continue;
    const parameters = parametersIn(rulesString, model);
    const values = new Map(parameters.map((p) => [p, SAMPLE_PAIRS]));
    const rendered = evaluateExpression(rulesString, (name) => values.get(name) ?? defaultOf(model, name));
    if (typeof rendered !== 'string') {
      findings.push(`${group}: RulesString does not render to Suricata rules${parameters.length ? ` for ${parameters.map((p) => `${p}=${SAMPLE_PAIRS}`).join(', ')}` : ''}`);
      continue;
    }
    for (const p of parameters) findings.push(...patternFindings(model, p));
    for (const line of rendered.split('\n')) {
      const m = /^pass\s+tcp\s+\S+\s+\S+\s+->\s+(\S+)\s+(\S+)/.exec(line.trim());
      if (m) rules.push({ group, text: line.trim().replace(/\s*\(.*$/, ''), destination: m[1], port: m[2] });
    }
    if (parameters.length) notes.push(`${group}: pass rules rendered from ${parameters.join(', ')} (checked with ${SAMPLE_PAIRS})`);
  }
  for (const rule of rules) {
    if (WEB_PORTS.has(rule.port)) continue;
    if (wholeInternet(rule.destination)) {
      findings.push(`${rule.group}: "${rule.text}" lets the agent reach the whole internet on TCP ${rule.port}; a non-web destination must be a specific CIDR:port pair`);
    }
  }
  const specific = rules.filter((r) => !wholeInternet(r.destination) && !WEB_PORTS.has(r.port));
  const inert = specific.filter((r) => r.destination.startsWith('127.'));
  const pairs = specific.filter((r) => !r.destination.startsWith('127.')).map((r) => `${r.destination}:${r.port}`);
  notes.push(
    `non-web TCP destinations allowed: ${pairs.length ? pairs.join(', ') : 'none'}` +
      (inert.length ? ` (${inert.length} unused slot${inert.length > 1 ? 's' : ''} pass only loopback ${inert[0].destination}:${inert[0].port}, which never reaches the firewall)` : ''),
  );
  return { findings, notes };
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

/** `0.0.0.0/0`, `any`, `$EXTERNAL_NET`, a negation, or any range wider than a /16. */
function wholeInternet(destination: string): boolean {
  if (['any', '$EXTERNAL_NET', '0.0.0.0/0'].includes(destination) || destination.startsWith('!') || destination.startsWith('[')) return true;
  const prefix = /\/(\d+)$/.exec(destination);
  return prefix ? Number(prefix[1]) < MIN_PREFIX : false;
}

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

function defaultOf(model: NetworkModel, parameter: string): string | undefined {
  const value = model.template.Parameters?.[parameter]?.Default;
  return value === undefined ? undefined : String(value);
}
