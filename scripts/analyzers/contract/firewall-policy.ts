import { listOf, objectsOf, referencedId } from './expressions';
import type { NetworkModel } from './network-model';
import { CANNOT_PROVE } from './types';

/**
 * Whether a Network Firewall policy really restricts agent egress to listed destinations. Accepted: strict rule
 * order, a default drop of established traffic (aws:drop_established / aws:drop_strict), stateless traffic forwarded
 * to the stateful engine, and an allowlist: a domain-list ALLOWLIST (TLS_SNI, HTTP_HOST), or Suricata/structured pass
 * rules each restricted (TLS SNI, HTTP host, content match, a specific destination CIDR, or only the TCP handshake).
 * Refused as bypasses: a stateless default or fragment default of aws:pass, a stateless rule that passes internet
 * traffic (it never reaches the stateful engine), and a stateful pass rule for any destination without a restriction
 * (in strict order it passes whatever reaches it, before the default drop). Developer guide: "stateless-default-actions",
 * "suricata-rule-evaluation-order", "stateful-rule-groups-domain-names".
 */
export function policyFindings(model: NetworkModel): string[] {
  const findings: string[] = [];
  const firewalls = [...model.resources].filter(([, r]) => r.Type === 'AWS::NetworkFirewall::Firewall');
  if (firewalls.length === 0) return ['no AWS::NetworkFirewall::Firewall in the template'];
  const policies = new Set<string>();
  for (const [id, r] of firewalls) {
    const policy = referencedId(r.Properties?.FirewallPolicyArn);
    if (policy && model.resources.get(policy)?.Type === 'AWS::NetworkFirewall::FirewallPolicy') policies.add(policy);
    else findings.push(`${CANNOT_PROVE}${id}: its FirewallPolicyArn is not a firewall policy of this template, so what it allows is unknown`);
  }
  for (const id of policies) findings.push(...checkPolicy(model, id));
  return findings;
}

function checkPolicy(model: NetworkModel, id: string): string[] {
  const findings: string[] = [];
  const policy = asObject(model.resources.get(id)?.Properties?.FirewallPolicy);
  const order = asObject(policy.StatefulEngineOptions).RuleOrder;
  if (order !== 'STRICT_ORDER') findings.push(`${id}: StatefulEngineOptions.RuleOrder is ${String(order ?? 'DEFAULT_ACTION_ORDER')}, expected STRICT_ORDER`);
  const defaults = listOf(policy.StatefulDefaultActions).map(String);
  if (!defaults.some((a) => a === 'aws:drop_established' || a === 'aws:drop_strict')) {
    findings.push(`${id}: StatefulDefaultActions ${JSON.stringify(defaults)} drop nothing; expected aws:drop_established or aws:drop_strict`);
  }
  for (const key of ['StatelessDefaultActions', 'StatelessFragmentDefaultActions']) {
    const actions = listOf(policy[key]).map(String);
    if (actions.includes('aws:pass')) findings.push(`${id}: ${key} is aws:pass: traffic no stateless rule matches skips the stateful rules (the allowlist is bypassed); use aws:forward_to_sfe`);
  }
  for (const reference of objectsOf(policy.StatelessRuleGroupReferences)) {
    const group = referencedId(reference.ResourceArn);
    const rules = objectsOf(asObject(asObject(asObject(model.resources.get(group ?? '')?.Properties?.RuleGroup).RulesSource).StatelessRulesAndCustomActions).StatelessRules);
    if (!group || !model.resources.has(group)) {
      findings.push(`${CANNOT_PROVE}${id}: stateless rule group ${group ?? JSON.stringify(reference.ResourceArn)} is not in this template; it may pass traffic past the stateful rules`);
      continue;
    }
    for (const rule of rules) {
      const definition = asObject(rule.RuleDefinition);
      const match = asObject(definition.MatchAttributes);
      const destinations = objectsOf(match.Destinations).map((d) => String(d.AddressDefinition));
      if (listOf(definition.Actions).map(String).includes('aws:pass') && (destinations.length === 0 || destinations.some(isAnyAddress))) {
        findings.push(`${group}: stateless rule priority ${String(rule.Priority)} passes traffic to ${destinations.length ? destinations.join(', ') : 'any destination'} without stateful inspection (the allowlist is bypassed)`);
      }
    }
  }
  let restricting = false;
  for (const reference of objectsOf(policy.StatefulRuleGroupReferences)) {
    const group = referencedId(reference.ResourceArn);
    if (!group || model.resources.get(group)?.Type !== 'AWS::NetworkFirewall::RuleGroup') {
      findings.push(`${CANNOT_PROVE}${id}: stateful rule group ${group ?? JSON.stringify(reference.ResourceArn)} is not in this template; what it passes is unknown`);
      continue;
    }
    const result = statefulGroup(model, group);
    findings.push(...result.bypasses.map((b) => `${group} (priority ${String(reference.Priority)}): ${b}, so the allowlist is bypassed`));
    restricting ||= result.restricts;
  }
  if (!restricting) {
    findings.push(`${id}: no stateful rule group with a domain ALLOWLIST for TLS_SNI and HTTP_HOST, nor restricted pass rules (TLS SNI, HTTP host or a destination CIDR and port)`);
  }
  return findings;
}

