import { PRIVATE_DNS_METADATA_KEY, type PrivateDnsDeclaration } from '../../../../products/private-link/private-dns-declaration';
import { planScenarios, resolveConditions, resourceExists, type Scenario } from '../../template-evaluation';
import type { CfnResource, CfnTemplate } from '../../upgrade-diff/types';
import { allReferencedIds, getAttOf, listOf, objectsOf, referencedId, renderString } from '../expressions';
import type { NetworkModel } from '../network-model';
import { CANNOT_PROVE } from '../types';

/**
 * Private DNS for endpoint services (private-link): the host names a launch configures for an endpoint service must
 * resolve, inside the agent's VPC, to that service's interface endpoint — through a Route 53 private hosted zone
 * associated with the VPC (a zone without VPCs is public: the VPC resolver never answers from it for the agent).
 *
 * Read from the resources of one scenario: every hosted zone must be private and associated with a VPC of the template,
 * every record must sit in such a zone, inside its name, and alias (or CNAME) an interface endpoint the template creates.
 * Where the template declares which host parameters belong to which endpoint (Metadata `PrivateDnsForEndpointServices`,
 * written by products/private-link/private-dns.ts), every record of a host must resolve to that endpoint and no other,
 * and every declared host must have a record.
 */
export function checkPrivateDns(model: NetworkModel): { findings: string[]; notes: string[] } {
  // The DNS resources depend on their own Conditions (a service named, a zone named, a host named), which the network
  // scenarios hold at their default (they change no route): each resource is checked in the scenarios of the
  // Conditions it depends on, once per analysis.
  return model.index.once('private-dns', () => checkEveryScenario(model.template));
}

const DNS_TYPES = new Set(['AWS::Route53::HostedZone', 'AWS::Route53::RecordSet']);

/** One scenario's view of the DNS resources: those created, their Conditions resolved. */
interface DnsView {
  readonly template: CfnTemplate;
  readonly resources: ReadonlyMap<string, CfnResource>;
}

function checkEveryScenario(template: CfnTemplate): { findings: string[]; notes: string[] } {
  const findings = new Set<string>();
  const dnsIds = Object.entries(template.Resources).filter(([, r]) => DNS_TYPES.has(r.Type)).map(([id]) => id);
  for (const id of dnsIds) {
    const plan = planScenarios(template, { relevant: (other) => other === id, outputs: false });
    if (!plan.exhaustive) findings.add(`${CANNOT_PROVE}${id}: ${plan.combinations} combinations of ${plan.parameters.join(', ')}, only ${plan.examined} examined`);
    for (const scenario of plan.scenarios) {
      if (!resourceExists(template.Resources[id], scenario)) continue;
      const view = viewOf(template, scenario);
      const suffix = scenario.description ? ` (when ${scenario.description})` : '';
      for (const f of checkResource(view, id)) findings.add(`${f}${suffix}`);
    }
  }
  for (const declaration of declarations(template)) for (const f of declaredHostsWithoutRecord(declaration, template)) findings.add(f);
  const zones = dnsIds.filter((id) => template.Resources[id].Type === 'AWS::Route53::HostedZone');
  const notes = zones.length ? [`private hosted zones ${zones.join(', ')}: every name in them resolves inside the VPC only from these zones`] : [];
  return { findings: [...findings], notes };
}

function viewOf(template: CfnTemplate, scenario: Scenario): DnsView {
  const resources = new Map<string, CfnResource>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (!DNS_TYPES.has(r.Type) && r.Type !== 'AWS::EC2::VPCEndpoint' && r.Type !== 'AWS::EC2::VPC') continue;
    if (resourceExists(r, scenario)) resources.set(id, { ...r, Properties: resolveConditions(r.Properties ?? {}, scenario) as Record<string, unknown> });
  }
  return { template, resources };
}

