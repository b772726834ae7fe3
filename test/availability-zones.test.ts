import type { ProductId } from '../products/shared/identity';
import { TWO_AZ_NAMES_OR_EMPTY } from '../products/shared/parameter-patterns';
import { analyzeUpgrade } from '../scripts/analyzers/upgrade-diff';
import { productTemplate, releasedTemplates, type CfnTemplate } from './support/catalog';
import { resolveIfs } from './support/cfn-evaluate';

/**
 * AZs where Fargate runs (issue 12, item 11). Fargate is not offered in every AZ (ECS developer guide, "AWS Fargate
 * Regions": ap-northeast-1 apne1-az1, apne1-az2 and apne1-az4 only; us-west-1 usw1-az1 and usw1-az3 only). The subnets
 * keep the AZ expression of their released versions (AvailabilityZone is create-only: another expression is reported
 * as a replacement of every subnet); a customer in an affected account names two AZs in AvailabilityZones, and the
 * AvailabilityZoneIds output shows the AZ ids a launch got.
 */
const NEW_VPC_PRODUCTS: ProductId[] = ['public-ip', 'nat-gateway', 'network-firewall', 'private-link'];

describe('AvailabilityZones pattern (Java regex semantics match JavaScript for this pattern)', () => {
  const pattern = new RegExp(TWO_AZ_NAMES_OR_EMPTY);
  test.each([
    ['', true],
    ['ap-northeast-1a,ap-northeast-1c', true],
    ['ap-northeast-1a,ap-northeast-1d', true],
    ['us-west-1b,us-west-1c', true],
    ['us-gov-west-1a,us-gov-west-1b', true],
    ['eu-central-1a,eu-central-1b', true],
    ['ap-northeast-1a', false], // one AZ only
    ['ap-northeast-1a, ap-northeast-1c', false], // a space
    ['apne1-az1,apne1-az4', false], // AZ ids: AvailabilityZone takes names
    ['ap-northeast-1a,ap-northeast-1c,ap-northeast-1d', false], // three
    ['AP-NORTHEAST-1A,AP-NORTHEAST-1C', false],
    ['ap-northeast-1,ap-northeast-1', false], // regions, not AZs
  ])('%p accepted: %p', (value, accepted) => {
    expect(pattern.test(value)).toBe(accepted);
  });
});

describe.each(NEW_VPC_PRODUCTS)('%s: availability zones', (productId) => {
  const t = productTemplate(productId);
  const released = releasedTemplates(productId);
  const latest = released[released.length - 1];
  const subnets = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::EC2::Subnet');

  test('the AvailabilityZones description documents the Fargate gap (apne1-az3, us-west-1) and how to choose by AZ id', () => {
    const description = String(t.Parameters!.AvailabilityZones.Description);
    expect(description).toMatch(/apne1-az3/);
    expect(description).toMatch(/usw1-az1 and usw1-az3/);
    expect(description).toMatch(/aws ec2 describe-availability-zones/);
    expect(t.Parameters!.AvailabilityZones).toMatchObject({ Default: '', AllowedPattern: TWO_AZ_NAMES_OR_EMPTY });
  });

  test('every subnet keeps the AZ expression of the latest release byte for byte, and sets no AvailabilityZoneId', () => {
    expect(subnets.length).toBeGreaterThan(0);
    for (const [id, subnet] of subnets) {
      expect([id, subnet.Properties!.AvailabilityZone]).toEqual([id, latest.template.Resources[id].Properties!.AvailabilityZone]);
      expect([id, subnet.Properties!.AvailabilityZoneId]).toEqual([id, undefined]);
    }
  });

  test('by default the region\'s first two AZs; given names, those names, in order', () => {
    const az = (id: string, parameters: Record<string, string>) => resolveIfs(t, t.Resources[id].Properties!.AvailabilityZone, parameters);
    const [first] = subnets.find(([id]) => id.endsWith('1'))!;
    const [second] = subnets.find(([id]) => id.endsWith('2'))!;
    expect(az(first, {})).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(az(second, {})).toEqual({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] });
    expect(az(second, { AvailabilityZones: 'ap-northeast-1a,ap-northeast-1d' })).toEqual({
      'Fn::Select': [1, { 'Fn::Split': [',', { Ref: 'AvailabilityZones' }] }],
    });
  });

  test('output AvailabilityZoneIds: the AZ ids of AZ 1 and AZ 2, from the subnets themselves', () => {
    const output = t.Outputs!.AvailabilityZoneIds as { Value: { 'Fn::Join': [string, { 'Fn::GetAtt': [string, string] }[]] }; Description: string };
    const [separator, parts] = output.Value['Fn::Join'];
    expect(separator).toBe(',');
    expect(parts.map((p) => p['Fn::GetAtt'][1])).toEqual(['AvailabilityZoneId', 'AvailabilityZoneId']);
    const azIndexOf = (id: string) => (t.Resources[id].Properties!.AvailabilityZone as { 'Fn::If': [string, { 'Fn::Select': [number] }] })['Fn::If'][1]['Fn::Select'][0];
    expect(parts.map((p) => azIndexOf(p['Fn::GetAtt'][0]))).toEqual([0, 1]);
    expect(output.Description).toMatch(/apne1-az3/);
  });

  test('upgrade from the latest release is compatible: no subnet, NAT gateway or firewall is replaced', () => {
    const report = analyzeUpgrade(latest.template as never, t as never);
    // New validation Rules (own Elastic IPs, regional mode) are warnings the offline analysis cannot evaluate against
    // the values of provisioned products; this test is about replacements, so they are left out.
    expect(report.reasons.filter((r) => r.severity !== 'info' && r.kind !== 'rules-changed').map((r) => r.message)).toEqual([]);
    expect(report.verdict).toBe('compatible');
  });
});

