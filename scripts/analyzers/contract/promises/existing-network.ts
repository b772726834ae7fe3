import type { EgressPromise } from '../../../../products/shared/network-promises';
import type { NetworkModel } from '../network-model';
import type { PromiseResult } from '../types';
import { checkProxyCaBundle } from './proxy-ca-bundle';

/** The shared promise definition this check proves (products/shared/network-promises.ts; test/network-promises.test.ts). */
export const EXISTING_NETWORK_PROVES: EgressPromise = 'assumptions-only';
export const EXISTING_NETWORK_PROMISE = "the customer's network decides the paths; the template states its assumptions (it cannot prove the customer's VPC)";

/**
 * existing-network: nothing about routing can be proven from the template, so it passes; what it relies on is stated
 * instead, read from the template (where the subnets, groups and public IP come from, and any proxy settings).
 */
export function checkExistingNetwork(model: NetworkModel): PromiseResult {
  const agent = model.agent!;
  const assumptions: string[] = [];
  const fromParameters = agent.subnets.filter((s) => s.startsWith('parameter '));
  if (fromParameters.length) {
    assumptions.push(`the agent subnets (${fromParameters.join(', ')}) exist in the chosen VPC and route to everything the agent needs: the image registry, CloudWatch Logs, STS, Parameter Store/Secrets Manager, the vendor and the data sources`);
  }
  assumptions.push(
    /ENABLED/.test(agent.assignPublicIp) || agent.assignPublicIp.startsWith('parameter ')
      ? `assignPublicIp is ${agent.assignPublicIp}: with ENABLED the subnets must be public (0.0.0.0/0 → internet gateway); with DISABLED they need a NAT, a proxy or VPC endpoints`
      : `assignPublicIp is ${agent.assignPublicIp}: the subnets need a NAT gateway, a proxy or VPC endpoints to reach AWS services`,
  );
  const groupParameters = agent.securityGroups.filter((g) => g.startsWith('parameter '));
  if (groupParameters.length) assumptions.push(`the existing security group (${groupParameters.join(', ')}) allows the agent's outbound traffic and has no inbound rules`);
  const proxy = proxySettings(model);
  if (proxy.length) assumptions.push(`when set, the HTTPS proxy (${proxy.join(', ')}) is reachable from the subnets and allows the agent's destinations`);
  const caBundle = checkProxyCaBundle(model);
  return { findings: caBundle.findings, assumptions: [...assumptions, ...caBundle.assumptions] };
}

function proxySettings(model: NetworkModel): string[] {
  const names = new Set<string>();
  for (const id of model.agent!.jobDefinitions) {
    const environment = (model.resources.get(id)?.Properties?.ContainerProperties as { Environment?: { Name?: unknown }[] } | undefined)?.Environment ?? [];
    for (const variable of environment) if (/^(HTTPS?_PROXY|NO_PROXY)$/i.test(String(variable.Name))) names.add(String(variable.Name));
  }
  return [...names].sort();
}
