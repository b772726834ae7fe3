import { findUnresolved, parseCidr, ResourceValue, Resolver, resolveConditions, resourceExists, textOf, valueKey, type Cidr, type Scenario } from '../template-evaluation';
import type { CfnResource, CfnTemplate } from '../upgrade-diff/types';
import { ofCidrs, type AddressSet } from './address-sets';
import { azSlot, type AzSlot } from './availability-zones';
import { allReferencedIds, awsServiceOf, getAttOf, listOf, objectsOf, referencedId, renderString } from './expressions';
import { readNetworkAcls, type NetworkAcl } from './network-acls';

/** Where a route sends its traffic. */
export type RouteTarget =
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'nat-gateway'; readonly id: string }
  | { readonly kind: 'firewall-endpoint'; readonly firewall: string; readonly az?: AzSlot; readonly subnet?: string; readonly problem?: string }
  | { readonly kind: 'vpc-endpoint'; readonly id: string; readonly subnet?: string }
  | { readonly kind: 'leaves-vpc'; readonly detail: string; /** The target is a value the template does not give. */ readonly unresolved?: string }
  | { readonly kind: 'local' };

export interface Route {
  readonly id: string;
  readonly table: string;
  /** `0.0.0.0/0`, `::/0`, a CIDR, `NatSubnet1 CIDR`, a prefix list… */
  readonly destination: string;
  /** The subnet whose CIDR the destination is (`Fn::GetAtt [Subnet, CidrBlock]` or an equal value), if so. */
  readonly destinationSubnet?: string;
  /** The destination as resolved (a CIDR string, a symbolic value, …). */
  readonly destinationValue: unknown;
  /**
   * The destinations as address blocks, for longest prefix match: known CIDRs (a literal CIDR, the entries of a
   * prefix list the template creates), `inside-vpc` (a template subnet's or the VPC's CIDR, never an internet
   * address), or unknown (why).
   */
  readonly addresses: { readonly cidrs: Cidr[] } | { readonly insideVpc: true } | { readonly unknown: string };
  readonly target: RouteTarget;
}

export interface Subnet {
  readonly id: string;
  readonly az?: AzSlot;
  readonly routeTable?: string;
  /** Every route table association of the subnet (more than one is a template error). */
  readonly associations: { readonly id: string; readonly table: string }[];
  /** The CIDR as resolved (a CIDR string or a symbolic value). */
  readonly cidr: unknown;
  readonly networkAcl?: string;
}

export interface NatGateway {
  readonly id: string;
  readonly subnet?: string;
  readonly az?: AzSlot;
  readonly connectivity: string;
  /** `zonal` (in one subnet), or `regional` (AvailabilityMode regional: no subnet; its route table decides). */
  readonly availabilityMode: string;
  /** How its public address is allocated: `NatEgressAddress1` (an EIP of the template), `parameter X`, or undefined. */
  readonly elasticIp?: string;
  /**
   * Regional only: AvailabilityZoneAddresses per AZ (manual address mode), each address as `elasticIp` names it;
   * undefined in automatic mode, where AWS adds AZs and addresses by itself.
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
  /** Security groups of an interface endpoint; none given means the VPC's default group. */
  readonly securityGroups: string[];
  readonly policy?: unknown;
}

export interface SecurityGroupRule {
  readonly protocol: string;
  readonly ports: string;
  readonly peer: string;
  /** The port range (all ports: 0-65535; ICMP and others: undefined). */
  readonly range?: readonly [number, number];
  /** The peer as resolved: a CIDR value, or `group:<id>` for a security group of the template. */
  readonly peerValue: unknown;
}

export interface SecurityGroup {
  readonly id: string;
  readonly ingress: SecurityGroupRule[];
  readonly egress: SecurityGroupRule[];
}

