import { BREAKING_EXIT_CODE } from '../../scripts/commands/diff';
import { runCatalog } from '../support/cli';

type Reason = { kind: string; severity: string; logicalId?: string; name?: string; renamedTo?: string };

async function diff(args: string[]): Promise<{ code: number; verdict: string; reasons: Reason[]; stderr: string }> {
  const result = await runCatalog(['diff', ...args, '--json']);
  if (result.code === 1) return { code: 1, verdict: '', reasons: [], stderr: result.stderr };
  const json = JSON.parse(result.stdout) as { verdict: string; reasons: Reason[] };
  return { code: result.code, verdict: json.verdict, reasons: json.reasons, stderr: result.stderr };
}

const identityLosses = (reasons: Reason[]) => reasons.filter((r) => r.severity === 'critical' || r.severity === 'breaking');
const OWN_1 = 'eipalloc-0123456789abcdef0';
const OWN_2 = 'eipalloc-0fedcba9876543210';

describe('nat-gateway upgrades from every released version, by NAT mode', () => {
  test.each(['v1.0.0', 'v1.1.0', 'v1.2.0'])('%s → current keeping the default mode (single) is compatible: NAT gateway 1 and its Elastic IP stay', async (version) => {
    const { code, verdict, reasons } = await diff(['nat-gateway', version, 'current']);
    expect([code, verdict]).toEqual([0, 'compatible']);
    expect(identityLosses(reasons)).toEqual([]);
    for (const id of ['NatGateway1', 'NatEgressAddress1']) {
      expect(reasons.filter((r) => r.logicalId === id && /replaced|removed|orphaned/.test(r.kind))).toEqual([]);
    }
  });

  test.each([
    ['single', { NatGatewayMode: 'single' }],
    ['per-az', { NatGatewayMode: 'per-az' }],
    ['per-az with own Elastic IPs', { NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 }],
  ])('v1.1.0 launched as %s → current with the same values is compatible (nothing replaced or deleted)', async (_name, values) => {
    const launch = Object.entries(values).flatMap(([k, v]) => ['--from-parameter', `${k}=${v}`]);
    const { code, verdict, reasons } = await diff(['nat-gateway', 'v1.1.0', 'current', ...launch]);
    expect([code, verdict, identityLosses(reasons)]).toEqual([0, 'compatible', []]);
  });

  test('changing NatGatewayMode to regional on the update replaces NAT gateway 1 (AvailabilityMode is create-only): breaking for allowlists', async () => {
    const { code, verdict, reasons } = await diff(['nat-gateway', 'v1.1.0', 'current', '--to-parameter', 'NatGatewayMode=regional']);
    expect([code, verdict]).toEqual([BREAKING_EXIT_CODE, 'breaking']);
    expect(reasons).toContainEqual(expect.objectContaining({ severity: 'critical', logicalId: 'NatGateway1', kind: 'identity-resource-replaced', renamedTo: 'RegionalNatGateway' }));
  });

  test('per-az → regional deletes both zonal NAT gateways; regional → single deletes the regional one', async () => {
    const toRegional = await diff(['nat-gateway', 'current', 'current', '--from-parameter', 'NatGatewayMode=per-az', '--to-parameter', 'NatGatewayMode=regional']);
    expect(toRegional.code).toBe(BREAKING_EXIT_CODE);
    expect(identityLosses(toRegional.reasons).filter((r) => r.kind === 'identity-resource-removed').map((r) => r.logicalId)).toEqual(['NatGateway1', 'NatGateway2']);
    const back = await diff(['nat-gateway', 'current', 'current', '--from-parameter', 'NatGatewayMode=regional', '--to-parameter', 'NatGatewayMode=single']);
    expect(back.code).toBe(BREAKING_EXIT_CODE);
    expect(back.reasons).toContainEqual(expect.objectContaining({ severity: 'critical', logicalId: 'RegionalNatGateway' }));
    // The product's Elastic IP of AZ 2 is no longer used in single mode: kept (DeletionPolicy Retain) but out of the product.
    expect(back.reasons).toContainEqual(expect.objectContaining({ logicalId: 'NatEgressAddress2', kind: 'resource-orphaned' }));
  });

  test('a regional product kept regional is compatible', async () => {
    const { code, reasons } = await diff(['nat-gateway', 'current', 'current', '--from-parameter', 'NatGatewayMode=regional']);
    expect([code, reasons]).toEqual([0, []]);
  });

  test.each([
    [['--to-parameter', 'NatGatewayMode=zonal'], '--to-parameter NatGatewayMode=zonal: not an allowed value of NatGatewayMode in current code (latest release v1.2.0); allowed: single, per-az, regional'],
    [['--from-parameter', 'NatMode=single'], '--from-parameter NatMode: v1.1.0 has no parameter NatMode; parameters: VpcCidr'],
    [['--to-parameter', 'regional'], '--to-parameter "regional": expected Name=value, e.g. --to-parameter NatGatewayMode=regional'],
  ])('refuses %p naming the flag and what is allowed', async (flags, message) => {
    const { code, stderr } = await diff(['nat-gateway', 'v1.1.0', 'current', ...flags]);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
  });
});

