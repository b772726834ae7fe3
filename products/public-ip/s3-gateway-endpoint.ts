import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import type { SubnetWithRoutes } from '../shared/network';

/**
 * public-ip v1.1.0: an S3 gateway endpoint on the agent subnets' route tables. Its prefix-list route is more specific
 * than 0.0.0.0/0, so same-region S3 traffic — ECR image layers (served from S3) and S3 data sources — goes through
 * the endpoint instead of the internet gateway and the task's public IP. Customers can then lock their buckets to
 * the agent's network with `aws:SourceVpce` (the endpoint id is an output). Gateway endpoints cost nothing.
 * Kept in public-ip's own folder: shared network code must not change the other products' locked templates.
 *
 * The default (full-access) endpoint policy is kept on purpose: AWS services that keep data in S3, such as ECR
 * layers, need it (VPC user guide, "vpc-endpoints-s3", Considerations). Note from the same page: `aws:SourceIp`
 * never matches requests through a gateway endpoint; this pattern has no fixed egress IP, so no bucket policy can
 * rely on it anyway.
 */
export function s3GatewayEndpoint(stack: CatalogProductStack, vpcId: string, subnets: readonly SubnetWithRoutes[]): ec2.CfnVPCEndpoint {
  return new ec2.CfnVPCEndpoint(stack, 'S3GatewayEndpoint', {
    vpcId,
    vpcEndpointType: 'Gateway',
    serviceName: Fn.sub('com.amazonaws.${AWS::Region}.s3'),
    routeTableIds: subnets.map((s) => s.routeTable.ref),
  });
}
