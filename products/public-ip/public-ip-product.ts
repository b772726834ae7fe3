import { CfnOutput, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { ProductVpc } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { s3GatewayEndpoint } from './s3-gateway-endpoint';

/**
 * public-ip: a new VPC with one public subnet in each of two AZs and an internet gateway. Each agent task gets
 * a public IP (assignPublicIp ENABLED: without NAT a Fargate task has no other way out) and leaves straight
 * through the internet gateway; its security group has no inbound rules. Since v1.1.0 an S3 gateway endpoint carries
 * same-region S3 traffic (ECR image layers, S3 data sources) instead (s3-gateway-endpoint.ts).
 */
export class PublicIpProduct extends CatalogProductStack {
  constructor(scope: Construct, id: string, props: Omit<CatalogProductProps, 'productId' | 'summary'>) {
    super(scope, id, {
      ...props,
      productId: 'public-ip',
      summary: 'agent in public subnets of a new VPC, egress through the internet gateway with a per-task public IP.',
    });
    const network = new ProductVpc(this);
    const subnets = ([0, 1] as const).map((az) => {
      const subnet = network.subnet(`PublicSubnet${az + 1}`, az);
      network.routeToInternetGateway(subnet);
      return subnet;
    });
    const subnetIds = subnets.map((s) => s.subnet.ref);
    const s3Endpoint = s3GatewayEndpoint(this, network.vpcId, subnets);

    new AgentRuntime(this, { vpcId: network.vpcId, subnetIds, assignPublicIp: 'ENABLED' });
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds });

    new CfnOutput(this, 'VpcId', { value: network.vpcId, description: 'The VPC the agent runs in.' });
    new CfnOutput(this, 'SubnetIds', { value: Fn.join(',', subnetIds), description: 'Public subnets of the agent tasks (one per AZ).' });
    network.addAvailabilityZoneIdsOutput();
    new CfnOutput(this, 'S3GatewayEndpointId', {
      value: s3Endpoint.ref,
      description: 'S3 gateway endpoint of the agent subnets: allow it with aws:SourceVpce in the bucket policies of your S3 data sources.',
    });
  }
}
