import type { EgressPromise } from '../../../../products/shared/network-promises';
import { azPairLabels, type AzSlot } from '../availability-zones';
import { getAttOf } from '../expressions';
import type { NatGateway, NetworkModel } from '../network-model';
import { describeRoute, egressPath } from '../paths';
import type { PromiseResult } from '../types';
import { bypassFindings } from './bypass';
import { unknownTarget } from './common';
import { templateSubnets } from './common';

/** The shared promise definition this check proves (products/shared/network-promises.ts; test/network-promises.test.ts). */
export const NAT_GATEWAY_PROVES: EgressPromise = 'only-via-nat-gateway';
export const NAT_GATEWAY_PROMISE = 'every agent egress leaves through a NAT gateway with an Elastic IP, never straight to the internet gateway; the Elastic IPs are outputs';

/**
 * nat-gateway: from each agent subnet, 0.0.0.0/0 goes to a public NAT gateway with an Elastic IP whose subnet routes
 * to the internet gateway; no agent route table has any route to an internet gateway; every Elastic IP the template
 * creates is an output (the customer allowlists it).
 */
export function checkNatGateway(model: NetworkModel): PromiseResult {
  const findings: string[] = [];
  const notes: string[] = [];
  const usedAddresses = new Set<string>();
  for (const subnet of templateSubnets(model)) {
    const table = model.subnets.get(subnet)?.routeTable;
    for (const route of model.routes.filter((r) => r.table === table && r.target.kind === 'internet-gateway')) {
      findings.push(`${describeRoute(model, route)}, but agent subnet ${subnet} must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway`);
    }
    const path = egressPath(model, subnet);
    const [first, second] = path.hops;
    if (!first.routeTable) {
      findings.push(`agent subnet ${subnet} has no route table association in the template`);
      continue;
    }
    if (!first.route) {
      findings.push(`${first.routeTable}: no 0.0.0.0/0 route; agent subnet ${subnet} has no egress through a NAT gateway`);
      continue;
    }
    if (first.route.target.kind !== 'nat-gateway') {
      if (first.route.target.kind !== 'internet-gateway') findings.push(`${unknownTarget(first.route.target)}${describeRoute(model, first.route)}, but agent egress from ${subnet} must go to a NAT gateway`);
      continue;
    }
    const nat = model.natGateways.get(first.route.target.id)!;
    findings.push(
      ...bypassFindings(
        model,
        subnet,
        (p) => (p.hops[0].route!.target.kind === 'nat-gateway' ? undefined : 'leave without crossing a NAT gateway (no fixed Elastic IP)'),
        (r) => r.target.kind === 'internet-gateway',
      ),
    );
    if (nat.connectivity !== 'public') findings.push(`${nat.id}: ConnectivityType is ${nat.connectivity}; a private NAT gateway has no Elastic IP and no internet egress`);
    else if (nat.availabilityMode === 'regional') {
      const regional = checkRegionalNatGateway(model, nat, subnet, first.az);
      findings.push(...regional.findings);
      regional.addresses.forEach((a) => usedAddresses.add(a));
    } else if (!nat.elasticIp) findings.push(`${nat.id}: no AllocationId; the NAT gateway has no Elastic IP to allowlist`);
    else if (!nat.elasticIp.startsWith('parameter ')) usedAddresses.add(nat.elasticIp);
    // One NAT gateway for both AZs is a launch option (cost over availability): said, not failed.
    if (second && first.az && second.az && first.az.key !== second.az.key) {
      const [subnetAz, natAz] = azPairLabels(first.az, second.az);
      notes.push(`agent subnet ${subnet} (${subnetAz}) uses ${nat.id} in ${natAz}: cross-AZ traffic, and egress depends on that AZ`);
    }
    if (path.end !== 'internet') {
      const last = path.hops[path.hops.length - 1];
      findings.push(
        last.route
          ? `${describeRoute(model, last.route)}: traffic of agent subnet ${subnet} through ${nat.id} does not reach the internet gateway`
          : `${last.routeTable ?? `subnet ${last.subnet}`}: no 0.0.0.0/0 route; ${nat.id} of agent subnet ${subnet} cannot reach the internet`,
      );
    }
  }
  const outputs = publicAddressReferences(Object.values(model.template.Outputs ?? {}).map((o) => o.Value));
  for (const address of usedAddresses) {
    if (!outputs.has(address)) findings.push(`${address}: no output gives this NAT Elastic IP for allowlisting`);
  }
  if (/ENABLED/.test(model.agent!.assignPublicIp)) notes.push(`assignPublicIp is ${model.agent!.assignPublicIp}: a public IP is useless behind NAT`);
  return { findings, notes };
}

/**
 * A regional NAT gateway serves an agent subnet on a fixed, allowlistable address only in manual address mode, with an
 * entry for the subnet's AZ in AvailabilityZoneAddresses: in automatic mode AWS expands it to new AZs and allocates
 * addresses by itself (EC2 API reference, NatGateway autoProvisionZones / autoScalingIps). Its route to the internet
 * gateway is AWS's own, so the VPC must have an internet gateway attached.
 */
function checkRegionalNatGateway(model: NetworkModel, nat: NatGateway, subnet: string, az: AzSlot | undefined): { findings: string[]; addresses: string[] } {
  const findings: string[] = [];
  const addresses: string[] = [];
  if (!nat.zoneAddresses) {
    findings.push(
      `${nat.id}: regional NAT gateway in automatic address mode (no AvailabilityZoneAddresses): AWS adds Availability Zones and Elastic IPs to it by itself, ` +
        'so the allowlisted egress addresses can change without a launch; list every agent AZ with its Elastic IP (manual mode)',
    );
  } else {
    const entry = az ? nat.zoneAddresses.find((z) => z.az?.key === az.key) : undefined;
    if (!entry) findings.push(`${nat.id}: AvailabilityZoneAddresses has no entry for ${az?.label ?? 'the AZ'} of agent subnet ${subnet}; its egress has no allowlisted address`);
    else if (entry.elasticIps.length === 0) findings.push(`${nat.id}: AvailabilityZoneAddresses entry for ${az!.label} has no AllocationIds`);
    else addresses.push(...entry.elasticIps.filter((a) => !a.startsWith('parameter ')));
  }
  const attached = [...model.resources.values()].some((r) => r.Type === 'AWS::EC2::VPCGatewayAttachment' && r.Properties?.InternetGatewayId !== undefined);
  if (!attached) findings.push(`${nat.id}: the VPC has no internet gateway attachment; a regional NAT gateway reaches the internet through the VPC's internet gateway`);
  return { findings, addresses };
}

/**
 * The Elastic IPs whose address an expression shows: `Ref` of the EIP (its public IP) or `Fn::GetAtt [EIP, PublicIp]`.
 * Other attributes (AllocationId, in an output that names a kept address to release or reuse) are no address anyone
 * can allowlist, so they do not count.
 */
function publicAddressReferences(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => publicAddressReferences(v, into));
  else if (value !== null && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    const getAtt = getAttOf(value);
    if (typeof ref === 'string') into.add(ref);
    else if (getAtt) {
      if (getAtt[1] === 'PublicIp') into.add(getAtt[0]);
    } else Object.values(value).forEach((v) => publicAddressReferences(v, into));
  }
  return into;
}
