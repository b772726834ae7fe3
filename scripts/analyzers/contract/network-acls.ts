import { containsCidr, parseCidr, Resolver, textOf, valueKey } from '../template-evaluation';
import type { CfnResource, CfnTemplate } from '../upgrade-diff/types';
import { intersect, isEmpty, ofCidr, subtract, INTERNET, type AddressSet } from './address-sets';
import { referencedId } from './expressions';

/**
 * Network ACLs of the template. A subnet without an association uses the VPC's default network ACL, which allows
 * everything; a custom network ACL denies whatever no entry allows (the final `*` rule). Entries are evaluated in
 * rule-number order, the first match decides (VPC user guide, "nacl-rules").
 */
export interface NetworkAclEntry {
  readonly id: string;
  readonly ruleNumber: number;
  /** -1 all, 6 TCP, 17 UDP, 1 ICMP… */
  readonly protocol: number;
  readonly allow: boolean;
  readonly egress: boolean;
  /** The CIDR as resolved (IPv4 `CidrBlock`; IPv6 entries are not read for IPv4 peers). */
  readonly cidr: unknown;
  readonly ipv6: boolean;
  readonly ports?: readonly [number, number];
}

export interface NetworkAcl {
  readonly id: string;
  readonly entries: NetworkAclEntry[];
}

export function readNetworkAcls(resources: Map<string, CfnResource>, resolver: Resolver, template: CfnTemplate): Map<string, NetworkAcl> {
  const acls = new Map<string, NetworkAcl>();
  for (const [id, r] of resources) if (r.Type === 'AWS::EC2::NetworkAcl') acls.set(id, { id, entries: [] });
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::EC2::NetworkAclEntry') continue;
    const acl = acls.get(referencedId(r.Properties?.NetworkAclId) ?? '');
    if (!acl) continue;
    const value = (key: string) => resolver.value(template.Resources[id].Properties?.[key], `${id}.${key}`);
    const range = value('PortRange') as { From?: unknown; To?: unknown } | undefined;
    const from = Number(textOf(range?.From));
    const to = Number(textOf(range?.To));
    const ipv6 = r.Properties?.Ipv6CidrBlock !== undefined;
    acl.entries.push({
      id,
      ruleNumber: Number(textOf(value('RuleNumber'))),
      protocol: Number(textOf(value('Protocol')) ?? -1),
      allow: String(textOf(value('RuleAction'))).toLowerCase() === 'allow',
      egress: String(textOf(value('Egress'))) === 'true',
      cidr: value(ipv6 ? 'Ipv6CidrBlock' : 'CidrBlock'),
      ipv6,
      ports: Number.isInteger(from) && Number.isInteger(to) ? [from, to] : undefined,
    });
  }
  for (const acl of acls.values()) acl.entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
  return acls;
}

export type AclVerdict = { readonly allowed: true } | { readonly allowed: false; readonly why: string } | { readonly unknown: string };

/**
 * Whether TCP traffic on `port` passes a subnet's network ACL in one direction, to or from `peer`: `internet` (some
 * internet address passes) or a resolved CIDR value (a subnet's CIDR).
 */
export function tcpPasses(acl: NetworkAcl | undefined, direction: 'egress' | 'ingress', port: number, peer: 'internet' | unknown): AclVerdict {
  if (!acl) return { allowed: true };
  let remaining: AddressSet = INTERNET;
  const what = `TCP ${port} ${direction === 'egress' ? 'to' : 'from'} ${peer === 'internet' ? 'the internet' : (textOf(peer) ?? valueKey(peer))}`;
  for (const entry of acl.entries) {
    if (entry.egress !== (direction === 'egress') || entry.ipv6) continue;
    if (entry.protocol !== -1 && entry.protocol !== 6) continue;
    if (entry.protocol === 6 && entry.ports && (port < entry.ports[0] || port > entry.ports[1])) continue;
    const cidr = typeof entry.cidr === 'string' ? parseCidr(entry.cidr) : undefined;
    if (peer === 'internet') {
      if (!cidr) return { unknown: `${acl.id} entry ${entry.id} has CIDR ${textOf(entry.cidr) ?? valueKey(entry.cidr)}, known only at launch` };
      const matched = intersect(remaining, ofCidr(cidr));
      if (isEmpty(matched)) continue;
      if (entry.allow) return { allowed: true };
      remaining = subtract(remaining, matched);
      if (isEmpty(remaining)) return { allowed: false, why: `${acl.id} entry ${entry.id} (rule ${entry.ruleNumber}) denies ${what}` };
      continue;
    }
    const peerCidr = typeof peer === 'string' ? parseCidr(peer) : undefined;
    const matches = cidr && cidr.prefix === 0 ? true : cidr && peerCidr ? containsCidr(cidr, peerCidr) : valueKey(entry.cidr) === valueKey(peer) ? true : undefined;
    if (matches === undefined) return { unknown: `${acl.id} entry ${entry.id} (rule ${entry.ruleNumber}): cannot compare its CIDR ${textOf(entry.cidr) ?? valueKey(entry.cidr)} with ${textOf(peer) ?? valueKey(peer)}` };
    if (!matches) continue;
    return entry.allow ? { allowed: true } : { allowed: false, why: `${acl.id} entry ${entry.id} (rule ${entry.ruleNumber}) denies ${what}` };
  }
  return { allowed: false, why: `${acl.id} has no entry allowing ${what} (a custom network ACL denies what no entry allows)` };
}
