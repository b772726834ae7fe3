import type { CfnResource, CfnTemplate } from '../upgrade-diff/types';
import { azSlot, type AzSlot } from './availability-zones';
import { allReferencedIds, awsServiceOf, getAttOf, listOf, referencedId, renderString } from './expressions';
import { resolveConditions, resourceExists, type Scenario } from './scenarios';

/** Where a route sends its traffic. */
export type RouteTarget =
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'nat-gateway'; readonly id: string }
  | { readonly kind: 'firewall-endpoint'; readonly firewall: string; readonly az?: AzSlot; readonly subnet?: string; readonly problem?: string }
  | { readonly kind: 'vpc-endpoint'; readonly id: string; readonly subnet?: string }
  | { readonly kind: 'leaves-vpc'; readonly detail: string }
  | { readonly kind: 'local' };

export interface Route {
  readonly id: string;
  readonly table: string;
  /** `0.0.0.0/0`, `::/0`, a CIDR, `NatSubnet1 CIDR`, a prefix list… */
  readonly destination: string;
  /** The subnet whose CIDR the destination is (`Fn::GetAtt [Subnet, CidrBlock]`), if so. */
  readonly destinationSubnet?: string;
  readonly target: RouteTarget;
}

export interface Subnet {
  readonly id: string;
  readonly az?: AzSlot;
  readonly routeTable?: string;
}

export interface NatGateway {
  readonly id: string;
  readonly subnet?: string;
  readonly az?: AzSlot;
  readonly connectivity: string;
  /** How its public address is allocated: `NatEgressAddress1` (an EIP of the template), `parameter X`, or undefined. */
  readonly elasticIp?: string;
  /** `zonal` (in a subnet) or `regional` (VPC-level, AvailabilityMode regional: no subnet, its own route to the IGW). */
  readonly availabilityMode: string;
  /**
   * Regional only: AvailabilityZoneAddresses per AZ (manual mode), each address as `elasticIp` names it; undefined in
   * automatic mode, where AWS adds AZs and addresses by itself.
   */
  readonly zoneAddresses?: { readonly az?: AzSlot; readonly elasticIps: string[] }[];
}

export interface VpcEndpoint {
  readonly id: string;
  readonly type: string;
  readonly serviceName?: string;
  /** `ecr.dkr` for `com.amazonaws.<region>.ecr.dkr`; undefined for other endpoint services. */
  readonly service?: string;
  readonly privateDns: boolean;
  readonly subnets: string[];
  readonly routeTables: string[];
}

export interface SecurityGroupRule {
  readonly protocol: string;
  readonly ports: string;
  readonly peer: string;
}

export interface SecurityGroup {
  readonly id: string;
  readonly ingress: SecurityGroupRule[];
  readonly egress: SecurityGroupRule[];
}

/** The agent as the template runs it: the Batch compute environment's subnets and groups, the job's public IP. */
export interface Agent {
  readonly computeEnvironment: string;
  /** Subnet logical ids, or `parameter X` for subnets the template does not create. */
  readonly subnets: string[];
  readonly securityGroups: string[];
  /** `ENABLED`, `DISABLED`, `parameter X`, or `DISABLED (default)` when the job definition does not say. */
  readonly assignPublicIp: string;
  readonly jobDefinitions: string[];
}

/** Everything the egress analysis reads from one template in one scenario. */
export interface NetworkModel {
  readonly template: CfnTemplate;
  readonly scenario: Scenario;
  readonly resources: ReadonlyMap<string, CfnResource>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly routes: Route[];
  readonly natGateways: ReadonlyMap<string, NatGateway>;
  /** Route tables associated with an internet gateway (edge association) → the gateway. */
  readonly edgeRouteTables: ReadonlyMap<string, string>;
  readonly endpoints: VpcEndpoint[];
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly agent?: Agent;
}

