import type { NetworkModel } from '../network-model';
import type { PromiseResult } from '../types';

/**
 * Every product: the agent's security groups have no inbound rules (nothing initiates a connection to the agent),
 * and the agent runs in subnets.
 */
export function checkCommon(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  const agent = model.agent!;
  for (const id of agent.securityGroups) {
    const group = model.securityGroups.get(id);
    for (const rule of group?.ingress ?? []) {
      findings.push(`${id}: inbound rule ${rule.protocol} port ${rule.ports} from ${rule.peer}; the agent security group must have no inbound rules`);
    }
  }
  if (agent.subnets.length === 0) findings.push(`${agent.computeEnvironment}: ComputeResources.Subnets is empty; the agent runs in no subnet`);
  return { findings };
}

/** The agent subnets the template creates (not parameters). */
export function templateSubnets(model: NetworkModel): string[] {
  return model.agent!.subnets.filter((s) => model.subnets.has(s));
}
