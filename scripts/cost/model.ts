import { CliError } from '../cli-error';
import { parametersForAzCount, billedAzSpread } from './az-count';
import { TemplateEvaluator, type ParameterValues, type Template } from './evaluate';
import { regionPrices, type PriceKey, type PriceTable } from './prices';
import { countBilledQuantities } from './quantities';
import { runsPerMonth } from './schedule';

/**
 * The monthly cost of one product template in one region: quantities counted from the template under its
 * parameter defaults (or given values), multiplied by the prices of the committed table. Every line item keeps
 * `quantity × unitUsd = monthlyUsd`, with quantities in the billing unit (hours, vCPU-hours, ...).
 */
export interface LineItem {
  readonly name: string;
  /** hourly: always-on infrastructure (the fixed monthly total); per-run: the scheduled agent runs. */
  readonly kind: 'hourly' | 'per-run';
  /** How many billed things (NAT gateways, endpoint network interfaces, vCPUs, ...). */
  readonly count: number;
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: PriceKey;
  /** Null when the price table has no sourced price (see its note). */
  readonly unitUsd: number | null;
  readonly monthlyUsd: number | null;
}

export interface DataRate {
  readonly name: string;
  readonly appliesTo: string;
  readonly priceKey: PriceKey;
  readonly usdPerGb: number | null;
}

export interface ProductCost {
  readonly product: string;
  readonly version: string;
  readonly region: string;
  /** Parameter values that differ from the template defaults (given, or chosen for --az-count). */
  readonly parameters: ParameterValues;
  /** Distinct AZs of the per-AZ billed resources. */
  readonly billedAzs: number;
  readonly runsPerMonth: number;
  readonly runMinutes: number;
  readonly lineItems: LineItem[];
  readonly dataRates: DataRate[];
  /** Sum of the hourly items; null when one of them has no price. */
  readonly fixedMonthlyUsd: number | null;
  readonly runsMonthlyUsd: number | null;
  readonly monthlyUsd: number | null;
  /** Line items and data rates without a sourced price in this region. */
  readonly unpriced: string[];
  readonly notes: string[];
}

export interface CostOptions {
  readonly region: string;
  readonly parameters?: ParameterValues;
  readonly azCount?: number;
  /** Duration of one agent run in minutes (default 30). */
  readonly runMinutes?: number;
}

export const DEFAULT_RUN_MINUTES = 30;

export function costProduct(
  product: { id: string; version: string; template: Template },
  table: PriceTable,
  options: CostOptions,
): ProductCost {
  const prices = regionPrices(table, options.region);
  const hours = table.hoursPerMonth;
  const runMinutes = options.runMinutes ?? DEFAULT_RUN_MINUTES;
  const notes: string[] = [];
  const parameters = checkedParameters(product, options.parameters ?? {});
  if (options.azCount !== undefined) {
    const chosen = parametersForAzCount(product.template, options.azCount, parameters);
    if (chosen.problem) throw new CliError(`--az-count ${options.azCount}: ${product.id} ${chosen.problem}`);
    if (chosen.parameters.length === 0) notes.push(`--az-count does not apply to ${product.id}: no parameter changes the zones of its billed resources`);
    Object.assign(parameters, chosen.values);
  }
  const evaluator = new TemplateEvaluator(product.template, parameters);
  const q = countBilledQuantities(evaluator);

  const items: LineItem[] = [];
  const price = (key: PriceKey) => prices[key].usd;
  const add = (name: string, kind: LineItem['kind'], count: number, quantity: number, unit: string, priceKey: PriceKey, sign = 1) => {
    const unitUsd = price(priceKey) === null ? null : sign * price(priceKey)!;
    items.push({ name, kind, count, quantity: round(quantity), unit, priceKey, unitUsd, monthlyUsd: unitUsd === null ? null : round(quantity * unitUsd) });
  };

  const nat = q.natGateways.length;
  if (nat > 0) add(`NAT gateway × ${nat}`, 'hourly', nat, nat * hours, 'NAT gateway-hour', 'natGatewayHour');
  const waivedNat = Math.min(nat, q.firewallEndpoints.length);
  if (waivedNat > 0) add(`NAT gateway hours waived by Network Firewall × ${waivedNat}`, 'hourly', waivedNat, waivedNat * hours, 'NAT gateway-hour', 'natGatewayHour', -1);
  // A regional NAT gateway is billed per AZ it serves (its AvailabilityZoneAddresses in manual mode).
  const regionalAzs = q.regionalNatGatewayAzs.length;
  if (regionalAzs > 0) add(`Regional NAT gateway × ${regionalAzs} AZ`, 'hourly', regionalAzs, regionalAzs * hours, 'NAT gateway AZ-hour', 'regionalNatGatewayAzHour');
  // Every NAT gateway holds one public IPv4 address (a regional one, those listed per AZ), whether the product allocates
  // the Elastic IP or the customer brings one; Elastic IPs the template allocates beyond that are billed too.
  const addresses = Math.max(nat + q.regionalNatGatewayAzs.reduce((n, z) => n + z.addresses, 0), q.elasticIps.length);
  if (addresses > 0) add(`Public IPv4 address (NAT gateway Elastic IP) × ${addresses}`, 'hourly', addresses, addresses * hours, 'address-hour', 'publicIpv4Hour');
  const endpointEnis = q.interfaceEndpoints.reduce((n, e) => n + e.azs.length, 0);
  if (endpointEnis > 0) {
    const services = q.interfaceEndpoints.map((e) => e.service).join(', ');
    const azs = new Set(q.interfaceEndpoints.flatMap((e) => e.azs)).size;
    add(`Interface endpoints (${services}) × ${azs} AZ`, 'hourly', endpointEnis, endpointEnis * hours, 'endpoint-AZ-hour', 'interfaceEndpointAzHour');
  }
  if (q.gatewayEndpoints.length > 0) {
    const n = q.gatewayEndpoints.length;
    add(`Gateway endpoints (${q.gatewayEndpoints.map((e) => e.service).join(', ')})`, 'hourly', n, n * hours, 'endpoint-hour', 'gatewayEndpointHour');
  }
  const firewalls = q.firewallEndpoints.length;
  if (firewalls > 0) add(`Network Firewall endpoint × ${firewalls}`, 'hourly', firewalls, firewalls * hours, 'endpoint-hour', 'firewallEndpointHour');

  const runs = runsFromSchedules(q.schedules, notes);
  if (q.task && runs > 0) {
    const runHours = (runs * runMinutes) / 60;
    const spot = q.task.computeType === 'FARGATE_SPOT';
    const label = `${round(runs)} runs × ${runMinutes} min`;
    add(`Fargate${spot ? ' Spot' : ''} vCPU (${q.task.vcpu} vCPU, ${label})`, 'per-run', q.task.vcpu, runHours * q.task.vcpu, 'vCPU-hour', spot ? 'fargateSpotVcpuHour' : 'fargateVcpuHour');
    add(`Fargate${spot ? ' Spot' : ''} memory (${q.task.memoryGiB} GB, ${label})`, 'per-run', q.task.memoryGiB, runHours * q.task.memoryGiB, 'GB-hour', spot ? 'fargateSpotGbHour' : 'fargateGbHour');
    if (q.task.assignPublicIp) add(`Public IPv4 address of the task (${label})`, 'per-run', 1, runHours, 'address-hour', 'publicIpv4Hour');
  }
  if (!q.task) notes.push('no Fargate job definition found: runs are not costed');

  const dataRates = ratesFor(q, prices);
  const sum = (kind: LineItem['kind']) => {
    const selected = items.filter((i) => i.kind === kind);
    return selected.some((i) => i.monthlyUsd === null) ? null : round(selected.reduce((s, i) => s + i.monthlyUsd!, 0));
  };
  const fixed = sum('hourly');
  const perRun = sum('per-run');
  const unpriced = [...items.filter((i) => i.unitUsd === null).map((i) => i.name), ...dataRates.filter((r) => r.usdPerGb === null).map((r) => r.name)];
  for (const key of new Set([...items.filter((i) => i.unitUsd === null).map((i) => i.priceKey), ...dataRates.filter((r) => r.usdPerGb === null).map((r) => r.priceKey)])) {
    notes.push(`${key} in ${options.region}: ${prices[key].note ?? 'no price in the table'}`);
  }
  notes.push('Not included: data transfer out to the internet, CloudWatch Logs ingestion and storage, and per-GB processing (see dataRates).');
  return {
    product: product.id,
    version: product.version,
    region: options.region,
    parameters: changedParameters(product.template, parameters),
    billedAzs: billedAzSpread(evaluator),
    runsPerMonth: round(runs),
    runMinutes,
    lineItems: items,
    dataRates,
    fixedMonthlyUsd: fixed,
    runsMonthlyUsd: perRun,
    monthlyUsd: fixed === null || perRun === null ? null : round(fixed + perRun),
    unpriced,
    notes,
  };
}