/** The agent as the template runs it: one Batch compute environment's subnets and groups, the job's public IP. */
export interface Agent {
  readonly computeEnvironment: string;
  /** Subnet logical ids, `parameter X` for subnets from parameters, or `unresolved …` for unknown values. */
  readonly subnets: string[];
  /** Why an agent subnet is not known (ImportValue, a custom resource…), one entry per such subnet. */
  readonly unresolvedSubnets: string[];
  readonly securityGroups: string[];
  /** `ENABLED`, `DISABLED`, `parameter X`, or `DISABLED (default)` when the job definition does not say. */
  readonly assignPublicIp: string;
  readonly jobDefinitions: string[];
}

/** Everything the egress analysis reads from one template in one scenario. */
export interface NetworkModel {
  readonly template: CfnTemplate;
  readonly scenario: Scenario;
  readonly resolver: Resolver;
  /** This analysis's per-template memo (work that does not depend on the scenario is done once). */
  readonly index: TemplateIndex;
  readonly resources: ReadonlyMap<string, CfnResource>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly routes: Route[];
  readonly natGateways: ReadonlyMap<string, NatGateway>;
  /** Route tables associated with an internet gateway (edge association) → the gateway. */
  readonly edgeRouteTables: ReadonlyMap<string, string>;
  /** Internet gateways attached to a VPC (AWS::EC2::VPCGatewayAttachment). */
  readonly attachedGateways: ReadonlySet<string>;
  readonly endpoints: VpcEndpoint[];
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  /** The VPC CIDR blocks that are literal (local routes: never internet destinations). */
  readonly vpcAddresses: AddressSet;
  readonly vpcCidrs: Cidr[];
  /** The first compute environment (paths and diagrams); `agents` has every one. */
  readonly agent?: Agent;
  readonly agents: Agent[];
  /** Why the network cannot be proven from the template: unresolved values it reads, custom resources, duplicates. */
  readonly unprovable: string[];
  /** Template errors the network reading met (a subnet with two route tables, two routes for one destination). */
  readonly errors: string[];
}

/** The properties each resource type contributes to the network, checked for values the template cannot give. */
const READ_PROPERTIES: Record<string, string[]> = {
  'AWS::EC2::Route': ['RouteTableId', 'DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'GatewayId', 'NatGatewayId', 'VpcEndpointId',
    'EgressOnlyInternetGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'CarrierGatewayId', 'LocalGatewayId', 'NetworkInterfaceId', 'InstanceId', 'CoreNetworkArn'],
  'AWS::EC2::SubnetRouteTableAssociation': ['SubnetId', 'RouteTableId'],
  'AWS::EC2::GatewayRouteTableAssociation': ['GatewayId', 'RouteTableId'],
  'AWS::EC2::VPCGatewayAttachment': ['InternetGatewayId'],
  'AWS::EC2::Subnet': ['AvailabilityZone', 'AvailabilityZoneId'],
  'AWS::EC2::NatGateway': ['SubnetId', 'ConnectivityType', 'AvailabilityMode'],
  'AWS::EC2::VPCEndpoint': ['ServiceName', 'VpcEndpointType', 'SubnetIds', 'RouteTableIds', 'PrivateDnsEnabled', 'SecurityGroupIds', 'PolicyDocument'],
  'AWS::EC2::SecurityGroup': ['SecurityGroupIngress', 'SecurityGroupEgress'],
  'AWS::EC2::NetworkAclEntry': ['NetworkAclId', 'RuleNumber', 'Protocol', 'RuleAction', 'Egress', 'CidrBlock', 'Ipv6CidrBlock', 'PortRange'],
  'AWS::EC2::SubnetNetworkAclAssociation': ['SubnetId', 'NetworkAclId'],
  'AWS::NetworkFirewall::Firewall': ['SubnetMappings', 'FirewallPolicyArn'],
  'AWS::NetworkFirewall::FirewallPolicy': ['FirewallPolicy'],
  'AWS::NetworkFirewall::RuleGroup': ['RuleGroup'],
  'AWS::Batch::ComputeEnvironment': ['ComputeResources'],
};

const TARGET_PROPERTIES = ['GatewayId', 'EgressOnlyInternetGatewayId', 'NatGatewayId', 'VpcEndpointId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn', 'NetworkInterfaceId', 'InstanceId'];

/** Resource types the contract reads (scenario planning: only Conditions these depend on change the verdict). */
export const NETWORK_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(READ_PROPERTIES),
  'AWS::EC2::VPC',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::RouteTable',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::PrefixList',
  'AWS::NetworkFirewall::VpcEndpointAssociation',
  'AWS::Batch::JobDefinition',
  'AWS::CloudFormation::Stack',
  'AWS::CloudFormation::CustomResource',
]);

