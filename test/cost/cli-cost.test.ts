import { runCatalog } from '../support/cli';

describe('catalog cost', () => {
  test('--json: line items of public-ip in us-east-1 (no always-on cost; runs with a task public IP)', async () => {
    const { code, stdout, stderr } = await runCatalog(['cost', '--product', 'public-ip', '--region', 'us-east-1', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ region: 'us-east-1', hoursPerMonth: 730, regions: ['ap-northeast-1', 'us-east-1'] });
    const [cost] = report.products;
    expect(cost).toMatchObject({ product: 'public-ip', runsPerMonth: 30, runMinutes: 30, billedAzs: 0, fixedMonthlyUsd: 0 });
    // 15 vCPU-h × 0.04048 + 30 GB-h × 0.004445 + 15 address-h × 0.005
    expect(cost.lineItems.filter((i: { kind: string }) => i.kind === 'per-run').map((i: { name: string; quantity: number; unitUsd: number; monthlyUsd: number }) => [i.name, i.quantity, i.unitUsd, i.monthlyUsd])).toEqual([
      ['Fargate vCPU (1 vCPU, 30 runs × 30 min)', 15, 0.04048, 0.6072],
      ['Fargate memory (2 GB, 30 runs × 30 min)', 30, 0.004445, 0.1334],
      ['Public IPv4 address of the task (30 runs × 30 min)', 15, 0.005, 0.075],
    ]);
    expect(cost.runsMonthlyUsd).toBe(0.8156);
    expect(cost.notes[0]).toBe('Not included: data transfer out to the internet, CloudWatch Logs ingestion and storage, and per-GB processing (see dataRates).');
  });

  test('the text report ends with the comparison table', async () => {
    const { code, stdout } = await runCatalog(['cost', '--region', 'ap-northeast-1', '--run-minutes', '60']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^public-ip v\d+\.\d+\.\d+ in ap-northeast-1\n/);
    expect(stdout).toMatch(/\nproduct +region +AZs billed +fixed USD\/month +runs USD\/month +total USD\/month\n/);
    // 30 vCPU-h × 0.05056 + 60 GB-h × 0.005536 + 30 address-h × 0.005 = 1.99896
    expect(stdout).toMatch(/\npublic-ip +ap-northeast-1 +0 +0\.00 +2\.00 +2\.00\n/);
  });

  test.each([
    [['--region', 'mars-1'], /^catalog: --region mars-1: no prices for this region in scripts\/cost\/prices\.json; regions with prices: ap-northeast-1, us-east-1\n$/],
    [['--product', 'carrier-pigeon'], /^catalog: --product carrier-pigeon: unknown product; products: public-ip/],
    [['--az-count', '0'], /^catalog: --az-count 0: expected a positive whole number\n$/],
    [['--run-minutes', 'long'], /^catalog: --run-minutes long: expected a positive whole number\n$/],
    [['--parameter', 'TaskSize=1vCPU-2GB'], /^catalog: --parameter needs --product: parameters differ between products\n$/],
    [['--product', 'public-ip', '--parameter', 'TaskSize'], /^catalog: --parameter TaskSize: expected NAME=VALUE, e\.g\. --parameter EndpointAzCount=1\n$/],
    [['--product', 'public-ip', '--parameter', 'TaskSize=3vCPU-1GB'], /^catalog: --parameter TaskSize=3vCPU-1GB: allowed values for public-ip: 0\.25vCPU-0\.5GB, /],
  ])('cost %p fails with one clear message', async (args, message) => {
    const { code, stdout, stderr } = await runCatalog(['cost', ...args]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
