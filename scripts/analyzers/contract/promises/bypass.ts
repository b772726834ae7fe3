import type { NetworkModel, Route } from '../network-model';
import { describeRoute, describeTarget } from '../paths';
import { internetPaths, type InternetPath } from '../routing';
import { CANNOT_PROVE } from '../types';

/**
 * "Can any internet destination leave by a path that skips the promise?": every path internet destinations take
 * from the agent subnet (longest prefix match over every route, IPv4 and IPv6, prefix lists) is given to `skips`,
 * which says how the path skips the promise, if it does. A path through a prefix list or CIDR the template does not
 * give, or one that leaves the VPC to a network the template does not show, cannot be proven either way.
 * `alreadyReported` skips paths whose first route another check of the promise reports.
 */
export function bypassFindings(
  model: NetworkModel,
  subnet: string,
  skips: (path: InternetPath) => string | undefined,
  alreadyReported: (first: Route) => boolean = () => false,
): string[] {
  const findings: string[] = [];
  for (const path of internetPaths(model, subnet)) {
    if (path.end !== 'internet' && path.end !== 'leaves-vpc') continue;
    const first = path.hops[0].route!;
    if (alreadyReported(first)) continue;
    const how = skips(path);
    if (!how) continue;
    const last = path.hops[path.hops.length - 1].route!;
    const route = `${describeRoute(model, first)}${path.hops.length > 1 ? ` … ${describeRoute(model, last)}` : ''}`;
    if (path.uncertain) findings.push(`${CANNOT_PROVE}${route}: ${path.uncertain}; if it holds internet addresses, egress of agent subnet ${subnet} ${how}`);
    else if (path.end === 'leaves-vpc') findings.push(`${CANNOT_PROVE}${route}: internet destinations (${path.destinations}) of agent subnet ${subnet} leave the VPC by ${describeTarget(model, last.target)}; where they go is outside the template`);
    else findings.push(`${route}: internet destinations (${path.destinations}) of agent subnet ${subnet} ${how}`);
  }
  return findings;
}