function ratesFor(q: ReturnType<typeof countBilledQuantities>, prices: ReturnType<typeof regionPrices>): DataRate[] {
  const rates: DataRate[] = [];
  const rate = (name: string, appliesTo: string, priceKey: PriceKey, sign = 1) =>
    rates.push({ name, appliesTo, priceKey, usdPerGb: prices[priceKey].usd === null ? null : sign * prices[priceKey].usd! });
  if (q.natGateways.length > 0) rate('NAT gateway data processing', 'egress through the NAT gateways', 'natGatewayGb');
  if (q.regionalNatGatewayAzs.length > 0) rate('Regional NAT gateway data processing', 'egress through the regional NAT gateway', 'regionalNatGatewayGb');
  if (q.firewallEndpoints.length > 0) {
    rate('Network Firewall data processing', 'egress through the firewall endpoints', 'firewallGb');
    if (q.natGateways.length > 0) rate('NAT gateway data processing waived by Network Firewall', 'egress through both', 'natGatewayGb', -1);
  }
  if (q.interfaceEndpoints.length > 0) rate('Interface endpoint data processing', 'AWS service traffic through the interface endpoints', 'interfaceEndpointGb');
  return rates;
}

function runsFromSchedules(schedules: { logicalId: string; expression: string }[], notes: string[]): number {
  let total = 0;
  for (const s of schedules) {
    const runs = runsPerMonth(s.expression);
    if (runs === undefined) notes.push(`${s.logicalId}: cannot read the schedule expression ${s.expression}; its runs are not costed`);
    else total += runs;
  }
  return total;
}

function checkedParameters(product: { id: string; template: Template }, given: ParameterValues): ParameterValues {
  const declared = product.template.Parameters ?? {};
  for (const [name, value] of Object.entries(given)) {
    const parameter = declared[name];
    if (!parameter) {
      throw new CliError(`--parameter ${name}: ${product.id} has no such parameter; parameters: ${Object.keys(declared).sort().join(', ')}`);
    }
    if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(value)) {
      throw new CliError(`--parameter ${name}=${value}: allowed values for ${product.id}: ${parameter.AllowedValues.map(String).join(', ')}`);
    }
  }
  return { ...given };
}

function changedParameters(template: Template, values: ParameterValues): ParameterValues {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([name, value]) => String(template.Parameters?.[name]?.Default ?? '') !== value)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** Money and quantities to 1/10000 (sub-cent), which keeps 3650 × 0.014 at 51.1 exactly. */
export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
