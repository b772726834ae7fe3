import { NETWORK_PROMISES, type EgressPromise } from '../../../../products/shared/network-promises';
import { endpointProblems, policyDenial } from '../endpoint-reachability';
import type { NetworkModel } from '../network-model';
import { describeRoute } from '../paths';
import { internetPaths } from '../routing';
import { CANNOT_PROVE, type PromiseResult } from '../types';
import { templateSubnets } from './common';
import { checkPrivateDns } from './private-dns';

/** The shared promise definition this check proves (products/shared/network-promises.ts; test/network-promises.test.ts). */
export const PRIVATE_LINK_PROVES: EgressPromise = 'no-internet-path';
export const PRIVATE_LINK_PROMISE = NETWORK_PROMISES['private-link'].statement;

/**
 * What Batch on Fargate needs without an internet route, and why (reference: ../shared/reference/network.md; ECR
 * user guide "vpc-endpoints"; AWS Batch user guide "vpc-interface-endpoints"; IAM guide "reference_sts_vpc_endpoint_create").
 */
export const REQUIRED_INTERFACE_ENDPOINTS: Record<string, string> = {
  'ecr.api': 'get the ECR authorization token and image manifest',
  'ecr.dkr': 'pull the agent image',
  logs: 'write its job logs (awslogs)',
  sts: 'assume the vendor role (regional STS)',
  ssm: 'read its credentials from Parameter Store',
};

export function checkPrivateLink(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  const notes: string[] = [];
  const agentSubnets = templateSubnets(model);
  const agentTables = [...new Set(agentSubnets.map((s) => model.subnets.get(s)?.routeTable).filter((t): t is string => !!t))];
  for (const subnet of agentSubnets) {
    const table = model.subnets.get(subnet)?.routeTable;
    if (!table) findings.push(`agent subnet ${subnet} has no route table association in the template (the VPC main route table is not provable)`);
    for (const route of model.routes.filter((r) => r.table === table)) {
      if (route.target.kind === 'internet-gateway' || route.target.kind === 'nat-gateway') {
        findings.push(`${describeRoute(model, route)}: agent subnet ${subnet} has a path to the internet; private-link promises none`);
      } else if (route.target.kind === 'leaves-vpc') {
        findings.push(`${CANNOT_PROVE}${describeRoute(model, route)}: traffic of agent subnet ${subnet} leaves the VPC to an unknown network, which may reach the internet`);
      }
    }
    for (const path of internetPaths(model, subnet)) {
      if (path.end === 'internet' && path.hops[0].route?.target.kind !== 'internet-gateway' && path.hops[0].route?.target.kind !== 'nat-gateway') {
        findings.push(`agent subnet ${subnet} reaches an internet gateway through ${path.hops.map((h) => h.routeTable).join(' → ')} (for ${path.destinations})`);
      }
    }
  }

  const interfaces = model.endpoints.filter((e) => e.type === 'Interface');
  for (const [service, why] of Object.entries(REQUIRED_INTERFACE_ENDPOINTS)) {
    const endpoint = interfaces.find((e) => e.service === service);
    if (!endpoint) {
      findings.push(`missing interface endpoint ${service} (com.amazonaws.\${AWS::Region}.${service}): without it the agent cannot ${why}`);
      continue;
    }
    if (!endpoint.privateDns) {
      findings.push(`${endpoint.id} (${service}): PrivateDnsEnabled is not true; the agent resolves the public ${service} name, which the agent subnets have no route to`);
    }
    if (endpoint.subnets.length === 0) findings.push(`${endpoint.id} (${service}): no SubnetIds; the endpoint has no network interface`);
    else for (const subnet of agentSubnets) findings.push(...endpointProblems(model, endpoint, subnet));
  }
  if (!interfaces.some((e) => e.service === 'secretsmanager')) notes.push('no secretsmanager endpoint: credentials in Secrets Manager are unreachable (Parameter Store only)');

  const s3 = model.endpoints.filter((e) => e.type === 'Gateway' && e.service === 's3');
  for (const e of s3) {
    const denial = policyDenial(e);
    if (denial) findings.push(denial);
  }
  if (s3.length === 0) {
    findings.push('missing S3 gateway endpoint (com.amazonaws.${AWS::Region}.s3, VpcEndpointType Gateway): ECR image layers are served from S3, so the image pull fails');
  } else {
    for (const table of agentTables) {
      if (!s3.some((e) => e.routeTables.includes(table))) {
        findings.push(`S3 gateway endpoint ${s3.map((e) => e.id).join(', ')} is not on agent route table ${table}: ECR image layers (S3) are unreachable from its subnets`);
      }
    }
  }
  for (const [id, vpc] of [...model.resources].filter(([, r]) => r.Type === 'AWS::EC2::VPC')) {
    const p = vpc.Properties ?? {};
    // Private DNS of interface endpoints needs both (VPC user guide, "vpc-dns"); EnableDnsHostnames defaults to false.
    if (p.EnableDnsSupport === false || p.EnableDnsSupport === 'false' || !(p.EnableDnsHostnames === true || p.EnableDnsHostnames === 'true')) {
      findings.push(`${id}: EnableDnsSupport and EnableDnsHostnames must both be true for endpoint private DNS`);
    }
  }
  const dns = checkPrivateDns(model);
  return { findings: [...findings, ...dns.findings], notes: [...notes, ...dns.notes] };
}
