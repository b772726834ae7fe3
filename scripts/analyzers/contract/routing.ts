import { containsCidr, parseCidr, valueKey } from '../template-evaluation';
import { EMPTY, INTERNET, intersect, isEmpty, ofCidr, subtract, union, type AddressSet } from './address-sets';
import type { NetworkModel, Route } from './network-model';
import { nextSubnet, reachesInternetItself, type Hop, type PathEnd } from './paths';

/**
 * Route selection as AWS does it: for each destination address the most specific route of the table wins (longest
 * prefix match over every route, IPv4 and IPv6; the entries of a prefix list count as its CIDRs), the VPC's local
 * route before any other for the VPC's own addresses (VPC user guide, "route-tables-priority").
 *
 * `internetPaths` answers "by which paths can internet destinations leave this subnet?": every route that some
 * internet address selects, hop by hop through NAT gateways and firewall endpoints, with the addresses that take it.
 */
export interface InternetPath {
  readonly from: string;
  readonly hops: Hop[];
  readonly end: PathEnd;
  /** The destinations of the first hop's route, as written (`0.0.0.0/0`, `::/0`, `prefix list pl-…`). */
  readonly destinations: string;
  /** Why the addresses taking this path are not known (a prefix list or CIDR the template does not give). */
  readonly uncertain?: string;
  readonly sourceSubnet: string;
}

interface Selection {
  readonly route: Route;
  readonly addresses: AddressSet;
  readonly uncertain?: string;
}

/** The routes of a table that some of `destinations` select, each with the addresses that select it. */
export function selectRoutes(model: NetworkModel, table: string | undefined, destinations: AddressSet): Selection[] {
  if (!table) return [];
  const routes = model.routes.filter((r) => r.table === table);
  const out: Selection[] = [];
  // The VPC's own addresses always take the local route.
  const candidates = subtract(destinations, model.vpcAddresses);
  for (const route of routes) {
    if ('insideVpc' in route.addresses) continue;
    if ('unknown' in route.addresses) {
      if (!isEmpty(candidates)) out.push({ route, addresses: candidates, uncertain: route.addresses.unknown });
      continue;
    }
    let mine = EMPTY;
    for (const cidr of route.addresses.cidrs) {
      let share = intersect(candidates, ofCidr(cidr));
      for (const other of routes) {
        if (other === route || !('cidrs' in other.addresses)) continue;
        for (const more of other.addresses.cidrs) {
          if (more.version === cidr.version && more.prefix > cidr.prefix) share = subtract(share, ofCidr(more));
        }
      }
      mine = union(mine, share);
    }
    if (!isEmpty(mine)) out.push({ route, addresses: mine });
  }
  return out;
}

/** Every path internet destinations can take from a subnet (loops and dead ends included, as ends). */
export function internetPaths(model: NetworkModel, from: string): InternetPath[] {
  const paths: InternetPath[] = [];
  const walk = (subnet: string, addresses: AddressSet, hops: Hop[], sourceSubnet: string, first: { destinations: string; uncertain?: string } | undefined) => {
    const info = model.subnets.get(subnet);
    const done = (end: PathEnd, last: Hop) => paths.push({ from, hops: [...hops, last], end, destinations: first?.destinations ?? 'internet', uncertain: first?.uncertain, sourceSubnet });
    if (hops.some((h) => h.subnet === subnet)) {
      done('loop', { subnet, az: info?.az, routeTable: info?.routeTable });
      return;
    }
    const selections = selectRoutes(model, info?.routeTable, addresses);
    for (const s of selections) {
      const hop: Hop = { subnet, az: info?.az, routeTable: info?.routeTable, route: s.route };
      const start = first ?? { destinations: s.route.destination, uncertain: s.uncertain };
      const uncertainStart = s.uncertain && !start.uncertain ? { ...start, uncertain: s.uncertain } : start;
      const target = s.route.target;
      if (target.kind === 'internet-gateway' || reachesInternetItself(model, target)) {
        paths.push({ from, hops: [...hops, hop], end: 'internet', destinations: uncertainStart.destinations, uncertain: uncertainStart.uncertain, sourceSubnet });
        continue;
      }
      const next = nextSubnet(model, target);
      if (!next) {
        paths.push({ from, hops: [...hops, hop], end: target.kind === 'local' ? 'no-route' : 'leaves-vpc', destinations: uncertainStart.destinations, uncertain: uncertainStart.uncertain, sourceSubnet });
        continue;
      }
      walk(next, s.addresses, [...hops, hop], target.kind === 'nat-gateway' ? next : sourceSubnet, uncertainStart);
    }
    // Internet addresses no route takes are dropped here: a dead end after a NAT or firewall hop is a path end.
    if (selections.length === 0 && hops.length > 0) done('no-route', { subnet, az: info?.az, routeTable: info?.routeTable });
  };
  walk(from, INTERNET, [], from, undefined);
  return paths;
}

/**
 * The route a table takes for the addresses of `subnet` (return traffic to it), by longest prefix match on resolved
 * values: a literal CIDR equal to or containing the subnet's literal CIDR, or the same symbolic value
 * (`Fn::GetAtt [Subnet, CidrBlock]`, `Fn::Select [i, Fn::Cidr [...]]`, a parameter). `unknown` when a route cannot
 * be compared with the subnet's CIDR.
 */
export function routeForSubnet(model: NetworkModel, tables: string[], subnet: string): { route?: Route; unknown?: string } {
  const cidr = model.subnets.get(subnet)?.cidr;
  const literal = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
  const vpcPrefix = literal ? model.vpcCidrs.find((v) => containsCidr(v, literal))?.prefix : undefined;
  let best: { route: Route; prefix: number } | undefined;
  let unknown: string | undefined;
  for (const route of model.routes.filter((r) => tables.includes(r.table))) {
    if (valueKey(route.destinationValue) === valueKey(cidr) && cidr !== undefined) {
      const prefix = literal?.prefix ?? 129;
      if (!best || prefix > best.prefix) best = { route, prefix };
      continue;
    }
    if ('cidrs' in route.addresses) {
      for (const c of route.addresses.cidrs) {
        // The VPC's local route covers every subnet: only a route more specific than the VPC CIDR beats it.
        if (c.prefix === 0 || (vpcPrefix !== undefined && c.prefix <= vpcPrefix)) continue;
        if (literal && vpcPrefix !== undefined) {
          if (containsCidr(c, literal) && (!best || c.prefix > best.prefix)) best = { route, prefix: c.prefix };
        } else if (c.version === 4) unknown ??= `${route.table}: route ${route.id} for ${route.destination} may or may not cover ${subnet}'s CIDR, known only at launch`;
      }
    } else if ('unknown' in route.addresses) {
      unknown ??= `${route.table}: route ${route.id}: ${route.addresses.unknown}`;
    }
  }
  // A route found by value (the subnet's own CIDR) beats the doubt a literal route leaves.
  return best ? { route: best.route } : { unknown };
}
