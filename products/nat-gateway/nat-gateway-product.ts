import { CfnOutput, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { newNatEgressAddress } from '../shared/nat-egress-addresses';
import { ProductVpc, type SubnetWithRoutes } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { NAT_GROUP, NatEgressParameters } from './nat-egress-parameters';
import { regionalNatGateway } from './regional-nat-gateway';

/**
 * nat-gateway: a new VPC with a public subnet and a private agent subnet in each of two AZs. The agent tasks have
 * no public IP (assignPublicIp DISABLED); every agent subnet's only way out is a 0.0.0.0/0 route to a NAT gateway,
 * so all egress leaves from the NAT gateways' Elastic IPs, which are outputs for the data sources' allowlists.
 * Fargate cannot attach an Elastic IP to a task itself (containers-roadmap #311), hence NAT for a fixed IP.
 */
export class NatGatewayProduct extends CatalogProductStack {
  constructor(scope: Construct, id: string, props: Omit<CatalogProductProps, 'productId' | 'summary'>) {
    super(scope, id, {
      ...props,
      productId: 'nat-gateway',
      summary: 'agent in private subnets of a new VPC; all egress leaves through NAT gateway Elastic IPs (outputs, ready for allowlisting).',
    });
    const network = new ProductVpc(this);
    const egress = new NatEgressParameters(this);

    // Subnet slots (Fn::Cidr blocks) are taken in this fixed order whatever the parameters say, so no launch choice
    // ever moves a subnet: PublicSubnet1, PublicSubnet2, AgentSubnet1, AgentSubnet2.
    const publicSubnets = ([0, 1] as const).map((az) => {
      const subnet = network.subnet(`PublicSubnet${az + 1}`, az);
      network.routeToInternetGateway(subnet);
      return subnet;
    });
    const agentSubnets = ([0, 1] as const).map((az) => network.subnet(`AgentSubnet${az + 1}`, az));

    const addresses = ([0, 1] as const).map((i) =>
      newNatEgressAddress(this, network, (i + 1) as 1 | 2, egress.addresses.newAddress[i], NAT_GROUP),
    ) as [ec2.CfnEIP, ec2.CfnEIP];
    const natGateways = publicSubnets.map((subnet) => this.natGateway(network, egress, subnet, addresses[subnet.azIndex]));
    natGateways[0].cfnOptions.condition = egress.zonal;
    natGateways[1].cfnOptions.condition = egress.perAz;
    const regional = regionalNatGateway(this, { network, agentSubnets, addresses: egress.addresses, newAddresses: addresses });
    regional.cfnOptions.condition = egress.regional;

    // Each agent subnet leaves through the NAT gateway of its own AZ; in single mode AZ 2 shares NAT gateway 1; in
    // regional mode both leave through the regional NAT gateway, each on its own AZ's Elastic IP.
    const routeToNat = (subnet: SubnetWithRoutes, zonalNatGatewayId: string) =>
      new ec2.CfnRoute(this, `${subnet.subnet.node.id}DefaultRoute`, {
        routeTableId: subnet.routeTable.ref,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: Fn.conditionIf(egress.regional.logicalId, regional.ref, zonalNatGatewayId).toString(),
      });
    routeToNat(agentSubnets[0], natGateways[0].ref);
    routeToNat(agentSubnets[1], Fn.conditionIf(egress.perAz.logicalId, natGateways[1].ref, natGateways[0].ref).toString());

    // Deliberately no S3 gateway endpoint: it would be cheaper for image layers, but S3 requests through it carry no
    // public source address, so a data source's S3 bucket policy allowlisting the NAT IPs (aws:SourceIp) would deny
    // them. Every agent egress leaves through the NAT gateways.
    const subnetIds = agentSubnets.map((s) => s.subnet.ref);
    new AgentRuntime(this, { vpcId: network.vpcId, subnetIds, assignPublicIp: 'DISABLED' });
    // The NAT gateways this launch has: the regional one in regional mode, both in per-az mode, NAT gateway 1 alone in single mode.
    const natGatewayIds = Token.asList(
      Fn.conditionIf(egress.regional.logicalId, [regional.ref], Fn.conditionIf(egress.perAz.logicalId, natGateways.map((n) => n.ref), [natGateways[0].ref])),
    );
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds, natGatewayIds });

    network.addAvailabilityZoneIdsOutput();
    this.addOutputs(network, egress, natGateways, regional, subnetIds);
  }

  /** A zonal NAT gateway in a public subnet with a new Elastic IP, or with the customer's own (NatEgressAllocationIdN). */
  private natGateway(network: ProductVpc, egress: NatEgressParameters, subnet: SubnetWithRoutes, address: ec2.CfnEIP): ec2.CfnNatGateway {
    const n = subnet.azIndex + 1;
    const natGateway = new ec2.CfnNatGateway(this, `NatGateway${n}`, {
      subnetId: subnet.subnet.ref,
      connectivityType: 'public',
      allocationId: egress.addresses.allocationIdOf(subnet.azIndex as 0 | 1, address),
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
    });
    natGateway.node.addDependency(network.internetGateway().attachment);
    return natGateway;
  }

  private addOutputs(network: ProductVpc, egress: NatEgressParameters, natGateways: ec2.CfnNatGateway[], regional: ec2.CfnNatGateway, subnetIds: string[]): void {
    new CfnOutput(this, 'VpcId', { value: network.vpcId, description: 'The VPC the agent runs in.' });
    new CfnOutput(this, 'SubnetIds', { value: Fn.join(',', subnetIds), description: 'Private subnets of the agent tasks (one per AZ, no public IPs).' });
    new CfnOutput(this, 'RegionalNatGatewayId', {
      value: regional.ref,
      condition: egress.regional,
      description: 'The regional NAT gateway (NatGatewayMode regional): both agent subnets leave through it, AZ 1 on egress address 1 and AZ 2 on egress address 2.',
    });
    // One output per NAT gateway, each under the condition of what it shows (rather than Fn::If values), so a
    // launched product lists exactly the egress it has.
    ([0, 1] as const).forEach((i) => {
      const n = i + 1;
      new CfnOutput(this, `NatGatewayId${n}`, {
        value: natGateways[i].ref,
        condition: natGateways[i].cfnOptions.condition,
        description: `NAT gateway ${n} (in AZ ${n}${i === 0 ? '; the only one in single mode' : ''}).`,
      });
      new CfnOutput(this, `NatEgressIp${n}`, {
        value: Fn.getAtt(`NatEgressAddress${n}`, 'PublicIp').toString(),
        condition: egress.addresses.newAddress[i],
        description: `Egress IPv4 address of NAT gateway ${n} (regional mode: of AZ ${n}), allocated by this product: add it to your data sources' allowlists.`,
      });
      new CfnOutput(this, `NatEgressNewAllocationId${n}`, {
        value: Fn.getAtt(`NatEgressAddress${n}`, 'AllocationId').toString(),
        condition: egress.addresses.newAddress[i],
        description:
          `Allocation id of the Elastic IP of NAT gateway ${n}, allocated by this product. With ElasticIpsOnTermination keep it outlives the product ` +
          `(billable until released: aws ec2 release-address --allocation-id <this id>); pass it as NatEgressAllocationId${n} to launch again on the same address.`,
      });
      // CloudFormation cannot resolve the address of an Elastic IP it did not create: name the allocation instead.
      new CfnOutput(this, `NatEgressOwnAllocationId${n}`, {
        value: egress.allocationIds[i].valueAsString,
        condition: egress.addresses.ownAddress[i],
        description: `Your Elastic IP behind NAT gateway ${n}. Its address (already yours to allowlist) is not resolvable in CloudFormation: aws ec2 describe-addresses --allocation-ids <this id>.`,
      });
    });
  }
}
