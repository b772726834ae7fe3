import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import { newNatEgressAddress, type NatEgressAddresses } from '../shared/nat-egress-addresses';
import type { ProductVpc, SubnetWithRoutes } from '../shared/network';

/**
 * The public NAT gateway of one AZ's NAT subnet. Behind the firewall, the NAT gateway is what makes the agent's traffic
 * leave from a fixed address; the firewall sits between it and the internet gateway.
 *
 * Two resources, one per address choice, exactly one of which exists: NatGatewayN on the product's new Elastic IP
 * (the resource of the released versions, its AllocationId unchanged, so updating a provisioned product keeps its
 * gateway and address), or OwnAddressNatGatewayN on the customer's Elastic IP (NatEgressAllocationIdN). AllocationId is
 * create-only, so switching between the two on an update replaces the gateway either way; as separate resources the
 * released one is never touched by the option's existence.
 */
export function firewallNatGateway(
  stack: CatalogProductStack,
  network: ProductVpc,
  natSubnet: SubnetWithRoutes,
  addresses: NatEgressAddresses,
  elasticIpGroup: string,
): { gatewayId: string; address: ec2.CfnEIP; gateways: ec2.CfnNatGateway[] } {
  const i = natSubnet.azIndex as 0 | 1;
  const n = (i + 1) as 1 | 2;
  const address = newNatEgressAddress(stack, network, n, addresses.newAddress[i], elasticIpGroup);
  const gateway = (id: string, allocationId: string) => {
    const g = new ec2.CfnNatGateway(stack, id, {
      subnetId: natSubnet.subnet.ref,
      connectivityType: 'public',
      allocationId,
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
    });
    g.node.addDependency(network.internetGateway().attachment);
    return g;
  };
  const onNew = gateway(`NatGateway${n}`, address.attrAllocationId);
  onNew.cfnOptions.condition = addresses.newAddress[i];
  const onOwn = gateway(`OwnAddressNatGateway${n}`, addresses.allocationIds[i].valueAsString);
  onOwn.cfnOptions.condition = addresses.ownAddress[i];
  return { gatewayId: Fn.conditionIf(addresses.ownAddress[i].logicalId, onOwn.ref, onNew.ref).toString(), address, gateways: [onNew, onOwn] };
}
