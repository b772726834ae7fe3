import type { AzSlot } from '../availability-zones';
import { listOf, referencedId } from '../expressions';
import type { NetworkModel, RouteTarget } from '../network-model';
import { describeRoute, egressPath, returnRoute } from '../paths';
import type { PromiseResult } from '../types';
import { templateSubnets } from './common';
import { checkTcpDestinations } from './tcp-destinations';

export const NETWORK_FIREWALL_PROMISE =
  "all agent egress and its return cross the same AZ's firewall endpoint; the firewall allows only allowlisted domains over TLS/HTTP and the listed non-web CIDR:port pairs (strict order, default drop)";

/**
 * network-firewall: per AZ, agent → NAT → firewall endpoint → internet gateway, every hop in the agent subnet's AZ,
 * and the internet gateway's edge route table returns the NAT subnet's traffic through the same endpoint. Network
 * Firewall does not support asymmetric routing (developer guide, "asymmetric-routing", "arch-igw-ngw").
 */
export function checkNetworkFirewall(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  for (const subnet of templateSubnets(model)) {
    const path = egressPath(model, subnet);
    const az = path.hops[0].az;
    let firewallHop: { firewall: string; az?: AzSlot } | undefined;
    for (const hop of path.hops) {
      if (!hop.route) continue;
      const target = hop.route.target;
      if (target.kind === 'firewall-endpoint' && target.problem) findings.push(`${hop.route.table}: ${hop.route.destination} route ${hop.route.id} ${target.problem}`);
      else if (target.kind === 'firewall-endpoint') firewallHop ??= { firewall: target.firewall, az: target.az };
      const targetAz = azOfTarget(model, target);
      if (az && targetAz && az.key !== targetAz.key) {
        findings.push(
          `${hop.route.table}: ${hop.route.destination} → ${shortTarget(target)} in ${targetAz.label}, but agent subnet ${subnet} is in ${az.label}: ` +
            "each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
        );
      }
    }
    const last = path.hops[path.hops.length - 1];
    if (path.end !== 'internet') {
      findings.push(
        last.route
          ? `${describeRoute(model, last.route)}: egress of agent subnet ${subnet} does not reach the internet gateway`
          : `${last.routeTable ?? `subnet ${last.subnet}`}: no 0.0.0.0/0 route; egress of agent subnet ${subnet} stops there`,
      );
    } else if (!path.hops.some((h) => h.route?.target.kind === 'firewall-endpoint')) {
      findings.push(`${describeRoute(model, last.route!)}: egress of agent subnet ${subnet} reaches the internet gateway without crossing a firewall endpoint (firewall bypassed)`);
    }
    if (path.end === 'internet' && firewallHop) findings.push(...returnFindings(model, subnet, path.sourceSubnet, firewallHop));
  }
  findings.push(...policyFindings(model));
  const destinations = checkTcpDestinations(model);
  findings.push(...destinations.findings);
  return { findings, notes: destinations.notes };
}

function returnFindings(model: NetworkModel, agentSubnet: string, sourceSubnet: string, outbound: { firewall: string; az?: AzSlot }): string[] {
  if (model.edgeRouteTables.size === 0) {
    return [
      `no internet gateway edge route table (AWS::EC2::GatewayRouteTableAssociation): replies to ${sourceSubnet} (egress of agent subnet ${agentSubnet}) ` +
        `enter without crossing ${outbound.firewall} (asymmetric routing)`,
    ];
  }
  const route = returnRoute(model, sourceSubnet);
  const edgeTable = [...model.edgeRouteTables.keys()].join(', ');
  if (!route) {
    return [`${edgeTable}: no route for ${sourceSubnet} CIDR; replies to agent subnet ${agentSubnet} enter without crossing ${outbound.firewall} (asymmetric routing)`];
  }
  const target = route.target;
  if (target.kind !== 'firewall-endpoint' || target.firewall !== outbound.firewall || (target.az && outbound.az && target.az.key !== outbound.az.key)) {
    const where = target.kind === 'firewall-endpoint' && target.az ? ` in ${target.az.label}` : '';
    return [
      `${route.table}: ${route.destination} → ${shortTarget(target)}${where}, but egress of agent subnet ${agentSubnet} leaves through ${outbound.firewall}` +
        `${outbound.az ? ` in ${outbound.az.label}` : ''}: replies must return through the same firewall endpoint`,
    ];
  }
  return [];
}

function azOfTarget(model: NetworkModel, target: RouteTarget): AzSlot | undefined {
  if (target.kind === 'nat-gateway') return model.natGateways.get(target.id)?.az;
  if (target.kind === 'firewall-endpoint') return target.az;
  return undefined;
}

function shortTarget(target: RouteTarget): string {
  if (target.kind === 'nat-gateway' || target.kind === 'internet-gateway' || target.kind === 'vpc-endpoint') return target.id;
  if (target.kind === 'firewall-endpoint') return `endpoint of ${target.firewall}`;
  return target.kind === 'leaves-vpc' ? target.detail : 'local';
}

/**
 * Each firewall's policy: strict rule order with a default drop of established traffic no rule passed, and a domain
 * allowlist for TLS SNI and HTTP Host (a domain list alone does not block other protocols: developer guide,
 * "stateful-rule-groups-domain-names").
 */
function policyFindings(model: NetworkModel): string[] {
  const findings: string[] = [];
  const firewalls = [...model.resources].filter(([, r]) => r.Type === 'AWS::NetworkFirewall::Firewall');
  const policies = new Set(firewalls.map(([, r]) => referencedId(r.Properties?.FirewallPolicyArn)).filter((p): p is string => !!p));
  for (const id of policies) {
    const policy = (model.resources.get(id)?.Properties?.FirewallPolicy ?? {}) as Record<string, unknown>;
    const order = (policy.StatefulEngineOptions as { RuleOrder?: unknown } | undefined)?.RuleOrder;
    if (order !== 'STRICT_ORDER') findings.push(`${id}: StatefulEngineOptions.RuleOrder is ${String(order ?? 'DEFAULT_ACTION_ORDER')}, expected STRICT_ORDER`);
    const defaults = listOf(policy.StatefulDefaultActions).map(String);
    if (!defaults.some((a) => a === 'aws:drop_established' || a === 'aws:drop_strict')) {
      findings.push(`${id}: StatefulDefaultActions ${JSON.stringify(defaults)} drop nothing; expected aws:drop_established or aws:drop_strict`);
    }
    const groups = listOf(policy.StatefulRuleGroupReferences).map((g) => referencedId((g as { ResourceArn?: unknown }).ResourceArn));
    const allowlist = groups.some((g) => {
      const list = ((model.resources.get(g ?? '')?.Properties?.RuleGroup as Record<string, unknown> | undefined)?.RulesSource as Record<string, unknown> | undefined)
        ?.RulesSourceList as { GeneratedRulesType?: unknown; TargetTypes?: unknown } | undefined;
      const types = listOf(list?.TargetTypes).map(String);
      return list?.GeneratedRulesType === 'ALLOWLIST' && types.includes('TLS_SNI') && types.includes('HTTP_HOST');
    });
    if (!allowlist) findings.push(`${id}: no stateful rule group with a domain ALLOWLIST for TLS_SNI and HTTP_HOST`);
  }
  if (firewalls.length === 0) findings.push('no AWS::NetworkFirewall::Firewall in the template');
  return findings;
}