/** The findings about one zone or record in one scenario. */
function checkResource(view: DnsView, id: string): string[] {
  const findings: string[] = [];
  const resource = view.resources.get(id)!;
  const vpcs = new Set([...view.resources].filter(([, r]) => r.Type === 'AWS::EC2::VPC').map(([v]) => v));
  if (resource.Type === 'AWS::Route53::HostedZone') {
    // A malformed entry (not an object) associates nothing.
    const associated = objectsOf(resource.Properties?.VPCs).map((v) => referencedId(v.VPCId));
    if (associated.length === 0) {
      findings.push(`${id}: a public hosted zone (no VPCs): the agent's VPC resolver never answers from it, so its host names resolve to the provider's public addresses, which the agent subnets have no route to`);
    } else if (!associated.some((v) => v !== undefined && vpcs.has(v))) {
      findings.push(`${id}: private hosted zone not associated with the agent VPC (${[...vpcs].join(', ')}): its records never answer the agent's queries`);
    }
    return findings;
  }
  const p = resource.Properties ?? {};
  const zoneId = referencedId(p.HostedZoneId);
  const zone = zoneId ? view.resources.get(zoneId) : undefined;
  if (zoneId && !zone && view.template.Resources[zoneId]?.Type === 'AWS::Route53::HostedZone') return [`${id}: record in hosted zone ${zoneId}, which this launch does not create`];
  if (!zone || zone.Type !== 'AWS::Route53::HostedZone') {
    return [`${id}: record in a hosted zone the template does not create (${renderString(p.HostedZoneId) ?? JSON.stringify(p.HostedZoneId ?? p.HostedZoneName)}): its association with the agent VPC cannot be proven`];
  }
  const name = renderString(p.Name);
  const zoneName = renderString(zone.Properties?.Name);
  if (name !== undefined && zoneName !== undefined && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    findings.push(`${id}: name ${name} is not inside zone ${zoneId} (${zoneName}): Route 53 refuses the record`);
  }
  const target = endpointTargetOf(p, view);
  if (!target) findings.push(`${id}: points at no interface endpoint of the template (alias or CNAME to an endpoint's DnsEntries): the host does not resolve to the endpoint`);
  else if (!target.exists) findings.push(`${id}: points at ${target.endpoint}, which this launch does not create`);
  for (const d of declarations(view.template)) findings.push(...checkDeclaredRecord(d, view, id, zoneId!, zone, target));
  return findings;
}

/** In the template (every scenario): a configured host without a record never resolves to the endpoint. */
function declaredHostsWithoutRecord(d: PrivateDnsDeclaration, template: CfnTemplate): string[] {
  const endpoint = template.Resources[d.Endpoint];
  if (!endpoint || referencedId(endpoint.Properties?.ServiceName) !== d.ServiceParameter) {
    return [`Metadata ${PRIVATE_DNS_METADATA_KEY}: ${d.Endpoint} is not the interface endpoint of ${d.ServiceParameter}`];
  }
  return d.HostParameters.filter(
    (host) => !Object.values(template.Resources).some((r) => r.Type === 'AWS::Route53::RecordSet' && allReferencedIds(r.Properties?.Name).has(host)),
  ).map((host) => `${host}: no record for this host name of ${d.ServiceParameter}: the configured host does not resolve to ${d.Endpoint}`);
}

/** A record of a declared host: in the zone named by the service's zone parameter, resolving to the service's endpoint. */
function checkDeclaredRecord(d: PrivateDnsDeclaration, view: DnsView, id: string, zoneId: string, zone: CfnResource, target: { endpoint: string } | undefined): string[] {
  const findings: string[] = [];
  const names = allReferencedIds(view.resources.get(id)!.Properties?.Name);
  for (const host of d.HostParameters.filter((h) => names.has(h))) {
    if (referencedId(zone.Properties?.Name) !== d.ZoneParameter) {
      findings.push(`${id}: host ${host} of ${d.ServiceParameter} is in zone ${zoneId}, not in the zone named by ${d.ZoneParameter}`);
    }
    if (target && target.endpoint !== d.Endpoint) {
      findings.push(`${id}: host ${host} of ${d.ServiceParameter} resolves to ${target.endpoint}, not to its endpoint ${d.Endpoint}: the agent reaches another service under that name`);
    }
  }
  return findings;
}

/** The interface endpoint a record resolves to: `Fn::GetAtt [Endpoint, DnsEntries]` inside its alias target or CNAME value. */
function endpointTargetOf(p: Record<string, unknown>, view: DnsView): { endpoint: string; exists: boolean } | undefined {
  const alias = p.AliasTarget as { DNSName?: unknown } | undefined;
  const value = alias?.DNSName ?? (String(p.Type) === 'CNAME' ? listOf(p.ResourceRecords)[0] : undefined);
  const endpoint = dnsEntriesOf(value).find((id) => view.template.Resources[id]?.Type === 'AWS::EC2::VPCEndpoint');
  if (!endpoint) return undefined;
  const created = view.resources.get(endpoint);
  return { endpoint, exists: created !== undefined && (created.Properties?.VpcEndpointType ?? 'Gateway') === 'Interface' };
}

function dnsEntriesOf(value: unknown, into: string[] = []): string[] {
  const getAtt = getAttOf(value);
  if (getAtt && getAtt[1] === 'DnsEntries') into.push(getAtt[0]);
  else if (Array.isArray(value)) value.forEach((v) => dnsEntriesOf(v, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => dnsEntriesOf(v, into));
  return into;
}

function declarations(template: CfnTemplate): PrivateDnsDeclaration[] {
  const raw = template.Metadata?.[PRIVATE_DNS_METADATA_KEY];
  return Array.isArray(raw) ? (raw as PrivateDnsDeclaration[]) : [];
}
