import { CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { NatEgressAddresses } from '../shared/nat-egress-addresses';
import { ProductVpc, type SubnetWithRoutes } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { allowedDomainsExpression, CUSTOMER_DOMAINS_PATTERN, MAX_CUSTOMER_DOMAINS } from './allowed-domains';
import { EgressFirewall } from './egress-firewall';
import { firewallNatGateway } from './firewall-nat-gateway';
import { tcpDestinationsParameter, tcpDestinationsRuleGroup } from './tcp-destinations';

const FIREWALL_GROUP = 'Egress firewall';

/**
 * network-firewall (the source document's layout): per AZ a firewall subnet, a NAT subnet and an agent subnet.
 *
 *   agent subnet    0.0.0.0/0       -> NAT gateway of the same AZ
 *   NAT subnet      0.0.0.0/0       -> firewall endpoint of the same AZ
 *   firewall subnet 0.0.0.0/0       -> internet gateway
 *   IGW edge table  NAT subnet CIDR -> firewall endpoint of that NAT subnet's AZ
 *
 * Both directions of every flow cross the same endpoint (Network Firewall does not support asymmetric routing:
 * developer guide, "arch-igw-ngw"), and the firewall sees the NAT gateway's private address, so its domain allowlist
 * inspects all agent egress before it reaches the internet.
 */
export class NetworkFirewallProduct extends CatalogProductStack {
  constructor(scope: Construct, id: string, props: Omit<CatalogProductProps, 'productId' | 'summary'>) {
    super(scope, id, {
      ...props,
      productId: 'network-firewall',
      summary:
        'agent in private subnets of a new VPC; all egress passes a NAT gateway and then an AWS Network Firewall endpoint of the same AZ, which allows only allowlisted domains over TLS/HTTP.',
    });
    const network = new ProductVpc(this);
    const customerDomains = this.consoleParameters.add('AdditionalAllowedDomains', {
      group: FIREWALL_GROUP,
      label: 'Additional allowed domains',
      description:
        `Domains your data sources use, comma-separated without spaces (at most ${MAX_CUSTOMER_DOMAINS}); a leading dot allows a domain and all its subdomains ` +
        '(.snowflakecomputing.com). The agent\'s own vendor, image registry and AWS endpoints are always allowed. Only TLS and HTTP reach them.',
      type: 'String',
      default: '',
      allowedPattern: CUSTOMER_DOMAINS_PATTERN,
      constraintDescription: `must be empty or up to ${MAX_CUSTOMER_DOMAINS} lower-case domain names separated by commas (no spaces), e.g. .snowflakecomputing.com,api.example.com`,
    });

    // Subnet slots (Fn::Cidr blocks) are taken in this fixed order, so a later version never moves a subnet.
    const firewallSubnets = ([0, 1] as const).map((az) => network.subnet(`FirewallSubnet${az + 1}`, az));
    const natSubnets = ([0, 1] as const).map((az) => network.subnet(`NatSubnet${az + 1}`, az));
    const agentSubnets = ([0, 1] as const).map((az) => network.subnet(`AgentSubnet${az + 1}`, az));

    const hasCustomerDomains = new CfnCondition(this, 'HasAdditionalAllowedDomains', {
      expression: Fn.conditionNot(Fn.conditionEquals(customerDomains.valueAsString, '')),
    });
    const distributionDomains = this.distributionSettings.egressDomains();
    const allowedDomains = allowedDomainsExpression(distributionDomains, customerDomains.valueAsString, hasCustomerDomains.logicalId);
    const tcpDestinations = tcpDestinationsRuleGroup(this, tcpDestinationsParameter(this, FIREWALL_GROUP));
    const firewall = new EgressFirewall(this, { vpcId: network.vpcId, firewallSubnets, allowedDomains, tcpDestinations: tcpDestinations.ruleGroup });

    firewallSubnets.forEach((subnet) => network.routeToInternetGateway(subnet));
    const addresses = new NatEgressAddresses(this, { group: FIREWALL_GROUP, whereUsed: (n) => ` (AZ ${n}; both or neither)` });
    addresses.bothOrNeither(
      'AllocationIdsForBothOrNeither',
      'Both NAT gateways (one per AZ) need an egress address: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.',
    );
    const nats = natSubnets.map((subnet) => firewallNatGateway(this, network, subnet, addresses, FIREWALL_GROUP));
    natSubnets.forEach((subnet, az) => this.defaultRoute(subnet, { vpcEndpointId: firewall.endpointIds[az] }));
    agentSubnets.forEach((subnet, az) => this.defaultRoute(subnet, { natGatewayId: nats[az].gatewayId }));
    this.internetGatewayEdgeRoutes(network, natSubnets, firewall.endpointIds);

    const subnetIds = agentSubnets.map((s) => s.subnet.ref);
    new AgentRuntime(this, { vpcId: network.vpcId, subnetIds, assignPublicIp: 'DISABLED' });
    // One single-subnet firewall per AZ: passing AZ n's firewall is passing AZ n's endpoint.
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds, firewallArnsByAz: firewall.firewalls.map((f) => f.attrFirewallArn) });

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('VpcId', network.vpcId, 'The VPC the agent runs in.');
    out('SubnetIds', Fn.join(',', subnetIds), 'Private subnets of the agent tasks (one per AZ, no public IPs).');
    network.addAvailabilityZoneIdsOutput();
    // Both new or both own (AllocationIdsForBothOrNeither): each output under the condition of what it shows.
    const bothNew = new CfnCondition(this, 'NewNatEgressAddresses', { expression: Fn.conditionAnd(addresses.newAddress[0], addresses.newAddress[1]) });
    new CfnOutput(this, 'NatEgressIps', {
      value: Fn.join(',', nats.map((n) => n.address.attrPublicIp)),
      condition: bothNew,
      description: "Public IPv4 addresses all agent egress leaves from, allocated by this product: add them to your data sources' allowlists.",
    });
    new CfnOutput(this, 'NatEgressAllocationIds', {
      value: Fn.join(',', nats.map((n) => n.address.attrAllocationId)),
      condition: bothNew,
      description:
        'Allocation ids of those Elastic IPs. With ElasticIpsOnTermination keep they outlive the product (billable until released: aws ec2 release-address --allocation-id <id>); ' +
        'pass them as NatEgressAllocationId1 and NatEgressAllocationId2 to launch again on the same addresses.',
    });
    new CfnOutput(this, 'NatEgressOwnAllocationIds', {
      value: Fn.join(',', addresses.allocationIds.map((p) => p.valueAsString)),
      condition: addresses.ownAddress[0],
      description:
        'Your Elastic IPs behind NAT gateway 1 and 2. Their addresses (already yours to allowlist) are not resolvable in CloudFormation: aws ec2 describe-addresses --allocation-ids <id>.',
    });
    out('FirewallArns', Fn.join(',', firewall.firewalls.map((f) => f.attrFirewallArn)), 'The egress firewalls (one per AZ).');
    out('FirewallEndpointIds', Fn.join(',', firewall.endpointIds), 'Firewall endpoint of AZ 1 and AZ 2, in that order.');
    out('AllowedDomains', Fn.join(',', allowedDomains), 'Every domain the firewall lets the agent reach over TLS/HTTP.');
    new CfnOutput(this, 'AllowedTcpDestinationPairs', {
      value: Fn.ref('AllowedTcpDestinations'),
      condition: tcpDestinations.hasDestinations,
      description: 'The non-web TCP destinations (CIDR:port) the firewall lets the agent reach; every other non-web connection is dropped and alerted.',
    });
    out('FirewallAlertLogGroupName', firewall.alertLogGroup.ref, 'CloudWatch Logs group with the firewall alerts (dropped connections).');
    out('FirewallFlowLogGroupName', firewall.flowLogGroup.ref, 'CloudWatch Logs group with the firewall flow logs.');
  }

  private defaultRoute(subnet: SubnetWithRoutes, target: { natGatewayId?: string; vpcEndpointId?: string }): ec2.CfnRoute {
    return new ec2.CfnRoute(this, `${subnet.subnet.node.id}DefaultRoute`, {
      routeTableId: subnet.routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      ...target,
    });
  }

  /**
   * The internet gateway's edge route table: return traffic to each NAT subnet goes through the firewall endpoint of
   * that subnet's AZ, the same endpoint its outbound traffic took (VPC user guide, "gateway route tables").
   */
  private internetGatewayEdgeRoutes(network: ProductVpc, natSubnets: SubnetWithRoutes[], endpointIds: string[]): void {
    const edge = new ec2.CfnRouteTable(this, 'InternetGatewayEdgeRouteTable', {
      vpcId: network.vpcId,
      tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-igw-edge') }],
    });
    const routes = natSubnets.map(
      (subnet) =>
        new ec2.CfnRoute(this, `InternetGatewayEdgeRouteTo${subnet.subnet.node.id}`, {
          routeTableId: edge.ref,
          // A gateway route's destination must be a whole subnet CIDR of the VPC.
          destinationCidrBlock: subnet.subnet.attrCidrBlock,
          vpcEndpointId: endpointIds[subnet.azIndex],
        }),
    );
    const association = new ec2.CfnGatewayRouteTableAssociation(this, 'InternetGatewayEdgeRouteTableAssociation', {
      gatewayId: network.internetGateway().gateway.ref,
      routeTableId: edge.ref,
    });
    // Associate only once the routes exist (and remove the association first on deletion), so return traffic never
    // bypasses the firewall while the table is half built.
    routes.forEach((route) => association.node.addDependency(route));
  }
}