/**
 * Per template: what each resource's reading depends on (the conditions in its properties, the Conditions of the
 * resources it references, the scenario's parameter values), so a resource read in one scenario is reused in every
 * scenario that agrees on those. Scenarios differ in few conditions; most resources are read once.
 */
export interface TemplateIndex {
  /**
   * What `compute` gives for resource `id` in `scenario`, computed once per distinct value of what the resource's
   * properties can depend on (the Conditions they and the resources they reference use, the parameters they
   * reference); `purpose` keeps different computations about one resource apart. The result is shared between
   * scenarios: callers must not change it.
   */
  read<T>(id: string, scenario: Scenario, compute: () => T, purpose?: string): T;
  /** Computed once per analysis of the template, whatever the scenario (for checks that plan their own scenarios). */
  once<T>(key: string, compute: () => T): T;
}

/** An index for one analysis of one template (not kept: the caller may change the template afterwards). */
export function templateIndex(template: CfnTemplate): TemplateIndex {
  const dependsOn = new Map<string, { conditions: string[]; parameters: string[] }>();
  const memo = new Map<string, unknown>();
  const index: TemplateIndex = {
    read<T>(id: string, scenario: Scenario, compute: () => T, purpose = 'reading'): T {
      let depends = dependsOn.get(id);
      if (!depends) {
        const names = new Set<string>();
        const resource = template.Resources[id];
        collectConditionNames(resource.Properties, names);
        const referenced = allReferencedIds(resource.Properties);
        for (const m of JSON.stringify(resource.Properties ?? {}).matchAll(/\$\{([^}!.]+)/g)) referenced.add(m[1]);
        for (const ref of [...referenced]) {
          const other = template.Resources[ref] as CfnResource | undefined;
          if (typeof other?.Condition === 'string') names.add(other.Condition);
          // Fn::GetAtt [X, CidrBlock] of a subnet or VPC resolves X's CidrBlock: what that depends on counts too.
          if (other?.Type === 'AWS::EC2::Subnet' || other?.Type === 'AWS::EC2::VPC') {
            collectConditionNames(other.Properties?.CidrBlock, names);
            allReferencedIds(other.Properties?.CidrBlock).forEach((r) => referenced.add(r));
          }
        }
        depends = { conditions: [...names].sort(), parameters: [...referenced].filter((r) => template.Parameters?.[r]).sort() };
        dependsOn.set(id, depends);
      }
      // A free parameter (no value in the scenario) is keyed apart from every value, the empty string included.
      const parameters = depends.parameters.map((p) => scenario.parameters.get(p) ?? '\u0002free').join('\u0001');
      const key = `${purpose}|${id}|${depends.conditions.map((c) => (scenario.conditions.get(c) ? 1 : 0)).join('')}|${parameters}`;
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    once<T>(key: string, compute: () => T): T {
      const k = `once|${key}`;
      if (!memo.has(k)) memo.set(k, compute());
      return memo.get(k) as T;
    },
  };
  return index;
}

function collectConditionNames(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectConditionNames(n, into));
  else if (node !== null && typeof node === 'object') {
    const branches = (node as Record<string, unknown>)['Fn::If'];
    if (Array.isArray(branches) && typeof branches[0] === 'string') into.add(branches[0]);
    Object.values(node).forEach((n) => collectConditionNames(n, into));
  }
}

