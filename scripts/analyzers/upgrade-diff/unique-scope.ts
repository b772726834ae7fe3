/**
 * Resources of which only one may exist per scope. CloudFormation creates a resource's replacement, and the resource
 * under a new logical id, before it deletes the old one (it deletes in the cleanup phase at the end of the update:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html), so
 * while both exist the service refuses the new one and the update fails and rolls back. A custom name (names.ts) is
 * one such scope; the rules below are the others, for the types our products and templates like them use.
 */
import { customNameOf } from './names';

export interface UniqueScopeRule {
  /** What must be unique, after "there can be only": "one flow log per resource, traffic type and log destination". */
  readonly what: string;
  /** The service's refusal, as its error names it. */
  readonly refusal: string;
  readonly source: string;
  /**
   * The scope keys a resource with these properties occupies; two resources conflict when they share one. Each key is
   * a list of property values (expressions, compared as written; see conflicts.ts). None when the rule does not apply.
   */
  keys(properties: Record<string, unknown>): unknown[][];
  /**
   * The registry schema's replacementStrategy is delete_then_create: a *replacement* deletes first and cannot
   * conflict with its own old copy (a new logical id still can, as that is a creation, not a replacement).
   */
  readonly deletesBeforeReplacing?: boolean;
}

const EC2_ERRORS = 'https://docs.aws.amazon.com/ec2/latest/devguide/errors-overview.html';

/** Each element of a list (or the whole expression when it is an intrinsic such as Ref to a list parameter). */
function elements(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const RULES: Readonly<Record<string, UniqueScopeRule>> = {
  'AWS::EC2::VPCEndpoint': {
    what: 'one gateway endpoint per service on a route table, and one interface endpoint with private DNS per service in a VPC',
    refusal: 'a route table holds one route per service prefix list, and "private-dns-enabled cannot be set because there is already a conflicting DNS domain"',
    // "You can also create multiple endpoints for a single service, and use different route tables"
    // (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html); private DNS: hashicorp/terraform-provider-aws issue 17535.
    source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
    keys(p) {
      // VpcEndpointType defaults to Gateway (AWS::EC2::VPCEndpoint: "Default: Gateway").
      const type = p.VpcEndpointType ?? 'Gateway';
      if (type === 'Gateway') return elements(p.RouteTableIds).map((table) => ['gateway route', p.ServiceName, table]);
      if (type === 'Interface' && p.PrivateDnsEnabled !== undefined && String(p.PrivateDnsEnabled) === 'true') {
        return [['private DNS', p.VpcId, p.ServiceName]];
      }
      return [];
    },
  },
  'AWS::EC2::FlowLog': {
    what: 'one flow log per resource, traffic type and log destination',
    refusal: 'FlowLogAlreadyExists, "There is an existing Flow Log with the same configuration and log destination"',
    source: EC2_ERRORS,
    keys(p) {
      // LogDestinationType defaults to cloud-watch-logs, whose destination is LogDestination or the older LogGroupName.
      const destinationType = p.LogDestinationType ?? 'cloud-watch-logs';
      return [[p.ResourceType, p.ResourceId, p.TrafficType ?? 'ALL', destinationType, p.LogDestination ?? p.LogGroupName]];
    },
  },
  'AWS::EC2::Route': {
    what: 'one route per route table and destination',
    refusal: 'RouteAlreadyExists',
    source: EC2_ERRORS,
    keys(p) {
      const destination = p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? p.DestinationPrefixListId;
      return destination === undefined ? [] : [[p.RouteTableId, destination]];
    },
  },
  'AWS::EC2::SubnetRouteTableAssociation': {
    what: 'one route table association per subnet',
    refusal: 'Resource.AlreadyAssociated',
    source: EC2_ERRORS,
    keys: (p) => [[p.SubnetId]],
    deletesBeforeReplacing: true,
  },
  'AWS::EC2::GatewayRouteTableAssociation': {
    what: 'one edge route table association per gateway',
    refusal: 'Resource.AlreadyAssociated',
    source: EC2_ERRORS,
    keys: (p) => [[p.GatewayId]],
  },
  'AWS::EC2::VPCGatewayAttachment': {
    what: 'one internet gateway attached per VPC',
    refusal: 'Resource.AlreadyAssociated',
    source: EC2_ERRORS,
    keys: (p) => [...(p.InternetGatewayId !== undefined ? [['internet gateway', p.VpcId]] : []), ...(p.VpnGatewayId !== undefined ? [['VPN gateway', p.VpcId]] : [])],
    deletesBeforeReplacing: true,
  },
  'AWS::NetworkFirewall::LoggingConfiguration': {
    what: 'one logging configuration per firewall',
    refusal: 'the firewall already has a logging configuration',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-networkfirewall-loggingconfiguration.html',
    keys: (p) => [[p.FirewallArn ?? p.FirewallName]],
  },
};

/** The rule of a custom name: the name itself, within its scope properties. */
function customNameRule(resourceType: string): UniqueScopeRule | undefined {
  const name = customNameOf(resourceType);
  if (!name) return undefined;
  return {
    what: `one ${resourceType} per ${name.property}${name.scope.length > 0 ? ` within ${name.scope.join(', ')}` : ''} (a custom name)`,
    refusal: '"CloudFormation cannot update a stack when a custom-named resource requires replacing"',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html',
    keys: (p) => (p[name.property] === undefined ? [] : [[name.property, p[name.property], ...name.scope.map((s) => p[s])]]),
  };
}

/** The uniqueness rules of a resource type: its custom name, if any, and its rule above, if any. */
export function uniqueScopeRules(resourceType: string): UniqueScopeRule[] {
  return [customNameRule(resourceType), RULES[resourceType]].filter((rule): rule is UniqueScopeRule => rule !== undefined);
}
