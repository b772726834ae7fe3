import type { Template } from '../../scripts/cost/evaluate';
import { costProduct } from '../../scripts/cost/model';
import { loadPriceTable } from '../../scripts/cost/prices';
import { productTemplate } from '../support/catalog';

const table = loadPriceTable();
const template = productTemplate('nat-gateway') as unknown as Template;
const cost = (options: Parameters<typeof costProduct>[2]) => costProduct({ id: 'nat-gateway', version: 'test', template }, table, options);

describe('nat-gateway regional mode cost: billed per AZ the regional gateway serves', () => {
  test('regional: one regional NAT gateway line for its 2 AZs (AvailabilityZoneAddresses), 2 Elastic IPs, no zonal NAT gateway', () => {
    const regional = cost({ region: 'us-east-1', parameters: { NatGatewayMode: 'regional' } });
    const hourly = regional.lineItems.filter((i) => i.kind === 'hourly');
    expect(hourly.map((i) => [i.name, i.count, i.quantity, i.priceKey])).toEqual([
      ['Regional NAT gateway × 2 AZ', 2, 1460, 'regionalNatGatewayAzHour'],
      ['Public IPv4 address (NAT gateway Elastic IP) × 2', 2, 1460, 'publicIpv4Hour'],
    ]);
    expect(hourly[1].monthlyUsd).toBe(7.3);
    expect(regional.billedAzs).toBe(2);
    expect(regional.dataRates.map((r) => r.priceKey)).toEqual(['regionalNatGatewayGb']);
  });

  test('the regional rate is not in the price table (not sourced): the line is unpriced, never guessed, and says where to read it', () => {
    const regional = cost({ region: 'ap-northeast-1', parameters: { NatGatewayMode: 'regional' } });
    expect(regional.unpriced).toEqual(['Regional NAT gateway × 2 AZ', 'Regional NAT gateway data processing']);
    expect(regional.fixedMonthlyUsd).toBeNull();
    for (const region of ['us-east-1', 'ap-northeast-1']) {
      expect(table.regions[region].regionalNatGatewayAzHour).toMatchObject({ usd: null, source: 'https://aws.amazon.com/vpc/pricing/', checked: '2026-12-03' });
      expect(table.regions[region].regionalNatGatewayAzHour.note).toMatch(/Read it from the pricing page/);
    }
  });

  test('own Elastic IPs in regional mode still bill one public IPv4 address per AZ', () => {
    const own = cost({
      region: 'us-east-1',
      parameters: { NatGatewayMode: 'regional', NatEgressAllocationId1: 'eipalloc-0123456789abcdef0', NatEgressAllocationId2: 'eipalloc-0fedcba9876543210' },
    });
    expect(own.lineItems.find((i) => i.priceKey === 'publicIpv4Hour')).toMatchObject({ count: 2, monthlyUsd: 7.3 });
  });
});
