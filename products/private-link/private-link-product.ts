import { CfnOutput, Fn, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AgentRuntime } from '../runtime/agent-runtime';
import { CatalogProductStack, type CatalogProductProps } from '../shared/catalog-product-stack';
import { ProductVpc } from '../shared/network';
import { addNetworkAccessScope } from '../shared/network-access-scope';
import { awsServiceName, endpointSecurityGroup, interfaceEndpoint, s3GatewayEndpoint } from '../shared/vpc-endpoints';
import { addDistinctZonesRule, PrivateDnsSlot } from './private-dns';
import { PRIVATE_DNS_METADATA_KEY } from './private-dns-declaration';
import { PrivateLinkParameters } from './private-link-parameters';

/**
 * The AWS services the agent needs, each through an interface endpoint with private DNS (AWS Batch user guide,
 * "vpc-interface-endpoints"; ECR user guide, "vpc-endpoints"). Fargate itself needs no ecs/ecs-agent/ecs-telemetry
 * endpoint, and the job does not call the Batch API.
 */
const AWS_SERVICE_ENDPOINTS = [
  { id: 'EcrApiEndpoint', service: 'ecr.api' }, // image manifests and the pull authorization token
  { id: 'EcrDkrEndpoint', service: 'ecr.dkr' }, // the registry (Docker) API; layers come from S3 (gateway endpoint)
  { id: 'LogsEndpoint', service: 'logs' }, // the awslogs driver of the job definition
  { id: 'StsEndpoint', service: 'sts' }, // the agent assumes the vendor role (regional STS: AWS_STS_REGIONAL_ENDPOINTS)
  { id: 'SsmEndpoint', service: 'ssm' }, // data-source credentials in Parameter Store
] as const;

/**
 * private-link: a new VPC with isolated subnets only — no internet gateway, no NAT gateway, no 0.0.0.0/0 route.
 * Every AWS dependency of the agent resolves, through private DNS, to an interface endpoint in the VPC; ECR image
 * layers come through the S3 gateway endpoint; the vendor or a data source is reachable only through an optional
 * PrivateLink endpoint service.
 */