/** Resource types that change the network at deploy time in ways a template does not show. */
function opaqueResource(type: string): string | undefined {
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return 'a custom resource: its Lambda runs at deploy time and may create routes or change the network';
  if (type === 'AWS::CloudFormation::Stack') return 'a nested stack: its template (not read here) may create routes or change the network';
  return undefined;
}

/** The resources the network analysis reads (or cannot see into), in template order, and the Fn::ForEach it cannot expand. */
function networkResourcesOf(template: CfnTemplate): { resources: { id: string; resource: CfnResource; opaque?: string }[]; forEach: string[] } {
  const resources: { id: string; resource: CfnResource; opaque?: string }[] = [];
  const forEach: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (id.startsWith('Fn::ForEach::')) {
      forEach.push(`Resources.${id}: Fn::ForEach (AWS::LanguageExtensions) creates resources at deploy time that this analysis does not expand`);
      continue;
    }
    const opaque = opaqueResource(resource.Type);
    if (NETWORK_RESOURCE_TYPES.has(resource.Type) || opaque) resources.push({ id, resource, opaque });
  }
  return { resources, forEach };
}

/** Reads the network of a template in one scenario (conditions resolved, conditional resources dropped). */
export function buildNetworkModel(template: CfnTemplate, scenario: Scenario, index: TemplateIndex = templateIndex(template)): NetworkModel {
  const resolver = new Resolver(template, scenario);
  const resources = new Map<string, CfnResource>();
  const unprovable: string[] = [];
  const errors: string[] = [];
  // Only what the network analysis reads (IAM roles, log groups… are not: this keeps each scenario cheap); the
  // selection does not depend on the scenario, so it is made once per analysis.
  const read = index.once('network-resources', () => networkResourcesOf(template));
  unprovable.push(...read.forEach);
  for (const { id, resource, opaque } of read.resources) {
    if (!resourceExists(resource, scenario)) continue;
    if (opaque) unprovable.push(`${id} (${resource.Type}) is ${opaque}`);
    const reading = index.read(id, scenario, () => {
      const unresolved: string[] = [];
      for (const property of READ_PROPERTIES[resource.Type] ?? []) {
        const value = resource.Properties?.[property];
        const u = value === undefined ? undefined : findUnresolved(resolver.value(value, `${id}.${property}`));
        if (u) unresolved.push(u.toString());
      }
      return { resource: { ...resource, Properties: resolveConditions(resource.Properties ?? {}, scenario) as Record<string, unknown> }, unresolved };
    });
    resources.set(id, reading.resource);
    unprovable.push(...reading.unresolved);
  }
  const byType = new Map<string, [string, CfnResource][]>();
  for (const entry of resources) byType.set(entry[1].Type, [...(byType.get(entry[1].Type) ?? []), entry]);
  const ofType = (type: string) => byType.get(type) ?? [];
  const props = (r: CfnResource) => (r.Properties ?? {}) as Record<string, unknown>;
  const resolvedProperty = (id: string, property: string) => resolver.value(template.Resources[id].Properties?.[property], `${id}.${property}`);

  const associations = new Map<string, { id: string; table: string }[]>();
  for (const [id, a] of ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = referencedId(props(a).SubnetId);
    const table = referencedId(props(a).RouteTableId);
    if (subnet && table) associations.set(subnet, [...(associations.get(subnet) ?? []), { id, table }]);
  }
  const aclOfSubnet = new Map<string, string>();
  for (const [, a] of ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
    const subnet = referencedId(props(a).SubnetId);
    const acl = referencedId(props(a).NetworkAclId);
    if (subnet && acl) aclOfSubnet.set(subnet, acl);
  }
  const subnets = new Map<string, Subnet>();
  for (const [id] of ofType('AWS::EC2::Subnet')) {
    const raw = (template.Resources[id].Properties ?? {}) as Record<string, unknown>;
    const azProperty = raw.AvailabilityZone === undefined ? 'AvailabilityZoneId' : 'AvailabilityZone';
    const own = associations.get(id) ?? [];
    if (own.length > 1) {
      errors.push(`${id}: ${own.length} route table associations (${own.map((a) => `${a.id} → ${a.table}`).join(', ')}); a subnet has one route table, so CloudFormation fails the second and the routes are not provable`);
    }
    subnets.set(id, {
      id,
      az: azSlot(raw[azProperty] === undefined ? undefined : resolvedProperty(id, azProperty)),
      routeTable: own[0]?.table,
      associations: own,
      cidr: resolvedProperty(id, 'CidrBlock'),
      networkAcl: aclOfSubnet.get(id),
    });
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
    // A regional NAT gateway has addresses per AZ (AvailabilityZoneAddresses) and no single allocation.
    const addresses = objectsOf(props(n).AvailabilityZoneAddresses).flatMap((a) => listOf(a.AllocationIds ?? a.AllocationId).map(eipOfAllocation));
    natGateways.set(id, {
      id,
      subnet,
      az: subnet ? subnets.get(subnet)?.az : undefined,
      connectivity: String(textOf(resolvedProperty(id, 'ConnectivityType')) ?? 'public'),
      availabilityMode: String(textOf(resolvedProperty(id, 'AvailabilityMode')) ?? 'zonal'),
      elasticIp: eipOfAllocation(props(n).AllocationId) ?? addresses.find((a) => a !== undefined),
      zoneAddresses:
        props(n).AvailabilityZoneAddresses === undefined
          ? undefined
          : objectsOf(props(n).AvailabilityZoneAddresses).map((entry, i) => {
              const azProperty = entry.AvailabilityZone !== undefined ? 'AvailabilityZone' : 'AvailabilityZoneId';
              const az = entry[azProperty] === undefined ? undefined : resolver.value(entry[azProperty], `${id}.AvailabilityZoneAddresses.${i}.${azProperty}`);
              return { az: azSlot(az), elasticIps: listOf(entry.AllocationIds).map((a) => eipOfAllocation(a) ?? JSON.stringify(a)) };
            }),
    });
  }

  const endpoints: VpcEndpoint[] = ofType('AWS::EC2::VPCEndpoint').map(([id, e]) => {
    const p = props(e);
    const serviceName = textOf(resolvedProperty(id, 'ServiceName')) ?? renderString(p.ServiceName);
    return {
      id,
      type: String(textOf(resolvedProperty(id, 'VpcEndpointType')) ?? 'Gateway'),
      serviceName,
      service: awsServiceOf(serviceName),
      privateDns: p.PrivateDnsEnabled === true || p.PrivateDnsEnabled === 'true',
      subnets: listOf(p.SubnetIds).map((s) => referencedId(s) ?? JSON.stringify(s)),
      routeTables: listOf(p.RouteTableIds).map((t) => referencedId(t) ?? JSON.stringify(t)),
      securityGroups: listOf(p.SecurityGroupIds).map((g) => referencedId(g) ?? JSON.stringify(g)),
      policy: p.PolicyDocument === undefined ? undefined : resolvedProperty(id, 'PolicyDocument'),
    };
  });

  const vpcCidrs: Cidr[] = [];
  const insideVpc = new Set<string>();
  for (const [id] of ofType('AWS::EC2::VPC')) {
    const cidr = resolvedProperty(id, 'CidrBlock');
    insideVpc.add(valueKey(cidr));
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (parsed) vpcCidrs.push(parsed);
  }
  for (const [id] of ofType('AWS::EC2::VPCCidrBlock')) insideVpc.add(valueKey(resolvedProperty(id, 'CidrBlock')));
  for (const s of subnets.values()) insideVpc.add(valueKey(s.cidr));

  const context = { template, resources, subnets, endpoints };
  const seenDestinations = new Map<string, string>();
  const routes: Route[] = ofType('AWS::EC2::Route').flatMap(([id, r]) => {
    const table = referencedId(props(r).RouteTableId);
    if (!table) return [];
    const destination = destinationOf(id, props(r), resolver, template, resources, subnets, insideVpc);
    const key = `${table} ${valueKey(destination.destinationValue)}`;
    if (seenDestinations.has(key)) errors.push(`${table}: routes ${seenDestinations.get(key)} and ${id} both for ${destination.destination}; CloudFormation fails the second (RouteAlreadyExists)`);
    seenDestinations.set(key, id);
    const targetKey = TARGET_PROPERTIES.find((k) => template.Resources[id].Properties?.[k] !== undefined);
    const unresolvedTarget = targetKey ? findUnresolved(resolver.value(template.Resources[id].Properties![targetKey], `${id}.${targetKey}`)) : undefined;
    const target: RouteTarget = unresolvedTarget ? { kind: 'leaves-vpc', detail: `a target not known from the template (${unresolvedTarget.toString()})`, unresolved: unresolvedTarget.toString() } : targetOf(props(r), context);
    return [{ id, table, ...destination, target }];
  });

  const edgeRouteTables = new Map<string, string>();
  for (const [, a] of ofType('AWS::EC2::GatewayRouteTableAssociation')) {
    const table = referencedId(props(a).RouteTableId);
    const gateway = referencedId(props(a).GatewayId);
    if (table && gateway) edgeRouteTables.set(table, gateway);
  }
  const attachedGateways = new Set<string>();
  for (const [, a] of ofType('AWS::EC2::VPCGatewayAttachment')) {
    const gateway = referencedId(props(a).InternetGatewayId);
    if (gateway) attachedGateways.add(gateway);
  }

  const agents = agentsOf(template, resources, resolver);
  // Unknown agent subnets are reported per compute environment (agent.unresolvedSubnets), not twice.
  const agentSubnetValues = agents.map((a) => `${a.computeEnvironment}.ComputeResources.Subnets`);
  const unprovableHere = unprovable.filter((u) => !agentSubnetValues.some((prefix) => u.startsWith(prefix)));
  return {
    template,
    scenario,
    resolver,
    index,
    resources,
    subnets,
    routes,
    natGateways,
    edgeRouteTables,
    attachedGateways,
    endpoints,
    securityGroups: securityGroupsOf(resources, resolver, template),
    networkAcls: readNetworkAcls(resources, resolver, template),
    vpcAddresses: ofCidrs(vpcCidrs),
    vpcCidrs,
    agent: agents[0],
    agents,
    unprovable: [...new Set(unprovableHere)],
    errors,
  };
}

