import type { Construct } from 'constructs';
import type { CatalogConfig } from '../config/schema';
import { ExistingNetworkProduct } from './existing-network/existing-network-product';
import { NatGatewayProduct } from './nat-gateway/nat-gateway-product';
import { NetworkFirewallProduct } from './network-firewall/network-firewall-product';
import { PrivateLinkProduct } from './private-link/private-link-product';
import { PublicIpProduct } from './public-ip/public-ip-product';
import type { CatalogProductStack } from './shared/catalog-product-stack';
import type { ProductId } from './shared/identity';

/** One network pattern as a Service Catalog product. */
export interface ProductDefinition {
  readonly id: ProductId;
  /** Stable PascalCase construct id: snapshot file names and the product's logical ids derive from it. */
  readonly constructId: string;
  /** The product name data engineers see in the Service Catalog console. */
  readonly name: string;
  readonly description: string;
  create(scope: Construct, id: string, props: { version: string; config: CatalogConfig }): CatalogProductStack;
}

export const PRODUCTS: readonly ProductDefinition[] = [
  {
    id: 'public-ip',
    constructId: 'PublicIp',
    name: 'Metadata agent - public IP',
    description:
      'New VPC with public subnets in two AZs; each agent task gets a public IP and reaches AWS services, the vendor and data sources through the internet gateway. Cheapest; no fixed egress IP.',
    create: (scope, id, props) => new PublicIpProduct(scope, id, props),
  },
  {
    id: 'nat-gateway',
    constructId: 'NatGateway',
    name: 'Metadata agent - NAT gateway fixed egress IP',
    description:
      'New VPC; the agent runs in private subnets and all egress leaves through NAT gateway Elastic IPs (one shared, or one per AZ), ready for data-source allowlists. Bring your own Elastic IPs to keep the addresses across re-launches.',
    create: (scope, id, props) => new NatGatewayProduct(scope, id, props),
  },
  {
    id: 'network-firewall',
    constructId: 'NetworkFirewall',
    name: 'Metadata agent - Network Firewall domain allowlist',
    description:
      'New VPC; the agent runs in private subnets and all egress passes a NAT gateway and an AWS Network Firewall endpoint in the same AZ, which allows only allowlisted domains over TLS/HTTP and logs the rest. Fixed egress IPs; the most controlled and the most expensive pattern.',
    create: (scope, id, props) => new NetworkFirewallProduct(scope, id, props),
  },
  {
    id: 'private-link',
    constructId: 'PrivateLink',
    name: 'Metadata agent - PrivateLink, no internet',
    description:
      'New VPC with isolated subnets and no internet path at all: AWS services through VPC interface endpoints and an S3 gateway endpoint, the vendor and data sources through optional PrivateLink endpoint services. Needs the agent image in ECR in the launch region.',
    create: (scope, id, props) => new PrivateLinkProduct(scope, id, props),
  },
  {
    id: 'existing-network',
    constructId: 'ExistingNetwork',
    name: 'Metadata agent - existing network',
    description:
      'The agent in your existing VPC and subnets, with your security groups or a new one without inbound rules, optionally behind your HTTPS proxy. Creates no network; the template states what it assumes your network provides.',
    create: (scope, id, props) => new ExistingNetworkProduct(scope, id, props),
  },
];

export function productDefinition(id: string): ProductDefinition {
  const found = PRODUCTS.find((p) => p.id === id);
  if (!found) throw new Error(`unknown product '${id}'; products: ${PRODUCTS.map((p) => p.id).join(', ')}`);
  return found;
}
