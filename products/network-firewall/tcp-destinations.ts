import { CfnCondition, Fn, type CfnParameter } from 'aws-cdk-lib';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

/**
 * Non-web destinations: the customer's allowlist of destination CIDR + TCP port pairs (a database outside AWS on
 * 5432, 1521, 3306, 5439, 1433 …), rendered into Suricata pass rules of a rule group of their own that the policy
 * evaluates before the non-web drop (strict order).
 */

export const TCP_DESTINATIONS_PARAMETER = 'AllowedTcpDestinations';

/** How many CIDR:port pairs a launch may allow. */
export const MAX_TCP_DESTINATIONS = 10;

/**
 * Capacity of the rule group, fixed at creation (Network Firewall developer guide, "nwfw-rule-group-capacity"): a
 * simple Suricata rule with one destination and one port takes one unit. Headroom so a later version can allow more
 * pairs in the same rule group; never lower it (a changed capacity replaces the named rule group, which fails).
 */
export const TCP_DESTINATIONS_CAPACITY = 50;

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/**
 * Public unicast destinations only: not 0/8 (this network), 10/8, 172.16/12, 192.168/16 (private: the agent's VPC
 * never routes them through the NAT), 127/8 (loopback), 169.254/16 (link-local), 100.64/10 (shared address space),
 * nor 224/3 (multicast and reserved).
 */
const NOT_SPECIAL = '(?!(0|10|127|22[4-9]|2[3-5][0-9])\\.)(?!172\\.(1[6-9]|2[0-9]|3[01])\\.)(?!192\\.168\\.)(?!169\\.254\\.)(?!100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.)';
/** /16 to /32: a destination, not a part of the internet (0.0.0.0/0 and every range wider than a /16 are refused). */
const PREFIX = '(3[0-2]|2[0-9]|1[6-9])';
/** 1 to 65535, and not 80 or 443: web traffic is governed by the domain allowlist (TLS SNI / HTTP Host). */
const PORT = '(?!(80|443)(,|$))(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})';
const PAIR = `${NOT_SPECIAL}${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/${PREFIX}:${PORT}`;

/** Empty, or up to MAX_TCP_DESTINATIONS `CIDR:port` pairs separated by commas (no spaces). */
export const TCP_DESTINATIONS_PATTERN = `^$|^${PAIR}(,${PAIR}){0,${MAX_TCP_DESTINATIONS - 1}}$`;

export const TCP_DESTINATIONS_CONSTRAINT =
  `must be empty or up to ${MAX_TCP_DESTINATIONS} destinations CIDR:port separated by commas without spaces, e.g. 203.0.113.10/32:5432,198.51.100.0/24:1521. ` +
  'Each CIDR is a public IPv4 range of /16 to /32 (not 0.0.0.0/0, not a private, loopback, link-local, shared or multicast range), ' +
  'each port 1 to 65535 but not 80 or 443 (web traffic goes through AdditionalAllowedDomains).';

/**
 * A slot no pair fills renders as a pass rule to 127.0.0.1/32 port 9: loopback never leaves a host (RFC 1122 3.2.1.3),
 * so the rule can never match traffic the firewall sees. Padding keeps every slot a valid rule with its own sid (Suricata
 * needs one per rule), without a condition per slot: CloudFormation has no list length outside a transform.
 */
export const UNUSED_SLOT = '127.0.0.1/32:9';

/** The first sid of the pass rules (the non-web drop rules are 1000001-1000003). */
export const FIRST_TCP_DESTINATION_SID = 1001001;

export function tcpDestinationsParameter(stack: CatalogProductStack, group: string): CfnParameter {
  return stack.consoleParameters.add(TCP_DESTINATIONS_PARAMETER, {
    group,
    label: 'Allowed non-web destinations (CIDR:port)',
    description:
      `TCP destinations outside AWS the agent may reach besides web traffic, e.g. a database: up to ${MAX_TCP_DESTINATIONS} pairs CIDR:port separated by commas ` +
      '(203.0.113.10/32:5432,198.51.100.0/24:1521). Every other non-web connection is dropped and named in the firewall alert log. Empty: none.',
    type: 'String',
    default: '',
    allowedPattern: TCP_DESTINATIONS_PATTERN,
    constraintDescription: TCP_DESTINATIONS_CONSTRAINT,
  });
}

/**
 * The Suricata rules, one pass rule per slot in strict order: `pass tcp $HOME_NET any -> <cidr> <port>` on the packets
 * towards the server (flow:to_server). A pass match lets the rest of the flow through uninspected (Network Firewall
 * developer guide, "suricata-rule-evaluation-order": "If a packet within a flow matches a rule containing pass action,
 * then Suricata doesn't scan the other packets in that flow"), so the replies come back.
 */
export function tcpDestinationRules(parameter: CfnParameter, hasDestinations: CfnCondition): string {
  const padding = Array.from({ length: MAX_TCP_DESTINATIONS }, () => UNUSED_SLOT);
  // The given pairs first, then padding: slot i is the i-th pair, or UNUSED_SLOT.
  const padded = Fn.conditionIf(
    hasDestinations.logicalId,
    Fn.split(',', Fn.join(',', [parameter.valueAsString, ...padding])),
    padding,
  );
  const rules = Array.from({ length: MAX_TCP_DESTINATIONS }, (_, i) => {
    const pair = Fn.split(':', Fn.select(i, padded as unknown as string[]));
    return Fn.join('', [
      'pass tcp $HOME_NET any -> ',
      Fn.select(0, pair),
      ' ',
      Fn.select(1, pair),
      ` (msg:"agent egress: allowed by ${TCP_DESTINATIONS_PARAMETER} slot ${i + 1}"; flow:to_server; sid:${FIRST_TCP_DESTINATION_SID + i}; rev:1;)`,
    ]);
  });
  return Fn.join('\n', rules);
}

/** The rule group of the customer's TCP destinations (created even when empty: its capacity is fixed at creation). */
export function tcpDestinationsRuleGroup(stack: CatalogProductStack, parameter: CfnParameter): { ruleGroup: nfw.CfnRuleGroup; hasDestinations: CfnCondition } {
  const hasDestinations = new CfnCondition(stack, 'HasAllowedTcpDestinations', { expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')) });
  const ruleGroup = new nfw.CfnRuleGroup(stack, 'EgressTcpDestinationAllowlist', {
    ruleGroupName: Fn.sub('${AWS::StackName}-tcp-destinations'),
    type: 'STATEFUL',
    capacity: TCP_DESTINATIONS_CAPACITY,
    description: `Non-web TCP destinations the agent may reach (${TCP_DESTINATIONS_PARAMETER}); evaluated before the non-web drop.`,
    ruleGroup: {
      statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      rulesSource: { rulesString: tcpDestinationRules(parameter, hasDestinations) },
    },
  });
  return { ruleGroup, hasDestinations };
}
