import { containsCidr, parseCidr, valueKey } from '../template-evaluation';
import { tcpPasses } from './network-acls';
import type { NetworkModel, SecurityGroupRule, VpcEndpoint } from './network-model';
import { CANNOT_PROVE } from './types';

/**
 * Whether an interface endpoint is usable from an agent subnet on TCP 443: its security groups admit the agent
 * (by the agent's group or a CIDR covering the agent subnet; no group given means the VPC default group, which admits
 * only its own members), the agent's groups let 443 out to it, the network ACLs of both subnets pass 443 and the
 * replies, and its policy does not deny everything. Empty: usable; else why not ("cannot prove: …" when unknown).
 */
export function endpointProblems(model: NetworkModel, endpoint: VpcEndpoint, agentSubnet: string): string[] {
  const problems: string[] = [];
  const label = `${endpoint.id} (${endpoint.service ?? endpoint.serviceName ?? 'endpoint'})`;
  const agentCidr = model.subnets.get(agentSubnet)?.cidr;
  const agentGroups = model.agent!.securityGroups;
  if (endpoint.securityGroups.length === 0) {
    problems.push(`${label}: no SecurityGroupIds, so the VPC default security group applies, which admits only its own members: agent subnet ${agentSubnet} cannot reach it on TCP 443`);
  } else {
    const verdicts = endpoint.securityGroups.map((g) => {
      const group = model.securityGroups.get(g);
      return group ? admits(group.ingress, agentCidr, agentGroups) : undefined;
    });
    if (verdicts.includes(undefined)) problems.push(`${CANNOT_PROVE}${label}: a security group of it is not in this template, so what it admits is unknown`);
    else if (!verdicts.includes(true)) {
      problems.push(
        verdicts.includes('unknown')
          ? `${CANNOT_PROVE}${label}: its security groups' rules cannot be compared with agent subnet ${agentSubnet}'s CIDR`
          : `${label}: its security groups admit nothing on TCP 443 from agent subnet ${agentSubnet}; the endpoint is unusable`,
      );
    }
  }
  const outbound = agentGroups.map((g) => model.securityGroups.get(g)).filter((g) => g !== undefined);
  if (outbound.length && !outbound.some((g) => g!.egress.some((r) => covers443(r) && (r.peerValue === '0.0.0.0/0' || endpoint.securityGroups.some((e) => r.peerValue === `group:${e}`) || endpoint.subnets.some((s) => cidrCovers(r.peerValue, model.subnets.get(s)?.cidr) === true))))) {
    problems.push(`${label}: the agent security groups (${agentGroups.join(', ')}) allow no TCP 443 out to it`);
  }
  // Network ACLs apply between subnets: an endpoint interface in the agent's own subnet is not behind one.
  if (endpoint.subnets.length && !endpoint.subnets.includes(agentSubnet)) {
    const verdicts = endpoint.subnets.map((s) => aclPath(model, agentSubnet, s));
    if (!verdicts.some((v) => v === undefined)) problems.push(...verdicts.slice(0, 1).map((v) => `${v!}; ${label} is unusable from agent subnet ${agentSubnet}`));
  }
  const denial = policyDenial(endpoint);
  if (denial) problems.push(denial);
  return problems;
}

function aclPath(model: NetworkModel, from: string, to: string): string | undefined {
  const fromAcl = model.networkAcls.get(model.subnets.get(from)?.networkAcl ?? '');
  const toAcl = model.networkAcls.get(model.subnets.get(to)?.networkAcl ?? '');
  const fromCidr = model.subnets.get(from)?.cidr;
  const toCidr = model.subnets.get(to)?.cidr;
  const checks = [tcpPasses(fromAcl, 'egress', 443, toCidr), tcpPasses(toAcl, 'ingress', 443, fromCidr), tcpPasses(toAcl, 'egress', 32768, fromCidr), tcpPasses(fromAcl, 'ingress', 32768, toCidr)];
  for (const c of checks) {
    if ('unknown' in c) return `${CANNOT_PROVE}${c.unknown}`;
    if (!c.allowed) return c.why;
  }
  return undefined;
}

function covers443(rule: SecurityGroupRule): boolean {
  return (rule.protocol === 'all' || rule.protocol === 'tcp' || rule.protocol === '6') && rule.range !== undefined && rule.range[0] <= 443 && rule.range[1] >= 443;
}

function admits(rules: SecurityGroupRule[], agentCidr: unknown, agentGroups: string[]): boolean | 'unknown' {
  let unknown = false;
  for (const rule of rules) {
    if (!covers443(rule)) continue;
    if (typeof rule.peerValue === 'string' && rule.peerValue.startsWith('group:')) {
      if (agentGroups.includes(rule.peerValue.slice(6))) return true;
      continue;
    }
    const c = cidrCovers(rule.peerValue, agentCidr);
    if (c === true) return true;
    if (c === undefined) unknown = true;
  }
  return unknown ? 'unknown' : false;
}

/** Whether CIDR value `outer` covers CIDR value `inner` (literal containment or the same value); undefined: unknown. */
function cidrCovers(outer: unknown, inner: unknown): boolean | undefined {
  if (outer === undefined || inner === undefined) return undefined;
  if (valueKey(outer) === valueKey(inner)) return true;
  const o = typeof outer === 'string' ? parseCidr(outer) : undefined;
  if (o && o.prefix === 0) return true;
  const i = typeof inner === 'string' ? parseCidr(inner) : undefined;
  if (o && i) return containsCidr(o, i);
  return undefined;
}

/** The endpoint's policy refusing every request (a Deny for every principal and action, without conditions), if so. */
export function policyDenial(endpoint: VpcEndpoint): string | undefined {
  const denial = deniesEverything(endpoint.policy);
  return denial ? `${endpoint.id} (${endpoint.service ?? endpoint.serviceName ?? 'endpoint'}): its PolicyDocument ${denial}; every request through the endpoint is refused` : undefined;
}

function deniesEverything(policy: unknown): string | undefined {
  if (policy === null || typeof policy !== 'object') return undefined;
  const statements = (policy as { Statement?: unknown }).Statement;
  for (const s of Array.isArray(statements) ? statements : [statements]) {
    if (s === null || typeof s !== 'object') continue;
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Deny' || st.Condition !== undefined || st.NotAction !== undefined || st.NotPrincipal !== undefined || st.NotResource !== undefined) continue;
    const principal = st.Principal;
    const anyPrincipal = principal === '*' || (principal !== null && typeof principal === 'object' && ([] as unknown[]).concat((principal as { AWS?: unknown }).AWS).includes('*'));
    const actions = ([] as unknown[]).concat(st.Action).map(String);
    const resources = st.Resource === undefined ? ['*'] : ([] as unknown[]).concat(st.Resource).map(String);
    if (anyPrincipal && actions.some((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a)) && resources.includes('*')) return `denies ${actions.join(', ')} to every principal`;
  }
  return undefined;
}
