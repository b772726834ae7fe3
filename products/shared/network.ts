import { CfnCondition, CfnOutput, Fn, type CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { CatalogProductStack } from './catalog-product-stack';
import { PRIVATE_VPC_CIDR, TWO_AZ_NAMES_OR_EMPTY } from './parameter-patterns';
import { keepLogGroupsCondition, retainWhen } from './termination';

export const NETWORK_GROUP = 'Network';

/** Subnets are /24 blocks carved from the VPC range with Fn::Cidr; the VPC range allows eight of them. */
const SUBNET_SLOTS = 8;
const SUBNET_HOST_BITS = '8';

export interface SubnetWithRoutes {
  readonly subnet: ec2.CfnSubnet;
  readonly routeTable: ec2.CfnRouteTable;
  /** 0 or 1: which of the two availability zones. */
  readonly azIndex: number;
}

/**
 * A new VPC spanning two availability zones, built from plain CloudFormation resources with readable
 * logical ids (the upgrade analysis and operators read them). No AZ name is ever hard-coded: AZs come from a
 * parameter or from Fn::GetAZs of the region the template is launched in.
 */
export class ProductVpc {
  readonly vpc: ec2.CfnVPC;
  readonly cidrParameter: CfnParameter;
  /** The two availability zones, as template expressions. */
  readonly availabilityZones: [string, string];
  private igw?: { gateway: ec2.CfnInternetGateway; attachment: ec2.CfnVPCGatewayAttachment };
  private nextSlot = 0;
  private readonly firstSubnetOfAz: (ec2.CfnSubnet | undefined)[] = [undefined, undefined];

  constructor(private readonly stack: CatalogProductStack) {
    this.cidrParameter = stack.consoleParameters.add('VpcCidr', {
      group: NETWORK_GROUP,
      label: 'VPC IPv4 range',
      description: 'Private IPv4 range (RFC 1918, /16 to /21) of the new VPC. Subnets are /24 blocks carved from it.',
      type: 'String',
      default: '10.80.0.0/20',
      allowedPattern: PRIVATE_VPC_CIDR,
      constraintDescription: 'must be a private IPv4 CIDR block (10.x, 172.16-31.x or 192.168.x) with a prefix from /16 to /21',
    });
    const azParameter = stack.consoleParameters.add('AvailabilityZones', {
      group: NETWORK_GROUP,
      label: 'Availability zones',
      description:
        "Two availability zone names separated by a comma (e.g. ap-northeast-1a,ap-northeast-1c), or empty for the region's first two. " +
        'Fargate does not run in every AZ: in ap-northeast-1 not in apne1-az3 (older accounts still have it), in us-west-1 only in usw1-az1 and usw1-az3. ' +
        'Names map to different AZ ids in each account; list yours with aws ec2 describe-availability-zones --query "AvailabilityZones[].[ZoneName,ZoneId]" ' +
        'and give two names whose ids Fargate supports. The AvailabilityZoneIds output shows the ids a launch got.',
      type: 'String',
      default: '',
      allowedPattern: TWO_AZ_NAMES_OR_EMPTY,
      constraintDescription: 'must be empty or two availability zone names separated by a comma',
    });
    const useRegionAzs = new CfnCondition(stack, 'UseRegionAvailabilityZones', {
      expression: Fn.conditionEquals(azParameter.valueAsString, ''),
    });
    const az = (i: number) =>
      Fn.conditionIf(useRegionAzs.logicalId, Fn.select(i, Fn.getAzs('')), Fn.select(i, Fn.split(',', azParameter.valueAsString))).toString();
    // The AZ expression of every subnet is the one of v1.0.0, unchanged: AvailabilityZone is create-only, and choosing by
    // AWS::EC2::Subnet AvailabilityZoneId instead would change it on every released subnet (the upgrade analysis reports
    // that as a replacement of every subnet and NAT gateway: a major version). Fargate's AZs (ECS developer guide,
    // "AWS Fargate Regions": ap-northeast-1 apne1-az1, apne1-az2 and apne1-az4 only; us-west-1 usw1-az1 and usw1-az3
    // only) are chosen by name in AvailabilityZones, and the AvailabilityZoneIds output shows what a launch got.
    this.availabilityZones = [az(0), az(1)];

    this.vpc = new ec2.CfnVPC(stack, 'Vpc', {
      cidrBlock: this.cidrParameter.valueAsString,
      // Both are needed for interface endpoints with private DNS and for Fargate tasks resolving AWS endpoints.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-vpc') }],
    });
    this.addFlowLogs();
  }

  get vpcId(): string {
    return this.vpc.ref;
  }

  /** A subnet with its own route table in one of the two AZs. */
  subnet(id: string, azIndex: 0 | 1): SubnetWithRoutes {
    if (this.nextSlot >= SUBNET_SLOTS) throw new Error(`${this.stack.productId}: at most ${SUBNET_SLOTS} subnets fit the VPC range`);
    const subnet = new ec2.CfnSubnet(this.stack, id, {
      vpcId: this.vpc.ref,
      availabilityZone: this.availabilityZones[azIndex],
      cidrBlock: Fn.select(this.nextSlot++, Fn.cidr(this.cidrParameter.valueAsString, SUBNET_SLOTS, SUBNET_HOST_BITS)),
      // Public IPs are given per task by the job definition (assignPublicIp), never by the subnet.
      mapPublicIpOnLaunch: false,
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-${id}`) }],
    });
    const routeTable = new ec2.CfnRouteTable(this.stack, `${id}RouteTable`, {
      vpcId: this.vpc.ref,
      tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-${id}`) }],
    });
    new ec2.CfnSubnetRouteTableAssociation(this.stack, `${id}RouteTableAssociation`, {
      subnetId: subnet.ref,
      routeTableId: routeTable.ref,
    });
    this.firstSubnetOfAz[azIndex] ??= subnet;
    return { subnet, routeTable, azIndex };
  }

  /**
   * Output AvailabilityZoneIds: the AZ ids (apne1-az1, ...) the subnets landed in, AZ 1 first. AZ names map to different
   * ids in each account, and Fargate's support is stated by id; this is where an operator sees that a launch did not
   * land in an AZ where Fargate is missing (for example apne1-az3).
   */
  addAvailabilityZoneIdsOutput(): CfnOutput {
    const [first, second] = this.firstSubnetOfAz;
    if (!first || !second) throw new Error(`${this.stack.productId}: AvailabilityZoneIds needs a subnet in each of the two AZs`);
    return new CfnOutput(this.stack, 'AvailabilityZoneIds', {
      value: Fn.join(',', [first.attrAvailabilityZoneId, second.attrAvailabilityZoneId]),
      description:
        'AZ ids of AZ 1 and AZ 2 (the same in every account, unlike AZ names). Fargate is not offered in every AZ (not in apne1-az3, nor in usw1-az2; ' +
        'see the AvailabilityZones parameter): if one is listed, launch again with two other AvailabilityZones (changing them in an update replaces the subnets).',
    });
  }

  /** The VPC's internet gateway, created on first use. */
  internetGateway(): { gateway: ec2.CfnInternetGateway; attachment: ec2.CfnVPCGatewayAttachment } {
    if (!this.igw) {
      const gateway = new ec2.CfnInternetGateway(this.stack, 'InternetGateway', {
        tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-igw') }],
      });
      const attachment = new ec2.CfnVPCGatewayAttachment(this.stack, 'InternetGatewayAttachment', {
        vpcId: this.vpc.ref,
        internetGatewayId: gateway.ref,
      });
      this.igw = { gateway, attachment };
    }
    return this.igw;
  }

  /** A 0.0.0.0/0 route in a subnet's route table straight to the internet gateway. */
  routeToInternetGateway(target: SubnetWithRoutes, id = `${target.subnet.node.id}DefaultRoute`): ec2.CfnRoute {
    const { gateway, attachment } = this.internetGateway();
    const route = new ec2.CfnRoute(this.stack, id, {
      routeTableId: target.routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: gateway.ref,
    });
    // A route to an IGW fails until the IGW is attached to the VPC.
    route.node.addDependency(attachment);
    return route;
  }

  /** VPC flow logs (all traffic) to a CloudWatch log group, so operators can see what the agent reached. */
  private addFlowLogs(): void {
    const logGroup = new logs.CfnLogGroup(this.stack, 'VpcFlowLogGroup', {
      retentionInDays: this.stack.logRetentionDays().valueAsNumber,
    });
    // Unnamed (a generated name per stack), so a kept group never collides with a re-launch; naming it now would replace it.
    retainWhen(logGroup, keepLogGroupsCondition(this.stack));
    const role = new iam.CfnRole(this.stack, 'VpcFlowLogRole', {
      permissionsBoundary: this.stack.productRoleBoundaryArn,
      assumeRolePolicyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com')],
            // Confused-deputy guard (VPC user guide, "flow-logs-iam-role").
            conditions: { StringEquals: { 'aws:SourceAccount': this.stack.account } },
          }),
        ],
      }),
      policies: [
        {
          policyName: 'DeliverFlowLogs',
          policyDocument: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({
                actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
                // The Arn attribute ends in ':*', which covers the group's log streams.
                resources: [logGroup.attrArn],
              }),
            ],
          }),
        },
      ],
    });
    new ec2.CfnFlowLog(this.stack, 'VpcFlowLog', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: logGroup.ref,
      deliverLogsPermissionArn: role.attrArn,
    });
  }
}