/** A stateful rule group: its unrestricted pass rules, and whether it allows only listed destinations. */
function statefulGroup(model: NetworkModel, id: string): { bypasses: string[]; restricts: boolean } {
  const ruleGroup = asObject(model.resources.get(id)?.Properties?.RuleGroup);
  const source = asObject(ruleGroup.RulesSource);
  const list = asObject(source.RulesSourceList);
  if (list.GeneratedRulesType !== undefined) {
    const types = listOf(list.TargetTypes).map(String);
    return { bypasses: [], restricts: list.GeneratedRulesType === 'ALLOWLIST' && types.includes('TLS_SNI') && types.includes('HTTP_HOST') };
  }
  const variables = new Map<string, string[]>();
  for (const [name, set] of Object.entries(asObject(asObject(ruleGroup.RuleVariables).IPSets))) variables.set(name, listOf(asObject(set).Definition).map(String));
  const rules: PassRule[] = [];
  if (typeof source.RulesString === 'string') rules.push(...parseSuricata(source.RulesString));
  for (const rule of objectsOf(source.StatefulRules)) {
    const header = asObject(rule.Header);
    const options = objectsOf(rule.RuleOptions).map((o) => `${String(o.Keyword)}${o.Settings === undefined ? '' : `:${listOf(o.Settings).join(',')}`}`);
    rules.push({ action: String(rule.Action).toLowerCase(), protocol: String(header.Protocol).toLowerCase(), destination: String(header.Destination), port: String(header.DestinationPort), options: options.join('; '), text: JSON.stringify(header) });
  }
  const passes = rules.filter((r) => r.action === 'pass');
  const bypasses = passes.filter((r) => !restricted(r, variables)).map((r) => `pass rule "${r.text.length > 120 ? `${r.text.slice(0, 117)}...` : r.text}" passes ${r.protocol} traffic to any destination without a restriction`);
  return { bypasses, restricts: passes.length > 0 && bypasses.length === 0 };
}

interface PassRule {
  readonly action: string;
  readonly protocol: string;
  readonly destination: string;
  readonly port: string;
  readonly options: string;
  readonly text: string;
}

/** Suricata rules, one a line: `action proto src sport -> dst dport (options)`; comments and blank lines skipped. */
export function parseSuricata(text: string): PassRule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => {
      const m = /^(\w+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(?:->|<>)\s+(\S+)\s+(\S+)\s*(?:\((.*)\))?\s*$/.exec(line);
      return m ? [{ action: m[1].toLowerCase(), protocol: m[2].toLowerCase(), destination: m[5], port: m[6], options: m[7] ?? '', text: line }] : [];
    });
}

const RESTRICTING_OPTION = /(^|[;\s])(tls\.sni|tls_sni|http\.host|http_host|content|pcre|ja3\.hash|ja4\.hash|tls\.cert_subject|tls\.cert_issuer|dotprefix)\b/i;

function restricted(rule: PassRule, variables: Map<string, string[]>): boolean {
  if (RESTRICTING_OPTION.test(rule.options)) return true;
  // Only the TCP handshake: the established flow still needs a pass rule, or the default drop takes it.
  if (/flow\s*:[^;]*not_established/i.test(rule.options)) return true;
  return !destinationIsAny(rule.destination, variables);
}

function destinationIsAny(destination: string, variables: Map<string, string[]>): boolean {
  const d = destination.trim();
  if (/^!/.test(d)) return true;
  if (d === 'any' || d === '$EXTERNAL_NET') return true;
  const variable = /^\$(\w+)$/.exec(d)?.[1];
  if (variable) return variable === 'HOME_NET' ? false : (variables.get(variable) ?? ['0.0.0.0/0']).some(isAnyAddress);
  return d.replace(/^\[|\]$/g, '').split(',').some((part) => isAnyAddress(part.trim()));
}

function isAnyAddress(cidr: string): boolean {
  return cidr === 'any' || cidr === '0.0.0.0/0' || cidr === '::/0';
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