export class PrivateLinkProduct extends CatalogProductStack {
  constructor(scope: Construct, id: string, props: Omit<CatalogProductProps, 'productId' | 'summary'>) {
    super(scope, id, {
      ...props,
      productId: 'private-link',
      summary:
        'agent in isolated subnets of a new VPC with no internet path at all; AWS services through VPC endpoints, the vendor and data sources ' +
        'through optional PrivateLink endpoint services. Assumes the agent image is in Amazon ECR in the region of launch: ECR endpoints ' +
        'serve their own region only, and no other registry is reachable.',
    });
    const network = new ProductVpc(this);
    const choices = new PrivateLinkParameters(this);

    // Subnet slots in a fixed order: AgentSubnet1, AgentSubnet2. Their route tables keep only the local route
    // (and the S3 prefix-list route the gateway endpoint adds).
    const agentSubnets = ([0, 1] as const).map((az) => network.subnet(`AgentSubnet${az + 1}`, az));
    const subnetIds = agentSubnets.map((s) => s.subnet.ref);

    const agentSources = agentSubnets.map((s) => ({ cidr: s.subnet.attrCidrBlock, name: s.subnet.node.id }));
    const securityGroup = endpointSecurityGroup(this, 'EndpointSecurityGroup', {
      vpcId: network.vpcId,
      groupDescription: 'AWS service endpoints: HTTPS from the agent subnets only',
      tcpPorts: [443],
      from: agentSources,
      name: 'endpoints',
    });
    const endpointSubnetIds = Token.asList(Fn.conditionIf(choices.endpointsInBothAzs.logicalId, subnetIds, [subnetIds[0]]));
    const common = { vpcId: network.vpcId, subnetIds: endpointSubnetIds };

    const awsEndpoints = AWS_SERVICE_ENDPOINTS.map(({ id: endpointId, service }) =>
      interfaceEndpoint(this, endpointId, {
        ...common,
        securityGroupIds: [securityGroup.attrGroupId],
        serviceName: awsServiceName(service),
        privateDns: true,
        name: service,
      }),
    );
    const secretsManager = interfaceEndpoint(this, 'SecretsManagerEndpoint', {
      ...common,
      securityGroupIds: [securityGroup.attrGroupId],
      serviceName: awsServiceName('secretsmanager'),
      privateDns: true,
      name: 'secretsmanager',
    });
    secretsManager.cfnOptions.condition = choices.withSecretsManager;

    s3GatewayEndpoint(this, 'S3GatewayEndpoint', { vpcId: network.vpcId, routeTableIds: agentSubnets.map((s) => s.routeTable.ref) });

    // Endpoint services get their own group: besides HTTPS, Snowflake's PrivateLink needs HTTP (port 80) for its
    // OCSP certificate checks, which the AWS service endpoints never need.
    const serviceSecurityGroup = endpointSecurityGroup(this, 'PrivateLinkServiceSecurityGroup', {
      vpcId: network.vpcId,
      groupDescription: 'PrivateLink endpoint services: HTTPS and HTTP (OCSP) from the agent subnets only',
      tcpPorts: [443, 80],
      from: agentSources,
      name: 'privatelink-services',
    });
    serviceSecurityGroup.cfnOptions.condition = choices.withAnyService;
    const serviceEndpoints = choices.serviceNames.map((name, i) => {
      const endpoint = interfaceEndpoint(this, `PrivateLinkService${i + 1}Endpoint`, {
        ...common,
        securityGroupIds: [serviceSecurityGroup.attrGroupId],
        serviceName: name.valueAsString,
        // Endpoint services rarely publish a private DNS name (Snowflake's does not), and asking for private DNS
        // on one without it fails the launch.
        privateDns: false,
        name: `privatelink-${i + 1}`,
      });
      endpoint.cfnOptions.condition = choices.withService[i];
      return endpoint;
    });

    // Per endpoint service, an optional private hosted zone whose host names alias its endpoint (Snowflake's hosts).
    const dns = serviceEndpoints.map(
      (endpoint, i) =>
        new PrivateDnsSlot(this, {
          slot: i + 1,
          group: `Private DNS: endpoint service ${i + 1}`,
          serviceName: choices.serviceNames[i],
          withService: choices.withService[i],
          endpoint,
          vpcId: network.vpcId,
        }),
    );
    addDistinctZonesRule(this, dns);
    // Which host names belong to which endpoint: the contract proves each resolves to that endpoint and no other.
    this.templateOptions.metadata = { ...this.templateOptions.metadata, [PRIVATE_DNS_METADATA_KEY]: dns.map((d) => d.declaration) };

    new AgentRuntime(this, { vpcId: network.vpcId, subnetIds, assignPublicIp: 'DISABLED' });
    addNetworkAccessScope(this, { agentSubnetIds: subnetIds });

    new CfnOutput(this, 'VpcId', { value: network.vpcId, description: 'The VPC the agent runs in (no internet gateway, no NAT).' });
    new CfnOutput(this, 'SubnetIds', { value: Fn.join(',', subnetIds), description: 'Isolated subnets of the agent tasks (one per AZ).' });
    network.addAvailabilityZoneIdsOutput();
    new CfnOutput(this, 'EndpointSecurityGroupId', {
      value: securityGroup.attrGroupId,
      description: 'Security group of the interface endpoints: HTTPS from the agent subnets only.',
    });
    new CfnOutput(this, 'AwsServiceEndpointIds', {
      value: Fn.join(',', awsEndpoints.map((e) => e.ref)),
      description: `Interface endpoints of ${AWS_SERVICE_ENDPOINTS.map((e) => e.service).join(', ')} (private DNS).`,
    });
    new CfnOutput(this, 'SecretsManagerEndpointId', {
      value: secretsManager.ref,
      condition: choices.withSecretsManager,
      description: 'Interface endpoint of Secrets Manager (private DNS).',
    });
    serviceEndpoints.forEach((endpoint, i) => {
      new CfnOutput(this, `PrivateLinkService${i + 1}DnsEntries`, {
        value: Fn.join(',', endpoint.attrDnsEntries),
        condition: choices.withService[i],
        description: `DNS entries (hosted-zone-id:name) of the endpoint to PrivateLinkServiceName${i + 1}: point the provider's host name at them.`,
      });
    });
  }
}
