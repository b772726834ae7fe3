import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

/**
 * VPC endpoints from plain CloudFormation resources with readable logical ids. Service names are built from the
 * region the template is launched in, never hard-coded: `com.amazonaws.${AWS::Region}.<service>`.
 */

/** The service name of an AWS service's endpoint in the launch region, e.g. `awsServiceName('ecr.dkr')`. */
export function awsServiceName(service: string): string {
  return Fn.sub(`com.amazonaws.\${AWS::Region}.${service}`);
}

export interface InterfaceEndpointProps {
  readonly vpcId: string;
  /** Full service name: `awsServiceName(...)` or a PrivateLink endpoint service name. */
  readonly serviceName: string;
  /** One subnet per AZ the endpoint gets a network interface in (may be an Fn::If list). */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /**
   * Private DNS makes the service's public name resolve to the endpoint inside the VPC, so SDKs and the container
   * agent need no endpoint override. Only for services that publish a private DNS name (all AWS services here);
   * asking for it on an endpoint service without one fails the launch.
   */
  readonly privateDns: boolean;
  /** The Name tag suffix. */
  readonly name: string;
}

export function interfaceEndpoint(scope: Construct, id: string, props: InterfaceEndpointProps): ec2.CfnVPCEndpoint {
  return new ec2.CfnVPCEndpoint(scope, id, {
    vpcId: props.vpcId,
    vpcEndpointType: 'Interface',
    serviceName: props.serviceName,
    subnetIds: props.subnetIds,
    securityGroupIds: props.securityGroupIds,
    privateDnsEnabled: props.privateDns,
    tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-${props.name}`) }],
  });
}

/**
 * The S3 gateway endpoint on the given route tables: ECR keeps image layers in S3, and an S3 interface endpoint
 * does not serve them (ECR user guide, "vpc-endpoints"). Gateway endpoints are free.
 */
export function s3GatewayEndpoint(scope: Construct, id: string, props: { vpcId: string; routeTableIds: string[] }): ec2.CfnVPCEndpoint {
  return new ec2.CfnVPCEndpoint(scope, id, {
    vpcId: props.vpcId,
    vpcEndpointType: 'Gateway',
    serviceName: awsServiceName('s3'),
    routeTableIds: props.routeTableIds,
    tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-s3') }],
  });
}

/**
 * A security group for interface endpoints: the given TCP ports in from the given CIDR ranges only, nothing else in.
 * Endpoint network interfaces never open connections, so the group's egress is replaced by a rule matching no
 * traffic (the same idiom CDK uses for `allowAllOutbound: false`) instead of the default allow-all.
 */
export function endpointSecurityGroup(
  scope: Construct,
  id: string,
  props: { vpcId: string; groupDescription: string; tcpPorts: number[]; from: { cidr: string; name: string }[]; name: string },
): ec2.CfnSecurityGroup {
  return new ec2.CfnSecurityGroup(scope, id, {
    vpcId: props.vpcId,
    groupDescription: props.groupDescription,
    securityGroupIngress: props.tcpPorts.flatMap((port) =>
      props.from.map((source) => ({
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIp: source.cidr,
        description: `TCP ${port} from ${source.name}`,
      })),
    ),
    securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'Disallow all traffic' }],
    tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-${props.name}`) }],
  });
}
