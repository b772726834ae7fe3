import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import type { ProductVpc, SubnetWithRoutes } from '../shared/network';
import { keepElasticIpsCondition, retainWhen } from '../shared/termination';

/**
 * A public NAT gateway with a new Elastic IP in the NAT subnet of one AZ. Behind the firewall, the NAT gateway is
 * what makes the agent's traffic leave from a fixed address; the firewall sits between it and the internet gateway.
 */
export function firewallNatGateway(
  stack: CatalogProductStack,
  network: ProductVpc,
  natSubnet: SubnetWithRoutes,
  elasticIpGroup: string,
): { gateway: ec2.CfnNatGateway; address: ec2.CfnEIP } {
  const n = natSubnet.azIndex + 1;
  const { attachment } = network.internetGateway();
  const address = new ec2.CfnEIP(stack, `NatEgressAddress${n}`, {
    domain: 'vpc',
    tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
  });
  // Kept on termination unless ElasticIpsOnTermination says release: an allowlisted address released is gone for good;
  // a kept one costs the public IPv4 rate and is named by the NatEgressAllocationIds output, to release or reuse.
  retainWhen(address, keepElasticIpsCondition(stack, elasticIpGroup));
  // An EIP in a VPC must wait for the internet gateway attachment (AWS::EC2::EIP, "DependsOn").
  address.node.addDependency(attachment);
  const gateway = new ec2.CfnNatGateway(stack, `NatGateway${n}`, {
    subnetId: natSubnet.subnet.ref,
    connectivityType: 'public',
    allocationId: address.attrAllocationId,
    tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
  });
  gateway.node.addDependency(attachment);
  return { gateway, address };
}