describe('network-firewall upgrades from every released version: egress IPs kept', () => {
  // The releases before AllowedTcpDestinations (v1.2.0 has it: see the next test).
  test.each(['v1.0.0', 'v1.1.0'])('%s → current is compatible: the NAT gateways, their Elastic IPs and the rule groups stay', async (version) => {
    const { code, verdict, reasons } = await diff(['network-firewall', version, 'current']);
    expect([code, verdict, identityLosses(reasons)]).toEqual([0, 'compatible', []]);
    for (const id of ['NatGateway1', 'NatGateway2', 'NatEgressAddress1', 'NatEgressAddress2', 'EgressNonWebDrop', 'EgressDomainAllowlist']) {
      expect(reasons.filter((r) => r.logicalId === id && /replaced|removed|orphaned/.test(r.kind))).toEqual([]);
    }
    // The TCP destinations come as a rule group of their own: nothing released is resized.
    expect(reasons).toContainEqual(expect.objectContaining({ kind: 'resource-added', logicalId: 'EgressTcpDestinationAllowlist' }));
  });

  test('v1.2.0 (with own Elastic IPs and TCP destinations) launched with both → current with the same values: nothing changes', async () => {
    const launch = ['--from-parameter', `NatEgressAllocationId1=${OWN_1}`, '--from-parameter', `NatEgressAllocationId2=${OWN_2}`, '--from-parameter', 'AllowedTcpDestinations=203.0.113.10/32:5432'];
    const { code, verdict, reasons } = await diff(['network-firewall', 'v1.2.0', 'current', ...launch]);
    expect([code, verdict, reasons]).toEqual([0, 'compatible', []]);
  });

  test('moving a product from new to own Elastic IPs on an update deletes its NAT gateways for new ones (AllocationId is create-only): breaking', async () => {
    const { code, reasons } = await diff([
      'network-firewall', 'v1.1.0', 'current', '--to-parameter', `NatEgressAllocationId1=${OWN_1}`, '--to-parameter', `NatEgressAllocationId2=${OWN_2}`,
    ]);
    expect(code).toBe(BREAKING_EXIT_CODE);
    expect(identityLosses(reasons).map((r) => [r.logicalId, r.kind])).toEqual(
      expect.arrayContaining([
        ['NatGateway1', 'identity-resource-removed'],
        ['NatGateway2', 'identity-resource-removed'],
        // The product's Elastic IPs are kept (ElasticIpsOnTermination keep), out of the product.
        ['NatEgressAddress1', 'resource-orphaned'],
      ]),
    );
    expect(reasons).toContainEqual(expect.objectContaining({ kind: 'resource-added', logicalId: 'OwnAddressNatGateway1' }));
  });

  test('adding TCP destinations on an update changes only the new rule group, in place', async () => {
    const { code, reasons } = await diff(['network-firewall', 'current', 'current', '--to-parameter', 'AllowedTcpDestinations=203.0.113.10/32:5432']);
    expect(code).toBe(0);
    expect(reasons.filter((r) => r.kind.startsWith('resource-')).map((r) => [r.logicalId, r.kind])).toEqual([['EgressTcpDestinationAllowlist', 'resource-modified']]);
  });
});
