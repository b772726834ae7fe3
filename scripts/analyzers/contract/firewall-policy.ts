import { Unresolved } from '../template-evaluation';
import { listOf, objectsOf, referencedId } from './expressions';
import type { NetworkModel } from './network-model';
import { ipSetVariables, onlyPorts, rulesStringOf, type SuricataRule } from './suricata-rules';
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
  let unknownGroups = false;
  for (const reference of objectsOf(policy.StatefulRuleGroupReferences)) {
    const group = referencedId(reference.ResourceArn);
    if (!group || model.resources.get(group)?.Type !== 'AWS::NetworkFirewall::RuleGroup') {
      findings.push(`${CANNOT_PROVE}${id}: stateful rule group ${group ?? JSON.stringify(reference.ResourceArn)} is not in this template; what it passes is unknown`);
      unknownGroups = true;
      continue;
    }
    const result = statefulGroup(model, group);
    findings.push(...result.bypasses.map((b) => `${group} (priority ${String(reference.Priority)}): ${b}, so the allowlist is bypassed`), ...result.unknown);
    restricting ||= result.restricts;
    unknownGroups ||= result.unknown.length > 0;
  }
  if (!restricting) {
    // With a group this analysis cannot read, the allowlist may be there: unprovable rather than absent.
    findings.push(`${unknownGroups ? CANNOT_PROVE : ''}${id}: no stateful rule group with a domain ALLOWLIST for TLS_SNI and HTTP_HOST, nor restricted pass rules (TLS SNI, HTTP host or a destination CIDR and port)`);
  }
  return findings;
}

/** A stateful rule group: its unrestricted pass rules, and whether it allows only listed destinations. */
function statefulGroup(model: NetworkModel, id: string): { bypasses: string[]; unknown: string[]; restricts: boolean } {
  const ruleGroup = asObject(model.resources.get(id)?.Properties?.RuleGroup);
  const source = asObject(ruleGroup.RulesSource);
  const list = asObject(source.RulesSourceList);
  if (list.GeneratedRulesType !== undefined) {
    const types = listOf(list.TargetTypes).map(String);
    return { bypasses: [], unknown: [], restricts: list.GeneratedRulesType === 'ALLOWLIST' && types.includes('TLS_SNI') && types.includes('HTTP_HOST') };
  }
  const variables = ipSetVariables(model, id);
  const rules: SuricataRule[] = [];
  const unknown: string[] = [];
  // Rules built with Fn::Sub/Fn::Join from parameters are read with `${Parameter}` in place of the launch's value.
  const suricata = rulesStringOf(model, id);
  if (suricata instanceof Unresolved) unknown.push(`${CANNOT_PROVE}${id}: ${suricata.toString()}; what its rules pass is unknown`);
  else if (suricata) rules.push(...suricata);
  for (const rule of objectsOf(source.StatefulRules)) {
    const header = asObject(rule.Header);
    const options = objectsOf(rule.RuleOptions).map((o) => `${String(o.Keyword)}${o.Settings === undefined ? '' : `:${listOf(o.Settings).join(',')}`}`);
    rules.push({ action: String(rule.Action).toLowerCase(), protocol: String(header.Protocol).toLowerCase(), destination: String(header.Destination), port: String(header.DestinationPort), options: options.join('; '), text: JSON.stringify(header) });
  }
  const passes = rules.filter((r) => r.action === 'pass');
  const unrestricted = passes.filter((r) => !restricted(r, variables));
  // A TCP pass rule reaching a port other than 80/443 is judged once, by its destination (promises/tcp-destinations.ts).
  const bypasses = unrestricted.filter((r) => !isNonWebTcp(r)).map((r) => `pass rule "${r.text.length > 120 ? `${r.text.slice(0, 117)}...` : r.text}" passes ${r.protocol} traffic to any destination without a restriction`);
  return { bypasses, unknown, restricts: passes.length > 0 && unrestricted.length === 0 && unknown.length === 0 };
}

/** Web ports: what the domain allowlist (TLS SNI, HTTP host) governs; every other TCP port needs a listed destination. */
export const WEB_PORTS = [80, 443];

/** A TCP rule whose ports are not only 80/443 (or not known): its destination must be a specific CIDR. */
export function isNonWebTcp(rule: Pick<SuricataRule, 'protocol' | 'port'>): boolean {
  return rule.protocol === 'tcp' && !onlyPorts(rule.port, WEB_PORTS);
}

const RESTRICTING_OPTION = /(^|[;\s])(tls\.sni|tls_sni|http\.host|http_host|content|pcre|ja3\.hash|ja4\.hash|tls\.cert_subject|tls\.cert_issuer|dotprefix)\b/i;

/** Restricted by what it matches (TLS SNI, HTTP host, content…) or only the TCP handshake, whatever the destination. */
export function restrictedByOptions(rule: SuricataRule): boolean {
  // Only the TCP handshake: the established flow still needs a pass rule, or the default drop takes it.
  return RESTRICTING_OPTION.test(rule.options) || /flow\s*:[^;]*not_established/i.test(rule.options);
}

function restricted(rule: SuricataRule, variables: Map<string, string[]>): boolean {
  return restrictedByOptions(rule) || !destinationIsAny(rule.destination, variables);
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