/** Reads the network of a template in one scenario (conditions resolved, conditional resources dropped). */
export function buildNetworkModel(template: CfnTemplate, scenario: Scenario): NetworkModel {
  const resources = new Map<string, CfnResource>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!resourceExists(resource as { Condition?: unknown }, scenario)) continue;
    resources.set(id, { ...resource, Properties: resolveConditions(resource.Properties ?? {}, scenario) as Record<string, unknown> });
  }
  const ofType = (type: string) => [...resources].filter(([, r]) => r.Type === type);
  const props = (r: CfnResource) => r.Properties ?? {};

  const tableOfSubnet = new Map<string, string>();
  for (const [, a] of ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = referencedId(props(a).SubnetId);
    const table = referencedId(props(a).RouteTableId);
    if (subnet && table) tableOfSubnet.set(subnet, table);
  }
  const subnets = new Map<string, Subnet>();
  for (const [id, s] of ofType('AWS::EC2::Subnet')) {
    subnets.set(id, { id, az: azSlot(props(s).AvailabilityZone ?? props(s).AvailabilityZoneId), routeTable: tableOfSubnet.get(id) });
  }

  const eipOfAllocation = (allocation: unknown): string | undefined => {
    const getAtt = getAttOf(allocation);
    if (getAtt && resources.get(getAtt[0])?.Type === 'AWS::EC2::EIP') return getAtt[0];
    const ref = referencedId(allocation);
    if (ref && template.Parameters?.[ref]) return `parameter ${ref}`;
    // An existing allocation chosen from a list parameter: Fn::Select [i, Ref Allocations].
    const inner = [...allReferencedIds(allocation)].find((r) => template.Parameters?.[r]);
    return inner ? `parameter ${inner}` : typeof allocation === 'string' ? allocation : undefined;
  };
  const natGateways = new Map<string, NatGateway>();
  for (const [id, n] of ofType('AWS::EC2::NatGateway')) {
    const subnet = referencedId(props(n).SubnetId);
    natGateways.set(id, {
      id,
      subnet,
      az: subnet ? subnets.get(subnet)?.az : undefined,
      connectivity: String(props(n).ConnectivityType ?? 'public'),
      elasticIp: eipOfAllocation(props(n).AllocationId),
      availabilityMode: String(props(n).AvailabilityMode ?? 'zonal'),
      zoneAddresses:
        props(n).AvailabilityZoneAddresses === undefined
          ? undefined
          : listOf(props(n).AvailabilityZoneAddresses).map((entry) => {
              const e = entry as { AvailabilityZone?: unknown; AvailabilityZoneId?: unknown; AllocationIds?: unknown };
              return { az: azSlot(e.AvailabilityZone ?? e.AvailabilityZoneId), elasticIps: listOf(e.AllocationIds).map((a) => eipOfAllocation(a) ?? JSON.stringify(a)) };
            }),
    });
  }

  const endpoints: VpcEndpoint[] = ofType('AWS::EC2::VPCEndpoint').map(([id, e]) => {
    const p = props(e);
    const serviceName = renderString(p.ServiceName);
    return {
      id,
      type: String(p.VpcEndpointType ?? 'Gateway'),
      serviceName,
      service: awsServiceOf(serviceName),
      privateDns: p.PrivateDnsEnabled === true || p.PrivateDnsEnabled === 'true',
      subnets: listOf(p.SubnetIds).map((s) => referencedId(s) ?? JSON.stringify(s)),
      routeTables: listOf(p.RouteTableIds).map((t) => referencedId(t) ?? JSON.stringify(t)),
    };
  });

  const context = { template, resources, subnets, endpoints };
  const routes: Route[] = ofType('AWS::EC2::Route').flatMap(([id, r]) => {
    const table = referencedId(props(r).RouteTableId);
    return table ? [{ id, table, ...destinationOf(props(r), resources), target: targetOf(props(r), context) }] : [];
  });

  const edgeRouteTables = new Map<string, string>();
  for (const [, a] of ofType('AWS::EC2::GatewayRouteTableAssociation')) {
    const table = referencedId(props(a).RouteTableId);
    const gateway = referencedId(props(a).GatewayId);
    if (table && gateway) edgeRouteTables.set(table, gateway);
  }

  return {
    template,
    scenario,
    resources,
    subnets,
    routes,
    natGateways,
    edgeRouteTables,
    endpoints,
    securityGroups: securityGroupsOf(resources),
    agent: agentOf(template, resources),
  };
}

function destinationOf(p: Record<string, unknown>, resources: Map<string, CfnResource>): { destination: string; destinationSubnet?: string } {
  const raw = p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? p.DestinationPrefixListId;
  if (typeof raw === 'string') return { destination: raw };
  const getAtt = getAttOf(raw);
  if (getAtt && resources.get(getAtt[0])?.Type === 'AWS::EC2::Subnet') return { destination: `${getAtt[0]} CIDR`, destinationSubnet: getAtt[0] };
  return { destination: renderString(raw) ?? JSON.stringify(raw) };
}

interface TargetContext {
  readonly template: CfnTemplate;
  readonly resources: Map<string, CfnResource>;
  readonly subnets: Map<string, Subnet>;
  readonly endpoints: VpcEndpoint[];
}

