import type { NetworkModel } from '../network-model';
import { describeRoute, egressPath } from '../paths';
import type { PromiseResult } from '../types';
import { bypassFindings } from './bypass';
import { templateSubnets, unknownTarget } from './common';

export const PUBLIC_IP_PROMISE = 'agent egress goes directly to the internet gateway with a per-task public IP; no inbound rules';

/**
 * public-ip: each agent subnet's 0.0.0.0/0 route targets the internet gateway directly, and the job gives each task a
 * public IP (assignPublicIp ENABLED; without NAT a Fargate task has no other way out: AWS Batch user guide,
 * "fargate" networking; the API default is DISABLED).
 */
export function checkPublicIp(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  const agent = model.agent!;
  for (const subnet of templateSubnets(model)) {
    const path = egressPath(model, subnet);
    const first = path.hops[0];
    if (!first.routeTable) findings.push(`agent subnet ${subnet} has no route table association in the template`);
    else if (!first.route) findings.push(`${first.routeTable}: no 0.0.0.0/0 route; agent subnet ${subnet} cannot reach the internet`);
    else if (first.route.target.kind !== 'internet-gateway') {
      findings.push(`${unknownTarget(first.route.target)}${describeRoute(model, first.route)}, but the public-ip promise is egress straight to the internet gateway from agent subnet ${subnet}`);
    }
    const main = first.route?.id;
    findings.push(
      ...bypassFindings(
        model,
        subnet,
        (p) => (p.hops[0].route!.target.kind === 'internet-gateway' ? undefined : 'do not go straight to the internet gateway with the task public IP'),
        (r) => r.id === main,
      ),
    );
  }
  if (!/^ENABLED$/.test(agent.assignPublicIp)) {
    // Without a job definition nothing gives the task a public IP: name the compute environment instead.
    const who = agent.jobDefinitions.length ? agent.jobDefinitions.join(', ') : `${agent.computeEnvironment} (no AWS::Batch::JobDefinition)`;
    findings.push(`${who}: assignPublicIp is ${agent.assignPublicIp}; a task in a public subnet without a public IP cannot use the internet gateway and there is no NAT`);
  }
  return { findings };
}
