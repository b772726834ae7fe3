import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from './catalog-product-stack';
import { NETWORK_PROMISES, type EgressPromise } from './network-promises';

/** Logical id and outputs the "Check the network" self-service action reads (portfolios/actions/). */
export const ACCESS_SCOPE_LOGICAL_ID = 'NetworkAccessScope';
export const ACCESS_SCOPE_OUTPUTS = { id: 'NetworkAccessScopeId', expectation: 'NetworkAccessScopeExpectation' } as const;

/** The product's resources a scope names; which ones a product must give depends on its promise. */
export interface AccessScopeResources {
  /** The subnets the agent tasks run in (a list parameter's value for existing-network). */
  readonly agentSubnetIds: string[];
  /** only-via-nat-gateway: the product's NAT gateways (a Token list when one of them is conditional). */
  readonly natGatewayIds?: string[];
  /** only-via-same-az-firewall: the firewall of each agent subnet's AZ, in the order of agentSubnetIds. */
  readonly firewallArnsByAz?: string[];
}

type PathStatement = ec2.CfnNetworkInsightsAccessScope.PathStatementRequestProperty;
type Path = ec2.CfnNetworkInsightsAccessScope.AccessScopePathRequestProperty;

/*
 * Resource statements (Network Access Analyzer user guide, "resource-statement"): one statement holds resource ids OR
 * resource types, never both; subnets and internet gateways may be a source or destination only, NAT gateways and
 * network firewalls a "through" resource only. A finding is a path that matches a MatchPaths entry and no
 * ExcludePaths entry (CloudFormation AWS::EC2::NetworkInsightsAccessScope: MatchPaths, ExcludePaths; both
 * create-only, so a changed scope is replaced, which nothing depends on).
 */
const resources = (ids: string[]): PathStatement => ({ resourceStatement: { resources: ids } });
const types = (...resourceTypes: string[]): PathStatement => ({ resourceStatement: { resourceTypes } });
const INTERNET_GATEWAY = 'AWS::EC2::InternetGateway';
const NAT_GATEWAY = 'AWS::EC2::NatGateway';

/** Nothing may connect to the agent: its security groups have no inbound rules (every product's promise). */
const inbound = (subnets: string[]): Path => ({ source: types(INTERNET_GATEWAY), destination: resources(subnets) });
const toInternetGateway = (subnets: string[]): Path => ({ source: resources(subnets), destination: types(INTERNET_GATEWAY) });
const through = (subnets: string[], statement: PathStatement): Path => ({ source: resources(subnets), throughResources: [statement] });

/** MatchPaths and ExcludePaths of each promise, from the product's resources. */
export function accessScopePaths(egress: EgressPromise, r: AccessScopeResources): { matchPaths: Path[]; excludePaths: Path[] } {
  const subnets = r.agentSubnetIds;
  switch (egress) {
    case 'no-internet-path':
      return { matchPaths: [toInternetGateway(subnets), through(subnets, types(NAT_GATEWAY)), inbound(subnets)], excludePaths: [] };
    case 'only-via-nat-gateway':
      return { matchPaths: [toInternetGateway(subnets), inbound(subnets)], excludePaths: [through(subnets, resources(required(r.natGatewayIds, 'natGatewayIds', egress)))] };
    case 'only-via-same-az-firewall': {
      const firewalls = required(r.firewallArnsByAz, 'firewallArnsByAz', egress);
      if (firewalls.length !== subnets.length) throw new Error(`${egress}: one firewall per agent subnet (AZ) is needed, got ${firewalls.length} for ${subnets.length} subnets`);
      // Per AZ: a path from AZ n's agent subnet is excused only by AZ n's firewall, so crossing the other AZ's is a finding.
      return {
        matchPaths: [...subnets.map((subnet) => toInternetGateway([subnet])), inbound(subnets)],
        excludePaths: subnets.map((subnet, az) => through([subnet], resources([firewalls[az]]))),
      };
    }
    case 'only-via-internet-gateway-with-public-ip':
      return { matchPaths: [inbound(subnets), through(subnets, types(NAT_GATEWAY))], excludePaths: [] };
    case 'assumptions-only':
      // Report only: the internet paths the customer's network gives the agent.
      return { matchPaths: [toInternetGateway(subnets)], excludePaths: [] };
  }
}

function required<T>(value: T | undefined, name: string, egress: EgressPromise): T {
  if (value === undefined) throw new Error(`the ${egress} access scope needs ${name}`);
  return value;
}

/**
 * The product's Network Access Analyzer scope, derived from its promise (products/shared/network-promises.ts), with
 * its id and what an analysis must show as outputs. Creating a scope costs nothing; an analysis is billed per
 * network interface analyzed (see the products' docs).
 */
export function addNetworkAccessScope(stack: CatalogProductStack, r: AccessScopeResources): ec2.CfnNetworkInsightsAccessScope {
  const promise = NETWORK_PROMISES[stack.productId];
  const scope = new ec2.CfnNetworkInsightsAccessScope(stack, ACCESS_SCOPE_LOGICAL_ID, {
    ...accessScopePaths(promise.egress, r),
    tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-network-promise') }],
  });
  new CfnOutput(stack, ACCESS_SCOPE_OUTPUTS.id, {
    value: scope.attrNetworkInsightsAccessScopeId,
    description: `Network Access Analyzer scope of this product's promise (${promise.egress}); the "Check the network" action analyzes it.`,
  });
  new CfnOutput(stack, ACCESS_SCOPE_OUTPUTS.expectation, {
    value: promise.analyzer,
    description: `no-findings: any finding of the scope breaks the promise; report: findings describe your network. A finding here means ${promise.findingMeans}.`,
  });
  return scope;
}