function targetOf(p: Record<string, unknown>, c: TargetContext): RouteTarget {
  const typeOf = (id: string | undefined) => (id ? c.resources.get(id)?.Type : undefined);
  if (p.GatewayId !== undefined) {
    const id = referencedId(p.GatewayId);
    if (p.GatewayId === 'local') return { kind: 'local' };
    if (id && typeOf(id) === 'AWS::EC2::InternetGateway') return { kind: 'internet-gateway', id };
    if (id && typeOf(id) === 'AWS::EC2::VPNGateway') return { kind: 'leaves-vpc', detail: `virtual private gateway ${id}` };
    return { kind: 'leaves-vpc', detail: `gateway ${id ?? JSON.stringify(p.GatewayId)}` };
  }
  if (p.EgressOnlyInternetGatewayId !== undefined) return { kind: 'internet-gateway', id: referencedId(p.EgressOnlyInternetGatewayId) ?? 'egress-only internet gateway' };
  if (p.NatGatewayId !== undefined) {
    const id = referencedId(p.NatGatewayId);
    if (id && typeOf(id) === 'AWS::EC2::NatGateway') return { kind: 'nat-gateway', id };
    return { kind: 'leaves-vpc', detail: `NAT gateway ${id ?? JSON.stringify(p.NatGatewayId)} not created by this template` };
  }
  if (p.VpcEndpointId !== undefined) return endpointTarget(p.VpcEndpointId, c);
  if (p.TransitGatewayId !== undefined) return { kind: 'leaves-vpc', detail: `transit gateway ${referencedId(p.TransitGatewayId) ?? JSON.stringify(p.TransitGatewayId)}` };
  if (p.VpcPeeringConnectionId !== undefined) return { kind: 'leaves-vpc', detail: `VPC peering ${referencedId(p.VpcPeeringConnectionId) ?? JSON.stringify(p.VpcPeeringConnectionId)}` };
  for (const key of ['CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn', 'NetworkInterfaceId', 'InstanceId']) {
    if (p[key] !== undefined) return { kind: 'leaves-vpc', detail: `${key} ${referencedId(p[key]) ?? JSON.stringify(p[key])}` };
  }
  return { kind: 'leaves-vpc', detail: 'a target this analysis does not know' };
}

/**
 * A route's `VpcEndpointId`: a Network Firewall endpoint (from a firewall's `EndpointIds` or a
 * `VpcEndpointAssociation`'s `EndpointId`) or a VPC endpoint of the template (e.g. Gateway Load Balancer).
 *
 * `EndpointIds` is an unordered list of `"<az>:<vpce-id>"` (AWS::NetworkFirewall::Firewall return values): only an
 * AZ-keyed extraction (Join, Split on `"<az>:"`, Split on `","`: aws-cdk issue 11925) or a firewall with a single
 * subnet mapping says which AZ's endpoint a route gets.
 */
function endpointTarget(value: unknown, c: TargetContext): RouteTarget {
  const getAtt = getAttOf(value);
  if (getAtt && c.resources.get(getAtt[0])?.Type === 'AWS::NetworkFirewall::VpcEndpointAssociation') {
    const subnet = referencedId((c.resources.get(getAtt[0])!.Properties?.SubnetMapping as { SubnetId?: unknown } | undefined)?.SubnetId);
    const firewall = referencedId(c.resources.get(getAtt[0])!.Properties?.FirewallArn) ?? getAtt[0];
    return { kind: 'firewall-endpoint', firewall, subnet, az: subnet ? c.subnets.get(subnet)?.az : undefined };
  }
  const ref = referencedId(value);
  if (ref && c.resources.get(ref)?.Type === 'AWS::EC2::VPCEndpoint') {
    return { kind: 'vpc-endpoint', id: ref, subnet: c.endpoints.find((e) => e.id === ref)?.subnets[0] };
  }
  const firewallIds = [...allEndpointIdsAttributes(value)].filter((id) => c.resources.get(id)?.Type === 'AWS::NetworkFirewall::Firewall');
  if (firewallIds.length !== 1) return { kind: 'leaves-vpc', detail: `VPC endpoint ${ref ?? JSON.stringify(value)} not created by this template` };
  const firewall = firewallIds[0];
  const mappings = listOf(c.resources.get(firewall)!.Properties?.SubnetMappings).map((m) => referencedId((m as { SubnetId?: unknown }).SubnetId));
  const azDelimiter = splitDelimiters(value).find((d) => d.length > 1 && d.endsWith(':'));
  if (azDelimiter) {
    const az = azDelimiter.slice(0, -1);
    const subnet = mappings.find((s) => s && c.subnets.get(s)?.az?.label === az);
    return { kind: 'firewall-endpoint', firewall, subnet, az: { key: JSON.stringify(az), label: az } };
  }
  if (!splitDelimiters(value).includes(':')) {
    return {
      kind: 'firewall-endpoint',
      firewall,
      problem: `uses an element of ${firewall}.EndpointIds as the endpoint id, but each element is "<az>:<vpce-id>" (split off the AZ first)`,
    };
  }
  if (mappings.length === 1 && mappings[0]) {
    return { kind: 'firewall-endpoint', firewall, subnet: mappings[0], az: c.subnets.get(mappings[0])?.az };
  }
  return {
    kind: 'firewall-endpoint',
    firewall,
    problem:
      `picks an endpoint of ${firewall} (${mappings.length} subnet mappings) by list position from its EndpointIds, an unordered list of ` +
      '"<az>:<vpce-id>": the endpoint may be another AZ\'s. Select it by AZ (Split on "<az>:", aws-cdk issue 11925) or use AWS::NetworkFirewall::VpcEndpointAssociation',
  };
}

