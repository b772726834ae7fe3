import { costProduct } from '../../scripts/cost/model';
import { loadPriceTable } from '../../scripts/cost/prices';
import { natGatewayFixture, networkFirewallFixture, privateLinkFixture } from './fixtures';

const table = loadPriceTable();
const item = (cost: ReturnType<typeof costProduct>, prefix: string) => cost.lineItems.find((i) => i.name.startsWith(prefix));

describe('cost model on product-shaped templates', () => {
  test("the source document's figure: five interface endpoints in one AZ in ap-northeast-1 = 51.10 USD a month", () => {
    const cost = costProduct({ id: 'private-link', version: 'v1.0.0', template: privateLinkFixture() }, table, {
      region: 'ap-northeast-1',
      parameters: { EndpointAzCount: '1', SecretsManagerEndpoint: 'false' },
    });
    expect(item(cost, 'Interface endpoints')).toEqual({
      name: 'Interface endpoints (ecr.api, ecr.dkr, logs, ssm, sts) × 1 AZ',
      kind: 'hourly',
      count: 5,
      quantity: 3650,
      unit: 'endpoint-AZ-hour',
      priceKey: 'interfaceEndpointAzHour',
      unitUsd: 0.014,
      monthlyUsd: 51.1,
    });
    // The S3 gateway endpoint is listed, and free.
    expect(item(cost, 'Gateway endpoints')).toMatchObject({ name: 'Gateway endpoints (s3)', monthlyUsd: 0 });
    expect(cost.fixedMonthlyUsd).toBe(51.1);
    expect(cost.billedAzs).toBe(1);
    expect(cost.dataRates).toEqual([
      { name: 'Interface endpoint data processing', appliesTo: 'AWS service traffic through the interface endpoints', priceKey: 'interfaceEndpointGb', usdPerGb: 0.01 },
    ]);
  });

  test('defaults: six endpoints in two AZs = 12 × 0.014 × 730 = 122.64', () => {
    const cost = costProduct({ id: 'private-link', version: 'v1.0.0', template: privateLinkFixture() }, table, { region: 'ap-northeast-1' });
    expect(item(cost, 'Interface endpoints')).toMatchObject({ count: 12, quantity: 8760, monthlyUsd: 122.64 });
    expect(cost.parameters).toEqual({});
  });

  test('--az-count 1 finds EndpointAzCount and sets it to 1', () => {
    const cost = costProduct({ id: 'private-link', version: 'v1.0.0', template: privateLinkFixture() }, table, {
      region: 'ap-northeast-1',
      azCount: 1,
      parameters: { SecretsManagerEndpoint: 'false' },
    });
    expect(cost.parameters).toEqual({ EndpointAzCount: '1', SecretsManagerEndpoint: 'false' });
    expect(cost.fixedMonthlyUsd).toBe(51.1);
  });

  test('nat-gateway per-az in us-east-1: 2 × 0.045 × 730 + 2 EIPs × 0.005 × 730 = 65.70 + 7.30 = 73.00', () => {
    const cost = costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, { region: 'us-east-1', azCount: 2 });
    expect(cost.parameters).toEqual({ NatGatewayMode: 'per-az' });
    expect(cost.lineItems.filter((i) => i.kind === 'hourly')).toEqual([
      { name: 'NAT gateway × 2', kind: 'hourly', count: 2, quantity: 1460, unit: 'NAT gateway-hour', priceKey: 'natGatewayHour', unitUsd: 0.045, monthlyUsd: 65.7 },
      {
        name: 'Public IPv4 address (NAT gateway Elastic IP) × 2',
        kind: 'hourly',
        count: 2,
        quantity: 1460,
        unit: 'address-hour',
        priceKey: 'publicIpv4Hour',
        unitUsd: 0.005,
        monthlyUsd: 7.3,
      },
    ]);
    expect(cost.fixedMonthlyUsd).toBe(73);
  });

  test('nat-gateway with the customer’s own Elastic IP still pays for its public IPv4 address', () => {
    const cost = costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, {
      region: 'ap-northeast-1',
      parameters: { NatEgressAllocationId1: 'eipalloc-0123456789abcdef0' },
    });
    // single mode, no EIP resource: 0.062 × 730 + 0.005 × 730 = 45.26 + 3.65
    expect(item(cost, 'NAT gateway')).toMatchObject({ count: 1, monthlyUsd: 45.26 });
    expect(item(cost, 'Public IPv4 address (NAT')).toMatchObject({ count: 1, monthlyUsd: 3.65 });
    expect(cost.fixedMonthlyUsd).toBe(48.91);
  });

  test('network firewall: endpoint hours, and one NAT hour and GB waived per firewall endpoint hour and GB', () => {
    const cost = costProduct({ id: 'network-firewall', version: 'v1.0.0', template: networkFirewallFixture() }, table, { region: 'us-east-1' });
    expect(item(cost, 'Network Firewall endpoint')).toMatchObject({ name: 'Network Firewall endpoint × 2', quantity: 1460, unitUsd: 0.395, monthlyUsd: 576.7 });
    expect(item(cost, 'NAT gateway hours waived')).toMatchObject({ count: 2, quantity: 1460, unitUsd: -0.045, monthlyUsd: -65.7 });
    // 65.70 (NAT) − 65.70 (waived) + 7.30 (EIPs) + 576.70 (firewall)
    expect(cost.fixedMonthlyUsd).toBe(584);
    expect(cost.dataRates.map((r) => [r.name, r.usdPerGb])).toEqual([
      ['NAT gateway data processing', 0.045],
      ['Network Firewall data processing', 0.065],
      ['NAT gateway data processing waived by Network Firewall', -0.045],
    ]);
  });

  test('a price the table could not source leaves the total open instead of guessing', () => {
    const cost = costProduct({ id: 'network-firewall', version: 'v1.0.0', template: networkFirewallFixture() }, table, { region: 'ap-northeast-1' });
    expect(item(cost, 'Network Firewall endpoint')).toMatchObject({ unitUsd: null, monthlyUsd: null });
    expect(cost.fixedMonthlyUsd).toBeNull();
    expect(cost.monthlyUsd).toBeNull();
    expect(cost.unpriced).toEqual(['Network Firewall endpoint × 2', 'Network Firewall data processing']);
    expect(cost.notes).toContainEqual(expect.stringMatching(/^firewallEndpointHour in ap-northeast-1: Not found with the project's search tools/));
  });

  test('Fargate cost of the scheduled runs from TaskSize, the daily cron and the run duration', () => {
    const cost = costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, { region: 'us-east-1', runMinutes: 60 });
    // 30 runs × 1 h × 1 vCPU × 0.04048 = 1.2144; 30 × 1 h × 2 GB × 0.004445 = 0.2667
    expect(cost.lineItems.filter((i) => i.kind === 'per-run').map((i) => [i.name, i.quantity, i.monthlyUsd])).toEqual([
      ['Fargate vCPU (1 vCPU, 30 runs × 60 min)', 30, 1.2144],
      ['Fargate memory (2 GB, 30 runs × 60 min)', 60, 0.2667],
    ]);
    expect(cost.runsMonthlyUsd).toBe(1.4811);
  });

  test('a disabled schedule has no runs; Fargate Spot has no sourced price', () => {
    const disabled = costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, {
      region: 'us-east-1',
      parameters: { ScheduleState: 'DISABLED' },
    });
    expect(disabled.runsPerMonth).toBe(0);
    expect(disabled.lineItems.filter((i) => i.kind === 'per-run')).toEqual([]);
    const spot = costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, {
      region: 'us-east-1',
      parameters: { ComputeType: 'FARGATE_SPOT' },
    });
    expect(spot.lineItems.find((i) => i.kind === 'per-run')).toMatchObject({ name: 'Fargate Spot vCPU (1 vCPU, 30 runs × 30 min)', unitUsd: null });
    expect(spot.runsMonthlyUsd).toBeNull();
  });

  test.each([
    [{ NoSuchParameter: 'x' }, /^--parameter NoSuchParameter: nat-gateway has no such parameter; parameters: AvailabilityZones, ComputeType, /],
    [{ NatGatewayMode: 'triple' }, /^--parameter NatGatewayMode=triple: allowed values for nat-gateway: single, per-az$/],
  ])('rejects parameter values %p', (parameters, message) => {
    expect(() => costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, { region: 'us-east-1', parameters })).toThrow(message);
  });

  test('--az-count that no parameter value reaches names the values and what they span', () => {
    expect(() => costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, { region: 'us-east-1', azCount: 3 })).toThrow(
      '--az-count 3: nat-gateway cannot span 3 AZs (NatGatewayMode=single spans 1, NatGatewayMode=per-az spans 2)',
    );
  });

  test('unknown region lists the regions of the price table', () => {
    expect(() => costProduct({ id: 'nat-gateway', version: 'v1.0.0', template: natGatewayFixture() }, table, { region: 'eu-west-9' })).toThrow(
      '--region eu-west-9: no prices for this region in scripts/cost/prices.json; regions with prices: ap-northeast-1, us-east-1',
    );
  });
});
