import { templateIdentity } from '../../../products/shared/identity';
import { planScenarios } from '../template-evaluation';
import type { CfnTemplate } from '../upgrade-diff/types';
import { buildNetworkModel, NETWORK_RESOURCE_TYPES, templateIndex, type NetworkModel } from './network-model';
import { describeRoute, describeTarget, egressPath, returnRoute } from './paths';
import { PROMISES } from './promises';
import { checkCommon } from './promises/common';
import { templateShapeErrors } from './template-shape';
import { CANNOT_PROVE, type AzPaths, type ContractReport } from './types';

export class ContractError extends Error {
  readonly userFacing = true;
}

export interface ContractOptions {
  /** Check this product's promise, whatever the template declares (or when it declares none). */
  readonly promise?: string;
}

/**
 * The egress contract of any CloudFormation template: the agent's paths per AZ, then the promise of the product the
 * template declares in `Metadata.AgentNetworkCatalog.ProductId` (or the one asked for with `promise`), checked in
 * every condition scenario that can change it. Whatever the analysis cannot resolve makes the promise unprovable
 * ("cannot prove: …"), never "holds".
 */
export function analyzeContract(template: CfnTemplate, name: string, options: ContractOptions = {}): ContractReport {
  const shape = templateShapeErrors(template);
  if (shape.length) throw new ContractError(`${name}: not a template this analysis can read: ${shape.join('; ')}`);
  const identity = templateIdentity(template);
  const allowed = Object.keys(PROMISES).join(', ');
  if (options.promise !== undefined && !PROMISES[options.promise]) throw new ContractError(`--promise: '${options.promise}' is no product; allowed: ${allowed}`);
  if (!identity && options.promise === undefined) {
    throw new ContractError(
      `${name}: declares no product in Metadata.AgentNetworkCatalog.ProductId, so there is no promise to check; ` +
        `give --promise <product> to check one of ${allowed} on it`,
    );
  }
  const productId = options.promise ?? identity!.productId;
  const promise = PROMISES[productId];
  if (!promise) throw new ContractError(`${name}: Metadata.AgentNetworkCatalog.ProductId is '${productId}'; allowed: ${allowed} (or give --promise <product>)`);
  const existingNetwork = productId === 'existing-network';

  const plan = planScenarios(template, { relevant: (_, r) => NETWORK_RESOURCE_TYPES.has(r.Type), outputs: promise.readsOutputs });
  const findings = new Map<string, string>();
  const notes = new Map<string, string>();
  const assumptions = new Set<string>();
  let paths: AzPaths[] = [];
  let agent: ContractReport['agent'];
  const qualify = (text: string, i: number, description: string) => (description && i > 0 ? `${text} (when ${description})` : text);
  const index = templateIndex(template);
  plan.scenarios.forEach((scenario, i) => {
    const model = buildNetworkModel(template, scenario, index);
    const add = (into: Map<string, string>, list: readonly string[]) => list.forEach((f) => into.has(f) || into.set(f, qualify(f, i, scenario.description)));
    if (model.agents.length === 0) {
      add(findings, [`${CANNOT_PROVE}no AWS::Batch::ComputeEnvironment${i > 0 ? ' in this launch' : ''}: the agent subnets cannot be identified, so no path can be checked`]);
      return;
    }
    if (existingNetwork) model.unprovable.forEach((u) => assumptions.add(`the template does not give ${u}`));
    else add(findings, model.unprovable.map((u) => `${CANNOT_PROVE}${u}`));
    add(findings, model.errors);
    if (i === 0) {
      paths = describePaths(model);
      agent = {
        computeEnvironment: model.agent!.computeEnvironment,
        subnets: model.agent!.subnets,
        securityGroups: model.agent!.securityGroups,
        assignPublicIp: model.agent!.assignPublicIp,
        securityGroupRules: describeSecurityGroups(model),
      };
    }
    if (model.agents.length > 1) add(notes, [`${model.agents.length} compute environments (${model.agents.map((a) => a.computeEnvironment).join(', ')}): each is checked`]);
    for (const each of model.agents) {
      const view: NetworkModel = { ...model, agent: each };
      const common = checkCommon(view, { needsTemplateSubnets: !existingNetwork, needsInternet: promise.needsInternet });
      const result = promise.check(view);
      add(findings, [...common.findings, ...result.findings]);
      add(notes, [...(common.notes ?? []), ...(result.notes ?? [])]);
      result.assumptions?.forEach((a) => assumptions.add(a));
    }
  });
  if (!plan.exhaustive) {
    findings.set(
      'coverage',
      `${CANNOT_PROVE}${plan.combinations} combinations of the parameters the network depends on (${plan.parameters.join(', ')}), ` +
        `${plan.examined} examined pairwise (${plan.scenarios.length} distinct scenarios); the promise is not shown for the combinations not examined`,
    );
  }
  const all = [...findings.values()];
  const broken = all.some((f) => !f.startsWith(CANNOT_PROVE));
  return {
    template: name,
    productId,
    version: identity?.version ?? 'unversioned',
    requested: options.promise !== undefined && options.promise !== identity?.productId ? { declared: identity?.productId } : undefined,
    promise: promise.promise,
    holds: all.length === 0,
    verdict: all.length === 0 ? 'holds' : broken ? 'broken' : 'cannot-prove',
    findings: all,
    notes: [...notes.values()],
    assumptions: [...assumptions],
    agent,
    paths,
    scenarios: plan.scenarios.length,
    coverage: {
      combinations: plan.combinations,
      examined: plan.examined,
      exhaustive: plan.exhaustive,
      parameters: plan.parameters,
      ignoredConditions: plan.ignoredConditions,
    },
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
    const gateway = path.hops[path.hops.length - 1].route?.target;
    if (path.end === 'internet' && gateway) {
      const edge = returnRoute(model, path.sourceSubnet);
      returnPath = edge
        ? `internet → ${describeTarget(model, gateway)} [edge ${describeRoute(model, edge)}] → ${path.sourceSubnet}${path.sourceSubnet === subnet ? '' : ` → ${subnet}`}`
        : `internet → ${describeTarget(model, gateway)} → ${path.sourceSubnet} (no edge route: straight to the VPC)${path.sourceSubnet === subnet ? '' : ` → ${subnet}`}`;
    }
    return { az: info.az?.label ?? 'unknown AZ', agentSubnet: subnet, internet, awsServices, returnPath };
  });
}