function destinationOf(
  id: string,
  p: Record<string, unknown>,
  resolver: Resolver,
  template: CfnTemplate,
  resources: Map<string, CfnResource>,
  subnets: Map<string, Subnet>,
  insideVpc: Set<string>,
): Pick<Route, 'destination' | 'destinationSubnet' | 'destinationValue' | 'addresses'> {
  const raw = template.Resources[id].Properties ?? {};
  const property = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'].find((k) => raw[k] !== undefined);
  if (!property) return { destination: 'no destination', destinationValue: undefined, addresses: { unknown: `${id} has no DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId` } };
  const value = resolver.value(raw[property], `${id}.${property}`);
  const unresolved = findUnresolved(value);
  const getAtt = getAttOf(p[property]);
  const bySubnet = getAtt && resources.get(getAtt[0])?.Type === 'AWS::EC2::Subnet' ? getAtt[0] : [...subnets.values()].find((s) => typeof value !== 'string' && valueKey(s.cidr) === valueKey(value))?.id;
  const destination = bySubnet && typeof value !== 'string' ? `${bySubnet} CIDR` : (textOf(value) ?? renderString(p[property]) ?? JSON.stringify(p[property]));
  const base = { destination, destinationSubnet: bySubnet, destinationValue: value };
  if (unresolved) return { ...base, addresses: { unknown: unresolved.toString() } };
  if (property === 'DestinationPrefixListId') {
    const list = value instanceof ResourceValue && resources.get(value.id)?.Type === 'AWS::EC2::PrefixList' ? value.id : undefined;
    if (list) {
      const entries = objectsOf(resolver.value(template.Resources[list].Properties?.Entries, `${list}.Entries`)).map((e) => (typeof e.Cidr === 'string' ? parseCidr(e.Cidr) : undefined));
      if (entries.every((e) => e !== undefined)) return { ...base, destination: `prefix list ${list}`, addresses: { cidrs: entries as Cidr[] } };
    }
    return { ...base, destination: `prefix list ${destination}`, addresses: { unknown: `prefix list ${destination} is a set of destinations this analysis cannot resolve (only AWS::EC2::PrefixList resources of the template are read)` } };
  }
  const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
  if (cidr) return { ...base, addresses: { cidrs: [cidr] } };
  if (insideVpc.has(valueKey(value))) return { ...base, addresses: { insideVpc: true } };
  return { ...base, addresses: { unknown: `${id}.${property} is ${textOf(value) ?? valueKey(value)}, a CIDR known only at launch` } };
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
  const mappings = objectsOf(c.resources.get(firewall)!.Properties?.SubnetMappings).map((m) => referencedId(m.SubnetId));
  const azDelimiter = splitDelimiters(value).find((d) => d.length > 1 && d.endsWith(':'));
  if (azDelimiter) {
    const slot = azSlot(azDelimiter.slice(0, -1))!;
    const subnet = mappings.find((s) => s && c.subnets.get(s)?.az?.key === slot.key);
    return { kind: 'firewall-endpoint', firewall, subnet, az: slot };
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

function securityGroupsOf(resources: Map<string, CfnResource>, resolver: Resolver, template: CfnTemplate): Map<string, SecurityGroup> {
  const rule = (r: Record<string, unknown>, where: string): SecurityGroupRule => {
    const protocol = String(r.IpProtocol ?? '-1');
    const all = protocol === '-1' || protocol === 'all';
    const from = Number(r.FromPort);
    const to = Number(r.ToPort);
    const ports = all ? 'all' : r.FromPort === r.ToPort ? String(r.FromPort) : `${String(r.FromPort)}-${String(r.ToPort)}`;
    const peerKey = ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'DestinationSecurityGroupId', 'SourcePrefixListId', 'DestinationPrefixListId'].find((k) => r[k] !== undefined);
    const peerRaw = peerKey ? r[peerKey] : undefined;
    const peer = typeof peerRaw === 'string' ? peerRaw : (referencedId(peerRaw) ?? renderString(peerRaw) ?? JSON.stringify(peerRaw));
    const groupId = peerKey?.endsWith('SecurityGroupId') ? referencedId(peerRaw) : undefined;
    const peerValue = groupId ? `group:${groupId}` : resolver.value(peerRaw, `${where}.${peerKey ?? 'peer'}`);
    const tcpOrUdp = /^(tcp|udp|6|17)$/.test(protocol);
    const range: [number, number] | undefined = all ? [0, 65535] : tcpOrUdp && Number.isInteger(from) && Number.isInteger(to) ? [from === -1 ? 0 : from, to === -1 ? 65535 : to] : undefined;
    return { protocol: all ? 'all' : protocol, ports, peer, range, peerValue };
  };
  const groups = new Map<string, SecurityGroup>();
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::EC2::SecurityGroup') continue;
    const p = r.Properties ?? {};
    groups.set(id, {
      id,
      ingress: objectsOf(p.SecurityGroupIngress).map((x, i) => rule(x, `${id}.SecurityGroupIngress[${i}]`)),
      // No SecurityGroupEgress means the default allow-all egress rule.
      egress:
        p.SecurityGroupEgress === undefined
          ? [{ protocol: 'all', ports: 'all', peer: '0.0.0.0/0', range: [0, 65535], peerValue: '0.0.0.0/0' }]
          : objectsOf(p.SecurityGroupEgress).map((x, i) => rule(x, `${id}.SecurityGroupEgress[${i}]`)),
    });
  }
  for (const [id, r] of resources) {
    const standalone = r.Type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : r.Type === 'AWS::EC2::SecurityGroupEgress' ? 'egress' : undefined;
    const group = standalone ? groups.get(referencedId(r.Properties?.GroupId) ?? '') : undefined;
    if (standalone && group) group[standalone].push(rule(r.Properties ?? {}, id));
  }
  void template;
  return groups;
}