test('choosing subnets by AvailabilityZoneId behind a new parameter that defaults to "" keeps every subnet on upgrade', () => {
  const released = releasedTemplates('nat-gateway');
  const from = released[released.length - 1].template;
  const to = JSON.parse(JSON.stringify(from)) as CfnTemplate;
  to.Parameters!.AvailabilityZoneIds = { Type: 'String', Default: '' };
  to.Conditions!.UseAvailabilityZoneIds = { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AvailabilityZoneIds' }, ''] }] };
  for (const r of Object.values(to.Resources).filter((x) => x.Type === 'AWS::EC2::Subnet')) {
    const name = r.Properties!.AvailabilityZone as { 'Fn::If': [string, { 'Fn::Select': [number] }] };
    const index = name['Fn::If'][1]['Fn::Select'][0];
    r.Properties!.AvailabilityZone = { 'Fn::If': ['UseAvailabilityZoneIds', { Ref: 'AWS::NoValue' }, name] };
    r.Properties!.AvailabilityZoneId = { 'Fn::If': ['UseAvailabilityZoneIds', { 'Fn::Select': [index, { 'Fn::Split': [',', { Ref: 'AvailabilityZoneIds' }] }] }, { Ref: 'AWS::NoValue' }] };
  }
  // An update gives the new parameter its default (""), so UseAvailabilityZoneIds is false and every subnet resolves
  // to the same AvailabilityZone as before: the analysis evaluates the Conditions per launch (issue 13 class 10), as
  // CloudFormation compares resolved property values, so nothing is replaced.
  const report = analyzeUpgrade(from as never, to as never);
  expect(report.reasons.filter((r) => r.resourceType === 'AWS::EC2::Subnet' || r.resourceType === 'AWS::EC2::NatGateway')).toEqual([]);
  expect(report.verdict).toBe('compatible');

  // Released with a non-empty default instead, existing products would move to AvailabilityZoneId: every subnet replaced.
  to.Parameters!.AvailabilityZoneIds.Default = 'use1-az1,use1-az2';
  const moved = analyzeUpgrade(from as never, to as never);
  expect(moved.verdict).toBe('breaking');
  expect(moved.reasons.filter((r) => r.severity === 'critical').map((r) => r.logicalId).sort()).toEqual(
    ['AgentSubnet1', 'AgentSubnet2', 'NatGateway1', 'NatGateway2', 'PublicSubnet1', 'PublicSubnet2'].sort(),
  );
});
