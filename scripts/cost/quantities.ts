import { ResourceRef, type TemplateEvaluator } from './evaluate';

/**
 * What a product template bills, counted from its resources under one set of launch parameters — never from a
 * per-product table, so a new product or a new option is costed as soon as it is synthesized.
 */
export interface BilledQuantities {
  /** Public NAT gateways (a private NAT gateway has no hourly public IPv4 address). */
  readonly natGateways: { readonly logicalId: string; readonly az: string }[];
  /**
   * Regional NAT gateways: one entry per AZ of AvailabilityZoneAddresses (manual mode), the unit AWS bills a regional
   * gateway by, with the Elastic IPs it uses there. Automatic mode lists no AZs: AWS decides them.
   */
  readonly regionalNatGatewayAzs: { readonly logicalId: string; readonly az: string; readonly addresses: number }[];
  readonly elasticIps: string[];
  /** Interface endpoints: one network interface, billed per AZ-hour, in each subnet they sit in. */
  readonly interfaceEndpoints: { readonly logicalId: string; readonly service: string; readonly azs: string[] }[];
  readonly gatewayEndpoints: { readonly logicalId: string; readonly service: string }[];
  /** Network Firewall endpoints: one per subnet mapping of a firewall, plus each VPC endpoint association. */
  readonly firewallEndpoints: { readonly logicalId: string; readonly az: string }[];
  /** The agent's Fargate task (from the Batch job definition and compute environment). */
  readonly task?: { readonly vcpu: number; readonly memoryGiB: number; readonly computeType: string; readonly assignPublicIp: boolean };
  /** Enabled schedules that submit the agent job. */
  readonly schedules: { readonly logicalId: string; readonly expression: string }[];
}

export function countBilledQuantities(t: TemplateEvaluator): BilledQuantities {
  const props = (r: { Properties?: Record<string, unknown> }) => r.Properties ?? {};
  const subnetAz = (subnet: unknown, fallback: string): string => {
    if (subnet instanceof ResourceRef) {
      const resource = t.template.Resources[subnet.logicalId];
      const az = t.value(resource?.Properties?.AvailabilityZone);
      return typeof az === 'string' ? az : `zone of ${subnet.logicalId}`;
    }
    return typeof subnet === 'string' ? `zone of subnet ${subnet}` : fallback;
  };

  const publicNatGateways = t.activeResources('AWS::EC2::NatGateway').filter(([, r]) => t.value(props(r).ConnectivityType) !== 'private');
  const isRegional = (r: { Properties?: Record<string, unknown> }) => t.value(props(r).AvailabilityMode) === 'regional';
  const natGateways = publicNatGateways.filter(([, r]) => !isRegional(r)).map(([id, r]) => ({ logicalId: id, az: subnetAz(t.value(props(r).SubnetId), id) }));
  const regionalNatGatewayAzs = publicNatGateways
    .filter(([, r]) => isRegional(r))
    .flatMap(([id, r]) =>
      t.list(props(r).AvailabilityZoneAddresses).map((entry, i) => {
        const e = (t.value(entry) ?? {}) as { AvailabilityZone?: unknown; AvailabilityZoneId?: unknown; AllocationIds?: unknown };
        const az = t.value(e.AvailabilityZone ?? e.AvailabilityZoneId);
        return { logicalId: id, az: typeof az === 'string' ? az : `${id} zone ${i + 1}`, addresses: t.list(e.AllocationIds).length };
      }),
    );

  const endpoints = t.activeResources('AWS::EC2::VPCEndpoint');
  const interfaceEndpoints = endpoints
    .filter(([, r]) => t.value(props(r).VpcEndpointType) === 'Interface')
    .map(([id, r]) => ({
      logicalId: id,
      service: serviceLabel(props(r).ServiceName, t, id),
      azs: t.list(props(r).SubnetIds).map((s, i) => subnetAz(s, `${id} subnet ${i + 1}`)),
    }));
  const gatewayEndpoints = endpoints
    .filter(([, r]) => (t.value(props(r).VpcEndpointType) ?? 'Gateway') === 'Gateway')
    .map(([id, r]) => ({ logicalId: id, service: serviceLabel(props(r).ServiceName, t, id) }));

  const firewallEndpoints = [
    ...t.activeResources('AWS::NetworkFirewall::Firewall').flatMap(([id, r]) =>
      t.list(props(r).SubnetMappings).map((m, i) => ({ logicalId: id, az: subnetAz((m as { SubnetId?: unknown }).SubnetId, `${id} mapping ${i + 1}`) })),
    ),
    ...t.activeResources('AWS::NetworkFirewall::VpcEndpointAssociation').map(([id, r]) => ({
      logicalId: id,
      az: subnetAz((t.value(props(r).SubnetMapping) as { SubnetId?: unknown } | undefined)?.SubnetId, id),
    })),
  ];

  const schedules = t
    .activeResources('AWS::Scheduler::Schedule')
    .filter(([, r]) => (t.value(props(r).State) ?? 'ENABLED') === 'ENABLED')
    .map(([id, r]) => ({ logicalId: id, expression: String(t.value(props(r).ScheduleExpression)) }));

  return {
    natGateways,
    regionalNatGatewayAzs,
    elasticIps: t.activeResources('AWS::EC2::EIP').map(([id]) => id),
    interfaceEndpoints,
    gatewayEndpoints,
    firewallEndpoints,
    task: fargateTask(t),
    schedules,
  };
}

function fargateTask(t: TemplateEvaluator): BilledQuantities['task'] {
  const jobDefinition = t
    .activeResources('AWS::Batch::JobDefinition')
    .find(([, r]) => t.list(r.Properties?.PlatformCapabilities).includes('FARGATE'));
  if (!jobDefinition) return undefined;
  const container = (t.value(jobDefinition[1].Properties?.ContainerProperties) ?? {}) as {
    ResourceRequirements?: { Type: string; Value: unknown }[];
    NetworkConfiguration?: { AssignPublicIp?: unknown };
  };
  const requirement = (type: string) => Number(container.ResourceRequirements?.find((r) => r.Type === type)?.Value);
  const environment = t.activeResources('AWS::Batch::ComputeEnvironment')[0];
  const computeType = environment ? t.value((environment[1].Properties?.ComputeResources as { Type?: unknown } | undefined)?.Type) : undefined;
  return {
    vcpu: requirement('VCPU'),
    memoryGiB: requirement('MEMORY') / 1024,
    computeType: typeof computeType === 'string' ? computeType : 'FARGATE',
    assignPublicIp: container.NetworkConfiguration?.AssignPublicIp === 'ENABLED',
  };
}

/** `com.amazonaws.${AWS::Region}.ecr.dkr` → `ecr.dkr`; an endpoint service from a parameter → its value. */
function serviceLabel(raw: unknown, t: TemplateEvaluator, logicalId: string): string {
  const sub = (raw as { 'Fn::Sub'?: unknown } | undefined)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub.replace(/^com\.amazonaws\.\$\{AWS::Region\}\./, '');
  const value = t.value(raw);
  return typeof value === 'string' && value !== '' ? value.replace(/^com\.amazonaws\.[a-z0-9-]+\./, '') : logicalId;
}