/** Every compute environment of the template, each an agent placement to check. */
function agentsOf(template: CfnTemplate, resources: Map<string, CfnResource>, resolver: Resolver): Agent[] {
  const jobDefinitions = [...resources].filter(([, r]) => r.Type === 'AWS::Batch::JobDefinition');
  const publicIps = jobDefinitions.map(([, r]) => {
    const container = r.Properties?.ContainerProperties;
    const config = container !== null && typeof container === 'object' ? ((container as Record<string, unknown>).NetworkConfiguration ?? {}) : {};
    const assign = config !== null && typeof config === 'object' ? (config as { AssignPublicIp?: unknown }).AssignPublicIp : undefined;
    if (assign === undefined) return 'DISABLED (default)';
    const ref = referencedId(assign);
    return ref ? `parameter ${ref}` : String(assign);
  });
  return [...resources]
    .filter(([, r]) => r.Type === 'AWS::Batch::ComputeEnvironment')
    .map(([id, r]) => {
      const computeRaw = r.Properties?.ComputeResources;
      const compute = (computeRaw !== null && typeof computeRaw === 'object' && !Array.isArray(computeRaw) ? computeRaw : {}) as Record<string, unknown>;
      const rawSubnets = ((template.Resources[id].Properties?.ComputeResources ?? {}) as Record<string, unknown>).Subnets;
      const resolvedSubnets = resolver.value(rawSubnets, `${id}.ComputeResources.Subnets`);
      const unresolvedSubnets: string[] = [];
      const whole = findUnresolved(resolvedSubnets);
      if (whole && !Array.isArray(resolvedSubnets)) unresolvedSubnets.push(whole.toString());
      const idsOf = (value: unknown, resolved: unknown) =>
        listOf(value).flatMap((v, i) => {
          const element = Array.isArray(resolved) ? resolved[i] : undefined;
          const u = findUnresolved(element);
          if (u) {
            unresolvedSubnets.push(u.toString());
            return [`unresolved (${u.what})`];
          }
          const ref = referencedId(v);
          if (ref && template.Parameters?.[ref]) return [`parameter ${ref}`];
          // A list parameter taken apart (Fn::Split of a comma-separated String parameter).
          const parameter = ref ? undefined : [...allReferencedIds(v)].find((p) => template.Parameters?.[p]);
          return [parameter ? `parameter ${parameter}` : (ref ?? JSON.stringify(v))];
        });
      return {
        computeEnvironment: id,
        subnets: whole && !Array.isArray(resolvedSubnets) ? [`unresolved (${whole.what})`] : idsOf(compute.Subnets, resolvedSubnets),
        unresolvedSubnets,
        securityGroups: idsOf(compute.SecurityGroupIds, undefined),
        assignPublicIp: [...new Set(publicIps)].join(' / ') || 'DISABLED (default)',
        jobDefinitions: jobDefinitions.map(([j]) => j),
      };
    });
}
