import type { ProductId } from './identity';

/**
 * The one definition of what each product promises about the agent's egress. Two things are derived from it:
 *
 * - offline: `catalog contract` (scripts/analyzers/contract/promises/<product>.ts) proves the promise on the template
 *   and names, in its `…_PROVES` export, which definition it proves (test/network-promises.test.ts checks they agree);
 * - online: the product template's Network Access Analyzer scope (products/shared/network-access-scope.ts), which the
 *   "Check the network" self-service action analyzes on the deployed network.
 */
export const EGRESS_PROMISES = [
  /** private-link: no path from the agent subnets to any internet or NAT gateway. */
  'no-internet-path',
  /** nat-gateway: every path from the agent subnets to the internet passes one of the product's NAT gateways. */
  'only-via-nat-gateway',
  /** network-firewall: every path from an agent subnet to the internet passes the firewall of that subnet's AZ. */
  'only-via-same-az-firewall',
  /** public-ip: straight out through the internet gateway with the task's public IP; nothing comes in. */
  'only-via-internet-gateway-with-public-ip',
  /** existing-network: the customer's network decides; the template states its assumptions. */
  'assumptions-only',
] as const;
export type EgressPromise = (typeof EGRESS_PROMISES)[number];

/**
 * What an analysis of the product's access scope must show: `no-findings` (any finding breaks the promise, and the
 * self-service action fails) or `report` (findings describe the customer's network and are listed, never failed).
 */
export type AnalyzerExpectation = 'no-findings' | 'report';

export interface NetworkPromise {
  readonly egress: EgressPromise;
  /** The promise in one sentence: what `catalog contract` prints and the documents show. */
  readonly statement: string;
  readonly analyzer: AnalyzerExpectation;
  /** What a finding of the product's access scope means, in one sentence. */
  readonly findingMeans: string;
}

export const NETWORK_PROMISES: Record<ProductId, NetworkPromise> = {
  'public-ip': {
    egress: 'only-via-internet-gateway-with-public-ip',
    statement: 'agent egress goes directly to the internet gateway with a per-task public IP; no inbound rules',
    analyzer: 'no-findings',
    findingMeans: 'a path from the internet gateway into the agent subnets (something can connect to the agent), or agent egress through a NAT gateway instead of straight out',
  },
  'nat-gateway': {
    egress: 'only-via-nat-gateway',
    statement: 'every agent egress leaves through a NAT gateway with an Elastic IP, never straight to the internet gateway; the Elastic IPs are outputs',
    analyzer: 'no-findings',
    findingMeans: 'a path from the agent subnets to the internet gateway that does not pass the product\'s NAT gateways (egress from an address nobody allowlisted), or a path into the agent subnets',
  },
  'network-firewall': {
    egress: 'only-via-same-az-firewall',
    statement:
      "all agent egress and its return cross the same AZ's firewall endpoint; the firewall allows only allowlisted domains over TLS/HTTP and the listed non-web CIDR:port pairs (strict order, default drop)",
    analyzer: 'no-findings',
    findingMeans: "a path from an agent subnet to the internet gateway that does not pass the firewall of the subnet's own AZ (the allowlist bypassed), or a path into the agent subnets",
  },
  'private-link': {
    egress: 'no-internet-path',
    statement:
      'no route from the agent subnets to any internet gateway or NAT; every AWS service the agent needs through an interface endpoint with private DNS; the S3 gateway endpoint on the agent route tables; ' +
      "every endpoint service's configured host name resolves, in a private hosted zone of the VPC, to that service's endpoint",
    analyzer: 'no-findings',
    findingMeans: 'a path from the agent subnets to an internet gateway or through a NAT gateway: the "no internet" promise is broken',
  },
  'existing-network': {
    egress: 'assumptions-only',
    statement: "the customer's network decides the paths; the template states its assumptions (it cannot prove the customer's VPC)",
    analyzer: 'report',
    findingMeans: "a path from the agent subnets to an internet gateway in your network: listed so you can compare it with what your network team intends; it fails nothing",
  },
};
