import { PRIVATE_DNS_METADATA_KEY, type PrivateDnsDeclaration } from '../../../../products/private-link/private-dns-declaration';
import type { CfnResource } from '../../upgrade-diff/types';
import { allReferencedIds, getAttOf, listOf, referencedId, renderString } from '../expressions';
import type { NetworkModel } from '../network-model';

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
  const findings: string[] = [];
  const notes: string[] = [];
  const ofType = (type: string) => [...model.resources].filter(([, r]) => r.Type === type);
  const vpcs = new Set(Object.entries(model.template.Resources).filter(([, r]) => r.Type === 'AWS::EC2::VPC').map(([id]) => id));
  const zones = new Map(ofType('AWS::Route53::HostedZone'));

  for (const [id, zone] of zones) {
    const associated = listOf(zone.Properties?.VPCs).map((v) => referencedId((v as { VPCId?: unknown }).VPCId));
    if (associated.length === 0) {
      findings.push(`${id}: a public hosted zone (no VPCs): the agent's VPC resolver never answers from it, so its host names resolve to the provider's public addresses, which the agent subnets have no route to`);
    } else if (!associated.some((v) => v !== undefined && vpcs.has(v))) {
      findings.push(`${id}: private hosted zone not associated with the agent VPC (${[...vpcs].join(', ')}): its records never answer the agent's queries`);
    }
  }

  const records = ofType('AWS::Route53::RecordSet');
  for (const [id, record] of records) {
    const p = record.Properties ?? {};
    const zoneId = referencedId(p.HostedZoneId);
    const zone = zoneId ? zones.get(zoneId) : undefined;
    if (!zone) {
      findings.push(`${id}: record in a hosted zone the template does not create (${renderString(p.HostedZoneId) ?? JSON.stringify(p.HostedZoneId ?? p.HostedZoneName)}): its association with the agent VPC cannot be proven`);
      continue;
    }
    const name = renderString(p.Name);
    const zoneName = renderString(zone.Properties?.Name);
    if (name !== undefined && zoneName !== undefined && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
      findings.push(`${id}: name ${name} is not inside zone ${zoneId} (${zoneName}): Route 53 refuses the record`);
    }
    const target = endpointTargetOf(p, model);
    if (!target) findings.push(`${id}: points at no interface endpoint of the template (alias or CNAME to an endpoint's DnsEntries): the host does not resolve to the endpoint`);
    else if (!target.exists) findings.push(`${id}: points at ${target.endpoint}, which this launch does not create`);
  }

  for (const declaration of declarations(model)) {
    findings.push(...checkDeclaration(declaration, model, records, zones));
  }
  if (zones.size > 0) notes.push(`private hosted zones ${[...zones.keys()].join(', ')}: every name in them resolves inside the VPC only from these zones`);
  return { findings, notes };
}

function checkDeclaration(d: PrivateDnsDeclaration, model: NetworkModel, records: [string, CfnResource][], zones: Map<string, CfnResource>): string[] {
  const findings: string[] = [];
  const endpoint = model.template.Resources[d.Endpoint];
  if (!endpoint || referencedId(endpoint.Properties?.ServiceName) !== d.ServiceParameter) {
    return [`Metadata ${PRIVATE_DNS_METADATA_KEY}: ${d.Endpoint} is not the interface endpoint of ${d.ServiceParameter}`];
  }
  for (const host of d.HostParameters) {
    // In the template (every scenario): a configured host without a record never resolves to the endpoint.
    const templateRecords = Object.entries(model.template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Route53::RecordSet' && allReferencedIds(r.Properties?.Name).has(host),
    );
    if (templateRecords.length === 0) {
      findings.push(`${host}: no record for this host name of ${d.ServiceParameter}: the configured host does not resolve to ${d.Endpoint}`);
      continue;
    }
    for (const [id, record] of records.filter(([, r]) => allReferencedIds(r.Properties?.Name).has(host))) {
      const zoneId = referencedId(record.Properties?.HostedZoneId);
      const zone = zoneId ? zones.get(zoneId) : undefined;
      if (zone && referencedId(zone.Properties?.Name) !== d.ZoneParameter) {
        findings.push(`${id}: host ${host} of ${d.ServiceParameter} is in zone ${zoneId}, not in the zone named by ${d.ZoneParameter}`);
      }
      const target = endpointTargetOf(record.Properties ?? {}, model);
      if (target && target.endpoint !== d.Endpoint) {
        findings.push(`${id}: host ${host} of ${d.ServiceParameter} resolves to ${target.endpoint}, not to its endpoint ${d.Endpoint}: the agent reaches another service under that name`);
      }
    }
  }
  return findings;
}

/** The interface endpoint a record resolves to: `Fn::GetAtt [Endpoint, DnsEntries]` inside its alias target or CNAME value. */
function endpointTargetOf(p: Record<string, unknown>, model: NetworkModel): { endpoint: string; exists: boolean } | undefined {
  const alias = p.AliasTarget as { DNSName?: unknown } | undefined;
  const value = alias?.DNSName ?? (String(p.Type) === 'CNAME' ? listOf(p.ResourceRecords)[0] : undefined);
  const endpoint = dnsEntriesOf(value).find((id) => model.template.Resources[id]?.Type === 'AWS::EC2::VPCEndpoint');
  if (!endpoint) return undefined;
  return { endpoint, exists: model.endpoints.some((e) => e.id === endpoint && e.type === 'Interface') };
}

function dnsEntriesOf(value: unknown, into: string[] = []): string[] {
  const getAtt = getAttOf(value);
  if (getAtt && getAtt[1] === 'DnsEntries') into.push(getAtt[0]);
  else if (Array.isArray(value)) value.forEach((v) => dnsEntriesOf(v, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => dnsEntriesOf(v, into));
  return into;
}

function declarations(model: NetworkModel): PrivateDnsDeclaration[] {
  const raw = model.template.Metadata?.[PRIVATE_DNS_METADATA_KEY];
  return Array.isArray(raw) ? (raw as PrivateDnsDeclaration[]) : [];
}
