import { CfnOutput, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { ProductVpc, type SubnetWithRoutes } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { keepElasticIpsCondition, retainWhen } from '../shared/termination';
import { NAT_GROUP, NatEgressParameters } from './nat-egress-parameters';

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

    const natGateways = publicSubnets.map((subnet) => this.natGateway(network, egress, subnet));
    natGateways[1].cfnOptions.condition = egress.perAz;

    // Each agent subnet leaves through the NAT gateway of its own AZ; in single mode AZ 2 shares NAT gateway 1.
    const routeToNat = (subnet: SubnetWithRoutes, natGatewayId: string) =>
      new ec2.CfnRoute(this, `${subnet.subnet.node.id}DefaultRoute`, {
        routeTableId: subnet.routeTable.ref,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId,
      });
    routeToNat(agentSubnets[0], natGateways[0].ref);
    routeToNat(agentSubnets[1], Fn.conditionIf(egress.perAz.logicalId, natGateways[1].ref, natGateways[0].ref).toString());

    // Deliberately no S3 gateway endpoint: it would be cheaper for image layers, but S3 requests through it carry no
    // public source address, so a data source's S3 bucket policy allowlisting the NAT IPs (aws:SourceIp) would deny
    // them. Every agent egress leaves through the NAT gateways.
    const subnetIds = agentSubnets.map((s) => s.subnet.ref);
    new AgentRuntime(this, { vpcId: network.vpcId, subnetIds, assignPublicIp: 'DISABLED' });
    // The NAT gateways this launch has: both in per-az mode, NAT gateway 1 alone in single mode.
    const natGatewayIds = Token.asList(Fn.conditionIf(egress.perAz.logicalId, natGateways.map((n) => n.ref), [natGateways[0].ref]));
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds, natGatewayIds });

    network.addAvailabilityZoneIdsOutput();
    this.addOutputs(network, egress, natGateways, subnetIds);
  }

  /** A NAT gateway in a public subnet with a new Elastic IP, or with the customer's own (NatEgressAllocationIdN). */
  private natGateway(network: ProductVpc, egress: NatEgressParameters, subnet: SubnetWithRoutes): ec2.CfnNatGateway {
    const n = subnet.azIndex + 1;
    const { attachment } = network.internetGateway();
    const address = new ec2.CfnEIP(this, `NatEgressAddress${n}`, {
      domain: 'vpc',
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
    });
    address.cfnOptions.condition = egress.newAddress[subnet.azIndex];
    // Kept on termination unless ElasticIpsOnTermination says release: an allowlisted address released is gone for good,
    // a kept one costs the public IPv4 rate and is named by the NatEgressNewAllocationIdN output (to release, or to pass
    // as NatEgressAllocationIdN on a re-launch). The customer's own addresses (NatEgressAllocationIdN) are never touched.
    retainWhen(address, keepElasticIpsCondition(this, NAT_GROUP));
    // An EIP in a VPC must wait for the internet gateway attachment (AWS::EC2::EIP, "DependsOn").
    address.node.addDependency(attachment);

    const natGateway = new ec2.CfnNatGateway(this, `NatGateway${n}`, {
      subnetId: subnet.subnet.ref,
      connectivityType: 'public',
      allocationId: Fn.conditionIf(egress.ownAddress[subnet.azIndex].logicalId, egress.allocationIds[subnet.azIndex].valueAsString, address.attrAllocationId).toString(),
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
    });
    natGateway.node.addDependency(attachment);
    return natGateway;
  }

  private addOutputs(network: ProductVpc, egress: NatEgressParameters, natGateways: ec2.CfnNatGateway[], subnetIds: string[]): void {
    new CfnOutput(this, 'VpcId', { value: network.vpcId, description: 'The VPC the agent runs in.' });
    new CfnOutput(this, 'SubnetIds', { value: Fn.join(',', subnetIds), description: 'Private subnets of the agent tasks (one per AZ, no public IPs).' });
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
        condition: egress.newAddress[i],
        description: `Egress IPv4 address of NAT gateway ${n}, allocated by this product: add it to your data sources' allowlists.`,
      });
      new CfnOutput(this, `NatEgressNewAllocationId${n}`, {
        value: Fn.getAtt(`NatEgressAddress${n}`, 'AllocationId').toString(),
        condition: egress.newAddress[i],
        description:
          `Allocation id of the Elastic IP of NAT gateway ${n}, allocated by this product. With ElasticIpsOnTermination keep it outlives the product ` +
          `(billable until released: aws ec2 release-address --allocation-id <this id>); pass it as NatEgressAllocationId${n} to launch again on the same address.`,
      });
      // CloudFormation cannot resolve the address of an Elastic IP it did not create: name the allocation instead.
      new CfnOutput(this, `NatEgressOwnAllocationId${n}`, {
        value: egress.allocationIds[i].valueAsString,
        condition: egress.ownAddress[i],
        description: `Your Elastic IP behind NAT gateway ${n}. Its address (already yours to allowlist) is not resolvable in CloudFormation: aws ec2 describe-addresses --allocation-ids <this id>.`,
      });
    });
  }
}
