import type { Template } from '../../scripts/cost/evaluate';
import { costProduct } from '../../scripts/cost/model';
import { loadPriceTable } from '../../scripts/cost/prices';
import { productTemplate } from '../support/catalog';

/** Hand-computed figures for the real product templates (quantities counted from what they synthesize). */
const table = loadPriceTable();
const cost = (id: Parameters<typeof productTemplate>[0], options: Parameters<typeof costProduct>[2]) =>
  costProduct({ id, version: 'test', template: productTemplate(id) as unknown as Template }, table, options);
const hourly = (c: ReturnType<typeof costProduct>) => c.lineItems.filter((i) => i.kind === 'hourly').map((i) => [i.name, i.count, i.monthlyUsd]);

describe('monthly cost of the product templates', () => {
  test('nat-gateway per-az in us-east-1: 2 × 0.045 × 730 + 2 EIPs × 0.005 × 730 = 65.70 + 7.30 = 73.00', () => {
    const perAz = cost('nat-gateway', { region: 'us-east-1', azCount: 2 });
    expect(perAz.parameters).toEqual({ NatGatewayMode: 'per-az' });
    expect(hourly(perAz)).toEqual([
      ['NAT gateway × 2', 2, 65.7],
      ['Public IPv4 address (NAT gateway Elastic IP) × 2', 2, 7.3],
    ]);
    expect(perAz.fixedMonthlyUsd).toBe(73);
  });

  test('nat-gateway default (single) in ap-northeast-1: 0.062 × 730 + 0.005 × 730 = 45.26 + 3.65 = 48.91', () => {
    const single = cost('nat-gateway', { region: 'ap-northeast-1' });
    expect(single.billedAzs).toBe(1);
    expect(single.fixedMonthlyUsd).toBe(48.91);
  });

  test('network-firewall in us-east-1: 2 firewall endpoints × 0.395 × 730 = 576.70, both NAT gateways waived, 2 EIPs = 584.00', () => {
    const firewall = cost('network-firewall', { region: 'us-east-1' });
    expect(hourly(firewall)).toEqual([
      ['NAT gateway × 2', 2, 65.7],
      ['NAT gateway hours waived by Network Firewall × 2', 2, -65.7],
      ['Public IPv4 address (NAT gateway Elastic IP) × 2', 2, 7.3],
      ['Network Firewall endpoint × 2', 2, 576.7],
    ]);
    expect(firewall.fixedMonthlyUsd).toBe(584);
  });

  test('public-ip and existing-network: nothing always-on but free gateway endpoints; public-ip pays the task public IP per run', () => {
    expect(cost('public-ip', { region: 'us-east-1' }).fixedMonthlyUsd).toBe(0);
    expect(cost('public-ip', { region: 'us-east-1' }).lineItems.map((i) => i.priceKey)).toContain('publicIpv4Hour');
    const existing = cost('existing-network', { region: 'us-east-1' });
    expect(existing.fixedMonthlyUsd).toBe(0);
    expect(existing.lineItems.map((i) => i.priceKey)).toEqual(['fargateVcpuHour', 'fargateGbHour']);
  });
});
