import { CfnCondition, CfnOutput, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { NETWORK_GROUP } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { addNetworkRules } from './network-rules';
import { ProxyCaBundle } from './proxy-ca-bundle';
import { ProxyEnvironment } from './proxy-environment';

/** At most five security groups per Fargate task (Amazon ECS awsvpc network configuration). */
export const SECURITY_GROUP_IDS_PATTERN = '^$|^sg-[0-9a-f]{8,17}(,sg-[0-9a-f]{8,17}){0,4}$';

/**
 * What this template cannot prove about the customer's network and therefore assumes. Stated in the template
 * Metadata (NetworkAssumptions), in an output, and summarized in the Description.
 */
export const NETWORK_ASSUMPTIONS = [
  'The agent subnets reach ECR (api and dkr) and its S3 layer bucket, CloudWatch Logs, STS, SSM and Secrets Manager of the launch region: through a NAT gateway, an internet gateway (with AssignPublicIp=ENABLED) or VPC endpoints. Fargate pulls the image and ships logs itself, never through the proxy.',
  'AssignPublicIp=ENABLED only works in subnets whose route table sends 0.0.0.0/0 to an internet gateway; DISABLED needs a NAT gateway, a proxy or VPC endpoints.',
  'The VPC has DNS resolution (and DNS host names for interface endpoints with private DNS) enabled.',
  'Existing security groups belong to the chosen VPC and allow the outbound traffic above; CloudFormation Rules cannot check a security group\'s VPC.',
  'The proxy, when set, allows HTTPS CONNECT to the vendor and the data sources; AWS endpoints (.amazonaws.com) bypass it.',
  'With ProxyCaBundleParameter, the SSM parameter holds the PEM of the CA the proxy re-signs TLS with, and the agent image has /bin/sh and an ENTRYPOINT that is empty or runs its arguments (the job writes the bundle, then runs AgentStartCommand).',
];

/**
 * existing-network (the "other" pattern): nothing network-wide is created. The agent runs in the customer's VPC and
 * subnets, with their security groups or a new one without inbound rules, optionally behind their HTTPS proxy.
 */
export class ExistingNetworkProduct extends CatalogProductStack {
  constructor(scope: Construct, id: string, props: Omit<CatalogProductProps, 'productId' | 'summary'>) {
    super(scope, id, {
      ...props,
      productId: 'existing-network',
      summary:
        "agent in your existing VPC and subnets, optionally behind your HTTPS proxy. It creates no network: it assumes the subnets can reach ECR, S3, CloudWatch Logs, STS, SSM and Secrets Manager (see Metadata NetworkAssumptions).",
    });
    this.templateOptions.metadata = { ...this.templateOptions.metadata, NetworkAssumptions: NETWORK_ASSUMPTIONS };

    const p = this.consoleParameters;
    const vpcId = p.add('ExistingVpcId', {
      group: NETWORK_GROUP,
      label: 'VPC',
      description: 'The existing VPC the agent runs in.',
      type: 'AWS::EC2::VPC::Id',
    }).valueAsString;
    const subnetIds = p.add('ExistingSubnetIds', {
      group: NETWORK_GROUP,
      label: 'Agent subnets',
      description: 'Subnets of that VPC for the agent tasks; choose subnets in at least two availability zones.',
      type: 'List<AWS::EC2::Subnet::Id>',
    }).valueAsList;
    const assignPublicIp = p.add('AssignPublicIp', {
      group: NETWORK_GROUP,
      label: 'Assign public IP to tasks',
      description: 'ENABLED only for public subnets without NAT (route 0.0.0.0/0 to an internet gateway); DISABLED for private subnets.',
      type: 'String',
      default: 'DISABLED',
      allowedValues: ['DISABLED', 'ENABLED'],
    }).valueAsString;
    // A String with a pattern, not List<AWS::EC2::SecurityGroup::Id>: the choice "none, create one" needs an empty
    // value, and the AWS-typed list would buy no Rules check (a security group's VpcId is not a Rules attribute).
    const existingGroups = p.add('ExistingSecurityGroupIds', {
      group: NETWORK_GROUP,
      label: 'Existing security groups (optional)',
      description:
        'Empty to create a security group with no inbound rules and all outbound traffic, or up to five security group ids of that VPC, comma-separated (sg-0123abcd,sg-4567ef89).',
      type: 'String',
      default: '',
      allowedPattern: SECURITY_GROUP_IDS_PATTERN,
      constraintDescription: 'must be empty or one to five security group ids (sg- followed by 8 or 17 hex digits) separated by commas, no spaces',
    }).valueAsString;
    const proxy = new ProxyEnvironment(this);
    const caBundle = new ProxyCaBundle(this);

    const createGroup = new CfnCondition(this, 'CreateAgentSecurityGroup', { expression: Fn.conditionEquals(existingGroups, '') });
    const group = new ec2.CfnSecurityGroup(this, 'AgentSecurityGroup', {
      vpcId,
      groupDescription: 'Agent tasks: no inbound rules; all outbound',
      securityGroupEgress: [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0', description: 'Agent egress (data sources, AWS services, vendor)' }],
      tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-agent') }],
    });
    group.cfnOptions.condition = createGroup;
    const securityGroupIds = Token.asList(Fn.conditionIf(createGroup.logicalId, [group.attrGroupId], Fn.split(',', existingGroups)));

    const runtime = new AgentRuntime(this, {
      vpcId,
      subnetIds,
      assignPublicIp,
      securityGroupIds,
      conditionalEnvironment: proxy.jobEnvironment(),
    });
    caBundle.applyTo(runtime);
    addNetworkRules(this, { vpcId, proxyUrl: proxy.url, proxyExclusions: proxy.exclusions });
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds });

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('VpcId', vpcId, 'The VPC the agent runs in (yours).');
    out('SubnetIds', Fn.join(',', subnetIds), 'Subnets of the agent tasks (yours).');
    out('JobProxyUrl', Fn.conditionIf(proxy.hasProxy.logicalId, proxy.url, 'none').toString(), 'The HTTPS proxy the agent uses, or none.');
    out(
      'JobProxyCaBundle',
      Fn.conditionIf(caBundle.hasBundle.logicalId, caBundle.parameterName, 'none').toString(),
      'SSM parameter with the CA bundle of a TLS-inspecting proxy the job trusts, or none.',
    );
    out('JobNoProxy', Fn.conditionIf(proxy.hasProxy.logicalId, proxy.noProxy, 'none').toString(), 'Destinations that bypass the proxy (NO_PROXY), or none without a proxy.');
    out('NetworkAssumptions', NETWORK_ASSUMPTIONS.map((a, i) => `(${i + 1}) ${a}`).join(' '), 'What this product assumes about your network and cannot check.');
  }
}
