import { packageOf, summarizeCpuProfile, type CpuProfile } from '../../scripts/bench/cpu-profile';
import { planSyntheticProducts, registryExtensionSource } from '../../scripts/bench/synthetic-products';
import { checkCosts, parseVerifyTimings } from '../../scripts/bench/verify-checks';

describe('CPU profile summary', () => {
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
  // (root) -> Module._load of the entry script -> require -> aws-cdk-lib top level, and -> synth in our code;
  // (root) -> (garbage collector)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [6, 5] },
      { id: 6, callFrame: frame('Module._load', 'node:internal/modules/cjs/loader'), children: [2, 4] },
      { id: 2, callFrame: frame('require', 'node:internal/modules/helpers'), children: [3] },
      { id: 3, callFrame: frame('', 'file:///repo/node_modules/aws-cdk-lib/core/lib/index.js') },
      { id: 4, callFrame: frame('synthesizeCatalog', 'file:///repo/dist/scripts/catalog-build/synth.js') },
      { id: 5, callFrame: frame('(garbage collector)') },
    ],
    samples: [3, 3, 4, 2, 5],
    timeDeltas: [100_000, 200_000, 300_000, 50_000, 25_000],
    startTime: 0,
    endTime: 1_000_000,
  };

  test('self time by package, hottest functions and time under require', () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.totalSeconds).toBe(1);
    expect(summary.requireSeconds).toBeCloseTo(0.35);
    expect(summary.byPackage).toEqual([
      { name: 'aws-cdk-lib', seconds: 0.3 },
      { name: 'catalog: scripts/catalog-build', seconds: 0.3 },
      { name: 'node (internals)', seconds: 0.05 },
      { name: '(garbage collector)', seconds: 0.025 },
    ]);
    expect(summary.topFunctions[1]).toEqual({ name: 'synthesizeCatalog', where: 'dist/scripts/catalog-build/synth.js:1', seconds: 0.3 });
  });

  test('packages of scoped modules and of our compiled code', () => {
    expect(packageOf('file:///r/node_modules/@aws-cdk/aws-service-spec/lib/x.js', 'f')).toBe('@aws-cdk/aws-service-spec');
    expect(packageOf('file:///r/dist/scripts/catalog.js', 'main')).toBe('catalog: scripts');
    expect(packageOf('', '(program)')).toBe('(program)');
  });
});

describe('synthetic products', () => {
  const real = [
    { id: 'public-ip', constructId: 'PublicIp' },
    { id: 'network-firewall', constructId: 'NetworkFirewall' },
  ];

  test('copies of the real products, round robin, up to the total', () => {
    expect(planSyntheticProducts(real, 5)).toEqual([
      { id: 'public-ip-copy1', constructId: 'PublicIpCopy1', baseId: 'public-ip' },
      { id: 'network-firewall-copy2', constructId: 'NetworkFirewallCopy2', baseId: 'network-firewall' },
      { id: 'public-ip-copy3', constructId: 'PublicIpCopy3', baseId: 'public-ip' },
    ]);
    expect(planSyntheticProducts(real, 2)).toEqual([]);
  });

  test('the generated registry extension appends copies that declare their own identity', () => {
    const PRODUCTS = [
      {
        id: 'public-ip',
        constructId: 'PublicIp',
        name: 'Metadata agent - public IP',
        create: (_scope: unknown, _id: string, props: { version: string }) => ({
          productId: 'public-ip',
          templateOptions: { metadata: { AgentNetworkCatalog: { ProductId: 'public-ip', Version: props.version }, Other: 1 } },
        }),
      },
    ];
    const identity = { identityMetadata: (i: { productId: string; version: string }) => ({ AgentNetworkCatalog: { ProductId: i.productId, Version: i.version } }) };
    const fakeRequire = (m: string) => (m === './catalog' ? { PRODUCTS } : identity);
    new Function('require', registryExtensionSource(planSyntheticProducts(real.slice(0, 1), 2)))(fakeRequire);

    expect(PRODUCTS.map((p) => [p.id, p.constructId, p.name])).toEqual([
      ['public-ip', 'PublicIp', 'Metadata agent - public IP'],
      ['public-ip-copy1', 'PublicIpCopy1', 'Metadata agent - public IP (public-ip-copy1)'],
    ]);
    expect(PRODUCTS[1].create(undefined, 'Template', { version: 'v1.0.0' })).toEqual({
      productId: 'public-ip-copy1',
      templateOptions: { metadata: { AgentNetworkCatalog: { ProductId: 'public-ip-copy1', Version: 'v1.0.0' }, Other: 1 } },
    });
  });
});

describe('verify timings', () => {
  // The shape `catalog verify --json` prints (scripts/verify/types.ts VerifyReport, plus synthSeconds).
  const output = (synthSeconds: number, guardMs: number) =>
    JSON.stringify({
      synthSeconds,
      ok: true,
      ms: guardMs + 300,
      checks: [
        { check: 'control-tower', description: 'cfn-guard', ms: guardMs, templates: 4, errors: 0, warnings: 0, perTemplate: [], startupMs: 200 },
        { check: 'self-contained', description: 'no assets', ms: 300, templates: 4, errors: 0, warnings: 0, perTemplate: [{ template: 'public-ip', version: 'v1.0.0', ms: 75 }] },
      ],
      errors: [{ check: 'limits', severity: 'error', template: 'x', version: '-', resource: '-', rule: 'r', message: 'm' }],
      warnings: [],
    });

  test('synthesis and checks side by side, and each check per template', () => {
    expect(parseVerifyTimings(output(2, 600))).toEqual({
      synthSeconds: 2,
      checksSeconds: 0.9,
      checks: [
        { check: 'control-tower', seconds: 0.6, startupSeconds: 0.2, templates: 4 },
        { check: 'self-contained', seconds: 0.3, startupSeconds: 0, templates: 4 },
      ],
    });
    const runs = [output(2, 600), output(2.2, 1000), output(1.9, 800)].map((o) => parseVerifyTimings(o)!);
    expect(checkCosts('default', 'verify-cold', runs)).toEqual([
      { scenario: 'default', command: 'verify-cold', check: 'control-tower', seconds: 0.8, startupSeconds: 0.2, templates: 4, msPerTemplate: expect.closeTo(150, 6) },
      { scenario: 'default', command: 'verify-cold', check: 'self-contained', seconds: 0.3, startupSeconds: 0, templates: 4, msPerTemplate: 75 },
    ]);
  });

  test('no timings from a failed or non-JSON verify', () => {
    expect(parseVerifyTimings('catalog: verify failed: 1 error(s)')).toBeUndefined();
    expect(parseVerifyTimings('{"ok":false}')).toBeUndefined();
  });
});
