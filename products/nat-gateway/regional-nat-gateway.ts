import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import type { NatEgressAddresses } from '../shared/nat-egress-addresses';
import type { ProductVpc, SubnetWithRoutes } from '../shared/network';

export interface RegionalNatGatewayProps {
  readonly network: ProductVpc;
  /** The agent subnet of AZ 1 and of AZ 2: the AZs the gateway serves. */
  readonly agentSubnets: SubnetWithRoutes[];
  readonly addresses: NatEgressAddresses;
  /** The product's new Elastic IP of AZ 1 and AZ 2 (used where no own allocation id is given). */
  readonly newAddresses: [ec2.CfnEIP, ec2.CfnEIP];
}

/**
 * A regional NAT gateway (AvailabilityMode regional, VPC user guide "nat-gateways-regional") in *manual* address mode:
 * AvailabilityZoneAddresses lists each agent AZ with exactly one Elastic IP, the customer's own or the product's.
 * In automatic mode (no AvailabilityZoneAddresses) AWS expands the gateway to new AZs and allocates further addresses
 * on its own (EC2 API reference, NatGateway autoProvisionZones / autoScalingIps), so the set a data source allowlisted
 * could grow without anyone launching anything; in manual mode "auto-expansion is disabled" (AWS::EC2::NatGateway
 * AvailabilityZoneAddresses) and the addresses are the ones listed (aws-cdk-lib RegionalNatGatewayProviderProps: without
 * them, "Automatic mode: AWS manages AZ coverage and EIP allocation"). One address per AZ gives the usual NAT port
 * budget per destination, ample for a scheduled batch agent. It needs no subnet of its own and no public subnet: AWS creates its route table with a
 * route to the VPC's internet gateway, which must therefore be attached first (aws-cdk-lib's RegionalNatGatewayProvider
 * waits for the attachment the same way). AvailabilityMode, VpcId and ConnectivityType are create-only.
 */
export function regionalNatGateway(stack: CatalogProductStack, props: RegionalNatGatewayProps): ec2.CfnNatGateway {
  const { network, agentSubnets, addresses, newAddresses } = props;
  const gateway = new ec2.CfnNatGateway(stack, 'RegionalNatGateway', {
    availabilityMode: 'regional',
    connectivityType: 'public',
    vpcId: network.vpcId,
    availabilityZoneAddresses: agentSubnets.map((subnet) => {
      const i = subnet.azIndex as 0 | 1;
      // The same AZ expression as the agent subnet's, so the address of each agent AZ is the one listed for it.
      return { availabilityZone: network.availabilityZones[i], allocationIds: [addresses.allocationIdOf(i, newAddresses[i])] };
    }),
    tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-nat-regional') }],
  });
  gateway.node.addDependency(network.internetGateway().attachment);
  return gateway;
}
