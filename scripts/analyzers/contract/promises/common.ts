import { tcpPasses } from '../network-acls';
import type { NetworkModel, RouteTarget } from '../network-model';
import { egressPath } from '../paths';
import { internetPaths } from '../routing';
import { CANNOT_PROVE, type PromiseResult } from '../types';

/** The ephemeral ports replies come back to (Linux, as on Fargate: 32768-60999); a representative one is checked. */
const EPHEMERAL_PORT = 32768;

/**
 * Every product: the agent's security groups have no inbound rules (nothing initiates a connection to the agent),
 * and the agent runs in subnets. Products whose paths the template builds: every agent subnet is the template's
 * (otherwise no route of it can be checked, and "holds" would be vacuous). Products that promise internet egress:
 * the internet gateway is attached to the VPC, and the network ACLs on the way let HTTPS out and the replies in.
 */
export function checkCommon(model: NetworkModel, options: { needsTemplateSubnets: boolean; needsInternet: boolean }): PromiseResult {
  const findings: string[] = [];
  const agent = model.agent!;
  for (const id of agent.securityGroups) {
    const group = model.securityGroups.get(id);
    for (const rule of group?.ingress ?? []) {
      findings.push(`${id}: inbound rule ${rule.protocol} port ${rule.ports} from ${rule.peer}; the agent security group must have no inbound rules`);
    }
  }
  if (agent.subnets.length === 0) findings.push(`${agent.computeEnvironment}: ComputeResources.Subnets is empty; the agent runs in no subnet`);
  if (options.needsTemplateSubnets) {
    for (const reason of agent.unresolvedSubnets) findings.push(`${CANNOT_PROVE}agent subnet of ${agent.computeEnvironment}: ${reason}; its routes are unknown`);
    for (const subnet of agent.subnets) {
      if (model.subnets.has(subnet) || subnet.startsWith('unresolved')) continue;
      findings.push(`${CANNOT_PROVE}agent subnet ${subnet} of ${agent.computeEnvironment} is not created by this template; its routes are unknown`);
    }
  }
  if (options.needsInternet) {
    for (const subnet of templateSubnets(model)) findings.push(...internetFindings(model, subnet));
  }
  return { findings: [...new Set(findings)] };
}

function internetFindings(model: NetworkModel, subnet: string): string[] {
  const findings: string[] = [];
  for (const path of internetPaths(model, subnet)) {
    const gateway = path.end === 'internet' ? path.hops[path.hops.length - 1].route?.target : undefined;
    if (gateway?.kind === 'internet-gateway' && model.resources.get(gateway.id)?.Type === 'AWS::EC2::InternetGateway' && !model.attachedGateways.has(gateway.id)) {
      findings.push(`${gateway.id}: never attached to a VPC (no AWS::EC2::VPCGatewayAttachment); egress of agent subnet ${subnet} through it goes nowhere`);
    }
  }
  // Network ACLs apply where traffic crosses a subnet boundary: each subnet of the path, out to and back from the internet.
  const path = egressPath(model, subnet);
  if (path.end !== 'internet') return findings;
  for (const hop of path.hops) {
    const acl = model.networkAcls.get(model.subnets.get(hop.subnet)?.networkAcl ?? '');
    for (const [direction, port] of [['egress', 443], ['ingress', EPHEMERAL_PORT]] as const) {
      const verdict = tcpPasses(acl, direction, port, 'internet');
      const what = direction === 'egress' ? `HTTPS (TCP 443) out of ${hop.subnet}` : `replies (TCP ${EPHEMERAL_PORT}, an ephemeral port) into ${hop.subnet}`;
      if ('unknown' in verdict) findings.push(`${CANNOT_PROVE}${verdict.unknown}; whether ${what} passes is not known`);
      else if (!verdict.allowed) findings.push(`${verdict.why}: ${what} is blocked, so the egress path of agent subnet ${subnet} is unusable`);
    }
  }
  return findings;
}

/** The agent subnets the template creates (not parameters). */
export function templateSubnets(model: NetworkModel): string[] {
  return model.agent!.subnets.filter((s) => model.subnets.has(s));
}

/** The "cannot prove: " prefix for a finding about a route whose target the template does not give; else ''. */
export function unknownTarget(target: RouteTarget): string {
  return target.kind === 'leaves-vpc' && target.unresolved ? CANNOT_PROVE : '';
}