function allEndpointIdsAttributes(value: unknown, into: Set<string> = new Set()): Set<string> {
  const getAtt = getAttOf(value);
  if (getAtt && getAtt[1] === 'EndpointIds') into.add(getAtt[0]);
  else if (Array.isArray(value)) value.forEach((v) => allEndpointIdsAttributes(v, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => allEndpointIdsAttributes(v, into));
  return into;
}

function splitDelimiters(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => splitDelimiters(v, into));
  else if (value !== null && typeof value === 'object') {
    const split = (value as Record<string, unknown>)['Fn::Split'];
    if (Array.isArray(split) && typeof split[0] === 'string') into.push(split[0]);
    Object.values(value).forEach((v) => splitDelimiters(v, into));
  }
  return into;
}

function securityGroupsOf(resources: Map<string, CfnResource>): Map<string, SecurityGroup> {
  const rule = (r: Record<string, unknown>): SecurityGroupRule => {
    const protocol = String(r.IpProtocol ?? '-1');
    const ports = protocol === '-1' ? 'all' : r.FromPort === r.ToPort ? String(r.FromPort) : `${String(r.FromPort)}-${String(r.ToPort)}`;
    const peerValue = r.CidrIp ?? r.CidrIpv6 ?? r.SourceSecurityGroupId ?? r.DestinationSecurityGroupId ?? r.SourcePrefixListId ?? r.DestinationPrefixListId;
    const peer = typeof peerValue === 'string' ? peerValue : (referencedId(peerValue) ?? renderString(peerValue) ?? JSON.stringify(peerValue));
    return { protocol: protocol === '-1' ? 'all' : protocol, ports, peer };
  };
  const groups = new Map<string, SecurityGroup>();
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::EC2::SecurityGroup') continue;
    const p = r.Properties ?? {};
    groups.set(id, {
      id,
      ingress: listOf(p.SecurityGroupIngress).map((x) => rule(x as Record<string, unknown>)),
      // No SecurityGroupEgress means the default allow-all egress rule.
      egress: p.SecurityGroupEgress === undefined ? [{ protocol: 'all', ports: 'all', peer: '0.0.0.0/0' }] : listOf(p.SecurityGroupEgress).map((x) => rule(x as Record<string, unknown>)),
    });
  }
  for (const [, r] of resources) {
    const standalone = r.Type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : r.Type === 'AWS::EC2::SecurityGroupEgress' ? 'egress' : undefined;
    const group = standalone ? groups.get(referencedId(r.Properties?.GroupId) ?? '') : undefined;
    if (standalone && group) group[standalone].push(rule(r.Properties ?? {}));
  }
  return groups;
}

function agentOf(template: CfnTemplate, resources: Map<string, CfnResource>): Agent | undefined {
  const entry = [...resources].find(([, r]) => r.Type === 'AWS::Batch::ComputeEnvironment');
  if (!entry) return undefined;
  const compute = (entry[1].Properties?.ComputeResources ?? {}) as Record<string, unknown>;
  const idsOf = (value: unknown) =>
    listOf(value).map((v) => {
      const id = referencedId(v);
      if (id && template.Parameters?.[id]) return `parameter ${id}`;
      // A list parameter taken apart (Fn::Split of a comma-separated String parameter).
      const parameter = id ? undefined : [...allReferencedIds(v)].find((r) => template.Parameters?.[r]);
      return parameter ? `parameter ${parameter}` : (id ?? JSON.stringify(v));
    });
  const jobDefinitions = [...resources].filter(([, r]) => r.Type === 'AWS::Batch::JobDefinition');
  const publicIps = jobDefinitions.map(([, r]) => {
    const config = ((r.Properties?.ContainerProperties as Record<string, unknown> | undefined)?.NetworkConfiguration ?? {}) as { AssignPublicIp?: unknown };
    if (config.AssignPublicIp === undefined) return 'DISABLED (default)';
    const ref = referencedId(config.AssignPublicIp);
    return ref ? `parameter ${ref}` : String(config.AssignPublicIp);
  });
  return {
    computeEnvironment: entry[0],
    subnets: idsOf(compute.Subnets),
    securityGroups: idsOf(compute.SecurityGroupIds),
    assignPublicIp: [...new Set(publicIps)].join(' / ') || 'DISABLED (default)',
    jobDefinitions: jobDefinitions.map(([id]) => id),
  };
}
