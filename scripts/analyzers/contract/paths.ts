import type { AzSlot } from './availability-zones';
import type { NetworkModel, Route, RouteTarget } from './network-model';

/** One hop of an egress path: leaving `subnet` by `route` of its route table. */
export interface Hop {
  readonly subnet: string;
  readonly az?: AzSlot;
  readonly routeTable?: string;
  /** The route taken (undefined: no route for the destination). */
  readonly route?: Route;
}

export type PathEnd = 'internet' | 'leaves-vpc' | 'no-route' | 'loop';

/** The path of internet-bound traffic (0.0.0.0/0) from one subnet. */
export interface EgressPath {
  readonly from: string;
  readonly hops: Hop[];
  readonly end: PathEnd;
  /** The subnet whose address the traffic carries when it reaches the internet gateway (the last NAT's, else the agent's). */
  readonly sourceSubnet: string;
}

export const DEFAULT_ROUTES = ['0.0.0.0/0'];

/** The route of a table that internet-bound IPv4 traffic takes (the 0.0.0.0/0 route). */
export function defaultRoute(model: NetworkModel, table: string | undefined): Route | undefined {
  return table ? model.routes.find((r) => r.table === table && DEFAULT_ROUTES.includes(r.destination)) : undefined;
}

/** Follows 0.0.0.0/0 from a subnet through NAT gateways and firewall endpoints until it leaves the VPC. */
export function egressPath(model: NetworkModel, from: string): EgressPath {
  const hops: Hop[] = [];
  let subnet: string | undefined = from;
  let sourceSubnet = from;
  const visited = new Set<string>();
  while (subnet) {
    if (visited.has(subnet)) return { from, hops, end: 'loop', sourceSubnet };
    visited.add(subnet);
    const info = model.subnets.get(subnet);
    const route = defaultRoute(model, info?.routeTable);
    hops.push({ subnet, az: info?.az, routeTable: info?.routeTable, route });
    if (!route) return { from, hops, end: 'no-route', sourceSubnet };
    const next = nextSubnet(model, route.target);
    if (route.target.kind === 'internet-gateway') return { from, hops, end: 'internet', sourceSubnet };
    // A regional NAT gateway has no subnet: AWS gives it a route table of its own with a route to the VPC's internet
    // gateway (VPC user guide, "nat-gateways-regional"); the nat-gateway promise checks that gateway is attached.
    if (route.target.kind === 'nat-gateway' && model.natGateways.get(route.target.id)?.availabilityMode === 'regional') return { from, hops, end: 'internet', sourceSubnet };
    if (route.target.kind === 'nat-gateway' && next) sourceSubnet = next;
    if (!next) return { from, hops, end: route.target.kind === 'local' ? 'no-route' : 'leaves-vpc', sourceSubnet };
    subnet = next;
  }
  return { from, hops, end: 'no-route', sourceSubnet };
}

/** The subnet a target sits in, where the path continues. */
export function nextSubnet(model: NetworkModel, target: RouteTarget): string | undefined {
  switch (target.kind) {
    case 'nat-gateway':
      return model.natGateways.get(target.id)?.subnet;
    case 'firewall-endpoint':
    case 'vpc-endpoint':
      return target.subnet;
    default:
      return undefined;
  }
}

/** Return traffic for addresses of `subnet` as it enters through the internet gateway: the edge route, if any. */
export function returnRoute(model: NetworkModel, subnet: string): Route | undefined {
  const edgeTables = [...model.edgeRouteTables.keys()];
  return model.routes.find((r) => edgeTables.includes(r.table) && r.destinationSubnet === subnet);
}

/** Describes a route target for people: `NatGateway1 (NAT gateway in NatSubnet1, AZ 1)`. */
export function describeTarget(model: NetworkModel, target: RouteTarget): string {
  switch (target.kind) {
    case 'internet-gateway':
      return `${target.id} (internet gateway)`;
    case 'nat-gateway': {
      const nat = model.natGateways.get(target.id);
      if (nat?.availabilityMode === 'regional') return `${target.id} (regional NAT gateway${nat.zoneAddresses ? '' : ', automatic address mode'})`;
      return `${target.id} (NAT gateway in ${nat?.subnet ?? 'an unknown subnet'}, ${nat?.az?.label ?? 'unknown AZ'})`;
    }
    case 'firewall-endpoint':
      return target.problem ? `an endpoint of firewall ${target.firewall}` : `endpoint of firewall ${target.firewall} (${target.subnet ?? 'unknown subnet'}, ${target.az?.label ?? 'unknown AZ'})`;
    case 'vpc-endpoint':
      return `VPC endpoint ${target.id}`;
    case 'leaves-vpc':
      return `${target.detail} (leaves the VPC, unknown)`;
    case 'local':
      return 'local';
  }
}

/** `NatSubnet1RouteTable: 0.0.0.0/0 → …`. */
export function describeRoute(model: NetworkModel, route: Route): string {
  return `${route.table}: ${route.destination} → ${describeTarget(model, route.target)}`;
}
