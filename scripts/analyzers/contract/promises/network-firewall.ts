import { NETWORK_PROMISES, type EgressPromise } from '../../../../products/shared/network-promises';
import { azPairLabels, type AzSlot } from '../availability-zones';
import { policyFindings } from '../firewall-policy';
import type { NetworkModel, RouteTarget } from '../network-model';
import { describeRoute, egressPath, nextSubnet, type Hop } from '../paths';
import { routeForSubnet } from '../routing';
import { CANNOT_PROVE, type PromiseResult } from '../types';
import { bypassFindings } from './bypass';
import { templateSubnets, unknownTarget } from './common';
import { checkTcpDestinations } from './tcp-destinations';

/** The shared promise definition this check proves (products/shared/network-promises.ts; test/network-promises.test.ts). */
export const NETWORK_FIREWALL_PROVES: EgressPromise = 'only-via-same-az-firewall';
export const NETWORK_FIREWALL_PROMISE = NETWORK_PROMISES['network-firewall'].statement;

/**
 * network-firewall: per AZ, every internet-bound path of the agent crosses a firewall endpoint before the internet
 * gateway, every hop in the agent subnet's AZ, and the replies come back through the same endpoint. Two layouts:
 * NAT before the firewall (agent → NAT → firewall → IGW: the IGW edge route table sends the NAT subnet's CIDR to the
 * endpoint) and firewall before NAT (agent → firewall → NAT → IGW: the NAT subnet's route table sends the agent
 * subnet's CIDR to the endpoint). Network Firewall does not support asymmetric routing (developer guide,
 * "asymmetric-routing", "arch-igw-ngw").
 */
export function checkNetworkFirewall(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  for (const subnet of templateSubnets(model)) {
    const path = egressPath(model, subnet);
    const az = path.hops[0].az;
    for (const hop of path.hops) {
      if (!hop.route) continue;
      const target = hop.route.target;
      if (target.kind === 'firewall-endpoint' && target.problem) findings.push(`${hop.route.table}: ${hop.route.destination} route ${hop.route.id} ${target.problem}`);
      const targetAz = azOfTarget(model, target);
      if (az && targetAz && az.key !== targetAz.key) {
        const [targetLabel, azLabel] = azPairLabels(targetAz, az);
        findings.push(
          `${hop.route.table}: ${hop.route.destination} → ${shortTarget(target)} in ${targetLabel}, but agent subnet ${subnet} is in ${azLabel}: ` +
            "each AZ's egress must cross its own AZ's NAT gateway and firewall endpoint",
        );
      }
    }
    const last = path.hops[path.hops.length - 1];
    const mainRoutes = path.hops.map((h) => h.route?.id).join(' ');
    if (path.end !== 'internet') {
      findings.push(
        last.route
          ? `${unknownTarget(last.route.target)}${describeRoute(model, last.route)}: egress of agent subnet ${subnet} does not reach the internet gateway`
          : `${last.routeTable ?? `subnet ${last.subnet}`}: no 0.0.0.0/0 route; egress of agent subnet ${subnet} stops there`,
      );
    } else if (!path.hops.some((h) => h.route?.target.kind === 'firewall-endpoint')) {
      findings.push(`${describeRoute(model, last.route!)}: egress of agent subnet ${subnet} reaches the internet gateway without crossing a firewall endpoint (firewall bypassed)`);
    } else findings.push(...returnFindings(model, subnet, path.hops));
    // Every other way out for internet destinations (::/0, 0.0.0.0/1, a public CIDR, a prefix list), in any subnet of the path.
    findings.push(
      ...bypassFindings(model, subnet, (p) => {
        if (p.hops.map((h) => h.route?.id).join(' ') === mainRoutes) return undefined;
        if (!p.hops.slice(0, -1).some((h) => h.route?.target.kind === 'firewall-endpoint') && p.hops[p.hops.length - 1].route?.target.kind !== 'firewall-endpoint') {
          return 'reach the internet without crossing a firewall endpoint (firewall bypassed)';
        }
        return undefined;
      }),
    );
  }
  findings.push(...policyFindings(model));
  const destinations = checkTcpDestinations(model);
  findings.push(...destinations.findings);
  return { findings, notes: destinations.notes };
}

/**
 * Replies must cross the same endpoint as the request. The request crossed the firewall carrying the address of
 * `before` (the agent subnet, or the NAT subnet when the NAT is before the firewall); the replies come back to
 * `before` through whatever is after the firewall: the internet gateway (its edge route table decides) or a NAT
 * gateway (its subnet's route table decides).
 */
function returnFindings(model: NetworkModel, agentSubnet: string, hops: Hop[]): string[] {
  const k = hops.findIndex((h) => h.route?.target.kind === 'firewall-endpoint');
  const endpoint = hops[k].route!.target as Extract<RouteTarget, { kind: 'firewall-endpoint' }>;
  const natBefore = [...hops.slice(0, k)].reverse().find((h) => h.route?.target.kind === 'nat-gateway');
  const before = natBefore ? nextSubnet(model, natBefore.route!.target)! : agentSubnet;
  const after = hops[k + 1]?.route?.target;
  let tables: string[];
  let where: string;
  if (!after || after.kind === 'internet-gateway') {
    if (model.edgeRouteTables.size === 0) {
      return [
        `no internet gateway edge route table (AWS::EC2::GatewayRouteTableAssociation): replies to ${before} (egress of agent subnet ${agentSubnet}) ` +
          `enter without crossing ${endpoint.firewall} (asymmetric routing)`,
      ];
    }
    tables = [...model.edgeRouteTables.keys()];
    where = tables.join(', ');
  } else if (after.kind === 'nat-gateway' && model.natGateways.get(after.id)?.subnet) {
    const natSubnet = model.natGateways.get(after.id)!.subnet!;
    const table = model.subnets.get(natSubnet)?.routeTable;
    if (!table) return [`${natSubnet} (subnet of ${after.id}) has no route table association: replies to ${before} cannot be shown to cross ${endpoint.firewall}`];
    tables = [table];
    where = table;
  } else {
    return [`${CANNOT_PROVE}after ${endpoint.firewall} the egress of agent subnet ${agentSubnet} goes to ${shortTarget(after)}; how its replies come back is not modelled`];
  }
  const { route, unknown } = routeForSubnet(model, tables, before);
  if (unknown && (!route || route.target.kind !== 'firewall-endpoint')) return [`${CANNOT_PROVE}${unknown}; whether replies to ${before} cross ${endpoint.firewall} is not known`];
  if (!route) {
    return [`${where}: no route for ${before} CIDR; replies to agent subnet ${agentSubnet} enter without crossing ${endpoint.firewall} (asymmetric routing)`];
  }
  const target = route.target;
  if (target.kind !== 'firewall-endpoint' || target.firewall !== endpoint.firewall || (target.az && endpoint.az && target.az.key !== endpoint.az.key)) {
    const targetAz = target.kind === 'firewall-endpoint' ? target.az : undefined;
    const [targetLabel, outboundLabel] = targetAz && endpoint.az ? azPairLabels(targetAz, endpoint.az) : [targetAz?.label, endpoint.az?.label];
    return [
      `${route.table}: ${route.destination} → ${shortTarget(target)}${targetLabel ? ` in ${targetLabel}` : ''}, but egress of agent subnet ${agentSubnet} leaves through ${endpoint.firewall}` +
        `${outboundLabel ? ` in ${outboundLabel}` : ''}: replies must return through the same firewall endpoint`,
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
