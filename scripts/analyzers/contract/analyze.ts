import { templateIdentity } from '../../../products/shared/identity';
import type { CfnTemplate } from '../upgrade-diff/types';
import { buildNetworkModel, type NetworkModel } from './network-model';
import { describeRoute, describeTarget, egressPath, returnRoute } from './paths';
import { PROMISES } from './promises';
import { checkCommon } from './promises/common';
import { enumerateScenarios } from '../template-evaluation';
import type { AzPaths, ContractReport } from './types';

export class ContractError extends Error {
  readonly userFacing = true;
}

/**
 * The egress contract of any CloudFormation template: the agent's paths per AZ, then the promise of the product the
 * template declares in `Metadata.AgentNetworkCatalog.ProductId`, checked in every condition scenario.
 */
export function analyzeContract(template: CfnTemplate, name: string): ContractReport {
  const identity = templateIdentity(template);
  if (!identity) {
    throw new ContractError(
      `${name}: declares no product in Metadata.AgentNetworkCatalog.ProductId, so there is no promise to check; allowed products: ${Object.keys(PROMISES).join(', ')}`,
    );
  }
  const promise = PROMISES[identity.productId];
  if (!promise) throw new ContractError(`${name}: Metadata.AgentNetworkCatalog.ProductId is '${identity.productId}'; allowed: ${Object.keys(PROMISES).join(', ')}`);
  const scenarios = enumerateScenarios(template);
  const findings = new Map<string, string>();
  const notes = new Map<string, string>();
  const assumptions = new Set<string>();
  let paths: AzPaths[] = [];
  let agent: ContractReport['agent'];
  scenarios.forEach((scenario, i) => {
    const model = buildNetworkModel(template, scenario);
    if (!model.agent) {
      findings.set('no-agent', 'no AWS::Batch::ComputeEnvironment: the agent subnets cannot be identified');
      return;
    }
    if (i === 0) {
      paths = describePaths(model);
      agent = {
        computeEnvironment: model.agent.computeEnvironment,
        subnets: model.agent.subnets,
        securityGroups: model.agent.securityGroups,
        assignPublicIp: model.agent.assignPublicIp,
        securityGroupRules: describeSecurityGroups(model),
      };
    }
    const common = checkCommon(model);
    const result = promise.check(model);
    // A finding met only for some parameter values says which (the default launch's findings are unqualified).
    for (const finding of [...common.findings, ...result.findings]) {
      if (!findings.has(finding)) findings.set(finding, scenario.description && i > 0 ? `${finding} (when ${scenario.description})` : finding);
    }
    for (const note of result.notes ?? []) if (!notes.has(note)) notes.set(note, scenario.description && i > 0 ? `${note} (when ${scenario.description})` : note);
    result.assumptions?.forEach((a) => assumptions.add(a));
  });
  return {
    template: name,
    productId: identity.productId,
    version: identity.version,
    promise: promise.promise,
    holds: findings.size === 0,
    findings: [...findings.values()],
    notes: [...notes.values()],
    assumptions: [...assumptions],
    agent,
    paths,
    scenarios: scenarios.length,
  };
}

function describeSecurityGroups(model: NetworkModel): string[] {
  const rules = (list: { protocol: string; ports: string; peer: string }[], preposition: string) =>
    list.length ? list.map((r) => `${r.protocol}${r.ports === 'all' ? '' : ` ${r.ports}`} ${preposition} ${r.peer}`).join(', ') : 'none';
  return model.agent!.securityGroups.map((id) => {
    const group = model.securityGroups.get(id);
    return group ? `${id}: inbound ${rules(group.ingress, 'from')}; outbound ${rules(group.egress, 'to')}` : `${id}: not in the template`;
  });
}

/** Per agent subnet (one per AZ): agent → internet, agent → AWS services, and the way back. */
function describePaths(model: NetworkModel): AzPaths[] {
  return model.agent!.subnets.map((subnet) => {
    const info = model.subnets.get(subnet);
    if (!info) {
      const text = `decided by the network of ${subnet} (not in the template)`;
      return { az: 'unknown AZ', agentSubnet: subnet, internet: text, awsServices: text, returnPath: text };
    }
    const path = egressPath(model, subnet);
    const hops = path.hops.map((h) => (h.route ? `${h.subnet} [${describeRoute(model, h.route)}]` : `${h.subnet} [${h.routeTable ?? 'no route table'}: no 0.0.0.0/0 route]`));
    const ends = { internet: 'internet', 'leaves-vpc': 'leaves the VPC (unknown)', 'no-route': 'no internet path', loop: 'routing loop' };
    const internet = [...hops, ends[path.end]].join(' → ');

    const interfaces = model.endpoints
      .filter((e) => e.type === 'Interface')
      .map((e) => {
        // An endpoint with no network interface in this AZ still serves it, across AZs (a cost choice).
        const azs = [...new Set(e.subnets.map((s) => model.subnets.get(s)?.az).filter((az) => az !== undefined))];
        const elsewhere = info.az && azs.length && !azs.some((az) => az!.key === info.az!.key) ? ` (in ${azs.map((az) => az!.label).join(', ')})` : '';
        return `${e.service ?? e.serviceName ?? e.id}${e.privateDns ? '' : ' (private DNS off)'}${elsewhere}`;
      });
    const gateways = model.endpoints.filter((e) => e.type === 'Gateway' && e.routeTables.includes(info.routeTable ?? '')).map((e) => `${e.service ?? e.id} gateway endpoint ${e.id}`);
    const viaEndpoints = [...(interfaces.length ? [`interface endpoints ${interfaces.join(', ')}`] : []), ...gateways];
    const rest = path.end === 'internet' ? 'other services over the internet path' : 'other services unreachable';
    const awsServices = viaEndpoints.length ? `${viaEndpoints.join('; ')}; ${rest}` : `over the internet path (${path.end === 'internet' ? 'reachable' : 'unreachable: no internet path'})`;

    let returnPath = 'none (no internet path)';
    if (path.end === 'internet') {
      const gateway = path.hops[path.hops.length - 1].route!.target;
      const edge = returnRoute(model, path.sourceSubnet);
      returnPath = edge
        ? `internet → ${describeTarget(model, gateway)} [edge ${describeRoute(model, edge)}] → ${path.sourceSubnet}${path.sourceSubnet === subnet ? '' : ` → ${subnet}`}`
        : `internet → ${describeTarget(model, gateway)} → ${path.sourceSubnet} (no edge route: straight to the VPC)${path.sourceSubnet === subnet ? '' : ` → ${subnet}`}`;
    }
    return { az: info.az?.label ?? 'unknown AZ', agentSubnet: subnet, internet, awsServices, returnPath };
  });
}
