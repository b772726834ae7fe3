/**
 * Values resolved per launch scenario (issue 13 class 10): Mappings, Conditions and parameter values decide what an
 * update replaces or deletes, and a finding that holds only for some parameter values says which.
 */
import { MAX_SCENARIOS } from '../../scripts/analyzers/template-evaluation';
import { analyzeUpgrade, renderUpgradeReport, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { natGatewayV1, only, props, variant } from './fixtures';

/** The NAT fixture with its network addresses read from Mappings. */
function withNetworkMap(edit: (map: Record<string, Record<string, unknown>>) => void = () => undefined): CfnTemplate {
  return variant((t) => {
    const map: Record<string, Record<string, unknown>> = {
      Vpc: { Cidr: '10.0.0.0/16' },
      Public1: { Cidr: '10.0.0.0/24', Az: 0 },
      Private1: { Cidr: '10.0.128.0/24', Az: 0 },
    };
    edit(map);
    t.Mappings = { Network: map };
    props(t, 'Vpc').CidrBlock = { 'Fn::FindInMap': ['Network', 'Vpc', 'Cidr'] };
    for (const [id, key] of [['PublicSubnet1', 'Public1'], ['PrivateSubnet1', 'Private1']]) {
      props(t, id).CidrBlock = { 'Fn::FindInMap': ['Network', key, 'Cidr'] };
      props(t, id).AvailabilityZone = { 'Fn::Select': [{ 'Fn::FindInMap': ['Network', key, 'Az'] }, { 'Fn::GetAZs': '' }] };
    }
  });
}

describe('Mappings are looked up, not compared as written', () => {
  test('a VPC CIDR changed in Mappings replaces the VPC and, through it, the subnets: breaking', () => {
    const to = withNetworkMap((map) => {
      map.Vpc.Cidr = '10.1.0.0/16';
    });

    const report = analyzeUpgrade(withNetworkMap(), to);

    expect(report.verdict).toBe('breaking');
    expect(only(report.reasons, (f) => f.logicalId === 'Vpc')).toMatchObject({ severity: 'critical', kind: 'identity-resource-replaced', replacementPaths: ['CidrBlock'] });
    expect(only(report.reasons, (f) => f.logicalId === 'PrivateSubnet1')).toMatchObject({ kind: 'identity-resource-replaced', replacedDependencies: ['Vpc'] });
  });

  test('an AZ index changed in Mappings replaces that subnet only', () => {
    const to = withNetworkMap((map) => {
      map.Private1.Az = 1;
    });

    const report = analyzeUpgrade(withNetworkMap(), to);

    expect(only(report.reasons, (f) => f.logicalId === 'PrivateSubnet1')).toMatchObject({ severity: 'critical', replacementPaths: ['AvailabilityZone'] });
    expect(report.reasons.some((f) => f.logicalId === 'PublicSubnet1' || f.logicalId === 'Vpc')).toBe(false);
  });

  test('a literal CIDR rewritten as a Mappings lookup or Fn::Cidr of the same value is no change at all', () => {
    const literal = natGatewayV1();
    props(literal, 'Vpc').CidrBlock = '10.0.0.0/16';
    const computed = variant((t) => {
      t.Mappings = { Network: { Vpc: { Cidr: '10.0.0.0/16' } } };
      props(t, 'Vpc').CidrBlock = { 'Fn::FindInMap': ['Network', 'Vpc', 'Cidr'] };
      // 10.0.0.0/24 is block 0 and 10.0.128.0/24 block 128 of the /16 cut into /24s.
      props(t, 'PublicSubnet1').CidrBlock = { 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 256, 8] }] };
      props(t, 'PrivateSubnet1').CidrBlock = { 'Fn::Select': [128, { 'Fn::Cidr': [{ 'Fn::FindInMap': ['Network', 'Vpc', 'Cidr'] }, 256, 8] }] };
      props(t, 'PrivateSubnet1').AvailabilityZone = { 'Fn::Select': ['0', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] };
    }, literal);

    const report = analyzeUpgrade(literal, computed);

    expect(report.verdict).toBe('compatible');
    expect(report.reasons.filter((f) => f.logicalId)).toEqual([]);
  });

  test('a Mappings entry keyed by a parameter replaces the VPC only for the value whose entry changed, and says so', () => {
    const sized = (largeCidr: string) =>
      variant((t) => {
        t.Parameters!.NetworkSize = { Type: 'String', Default: 'small', AllowedValues: ['small', 'large'] };
        t.Mappings = { Sizes: { small: { Cidr: '10.0.0.0/16' }, large: { Cidr: largeCidr } } };
        props(t, 'Vpc').CidrBlock = { 'Fn::FindInMap': ['Sizes', { Ref: 'NetworkSize' }, 'Cidr'] };
      });

    const report = analyzeUpgrade(sized('10.0.0.0/14'), sized('10.4.0.0/14'));

    expect(report.verdict).toBe('breaking');
    const vpc = only(report.reasons, (f) => f.logicalId === 'Vpc');
    expect(vpc).toMatchObject({ kind: 'identity-resource-replaced', scenarios: ['NetworkSize="large"'] });
    expect(vpc.message).toContain('This happens only in the launches with NetworkSize="large" (1 of 2 scenarios analysed).');
    expect(report.scenarios).toBe(2);
    expect(renderUpgradeReport(report, { from: 'a', to: 'b' })).toContain('Compared in 2 launch scenarios (the parameter values that decide the changed Conditions).');
  });

  test('a Mappings entry keyed by a free-text parameter cannot be looked up: a changed table counts as a changed value', () => {
    const keyed = (cidr: string) =>
      variant((t) => {
        t.Parameters!.Site = { Type: 'String', Default: 'hq' };
        t.Mappings = { Sites: { hq: { Cidr: '10.0.0.0/16' }, branch: { Cidr: cidr } } };
        props(t, 'Vpc').CidrBlock = { 'Fn::FindInMap': ['Sites', { Ref: 'Site' }, 'Cidr'] };
      });

    expect(analyzeUpgrade(keyed('10.8.0.0/16'), keyed('10.8.0.0/16')).reasons).toEqual([]);
    const report = analyzeUpgrade(keyed('10.8.0.0/16'), keyed('10.9.0.0/16'));
    expect(only(report.reasons, (f) => f.logicalId === 'Vpc')).toMatchObject({ kind: 'identity-resource-replaced', replacementPaths: ['CidrBlock'] });
  });
});

describe('Conditions and parameter values per scenario', () => {
  /** The fixture with a parameter for bringing an existing Elastic IP allocation. */
  const withAllocationParameter = (): CfnTemplate =>
    variant((t) => {
      t.Parameters!.ExistingAllocationId = { Type: 'String', Default: '' };
    });

  test('a Condition added to the Elastic IP deletes it in the launches where it is false, with their parameter values', () => {
    const from = withAllocationParameter();
    const to = variant((t) => {
      t.Conditions = { NewAddress: { 'Fn::Equals': [{ Ref: 'ExistingAllocationId' }, ''] } };
      t.Resources.NatEgressAddress1.Condition = 'NewAddress';
      props(t, 'NatGateway1').AllocationId = { 'Fn::If': ['NewAddress', { 'Fn::GetAtt': ['NatEgressAddress1', 'AllocationId'] }, { Ref: 'ExistingAllocationId' }] };
      t.Outputs!.NatEgressIp1.Value = { 'Fn::If': ['NewAddress', { Ref: 'NatEgressAddress1' }, 'brought by the customer'] };
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('breaking');
    const eip = only(report.reasons, (f) => f.logicalId === 'NatEgressAddress1');
    expect(eip).toMatchObject({ severity: 'critical', kind: 'identity-resource-removed', scenarios: ['ExistingAllocationId=<another value>'] });
    expect(eip.message).toBe(
      'Elastic IP NatEgressAddress1 would be deleted: its Condition NewAddress is false in this launch, so it is not in the stack any more, and the allowlisted egress IP changes. '
        + 'This happens only in the launches with ExistingAllocationId=<another value> (1 of 2 scenarios analysed).',
    );
    // The NAT gateway gets the other allocation in that launch (AllocationId is create-only).
    expect(only(report.reasons, (f) => f.logicalId === 'NatGateway1')).toMatchObject({ kind: 'identity-resource-replaced', scenarios: ['ExistingAllocationId=<another value>'] });
  });

  test('a Condition on a new parameter is decided by its default: existing products keep the Elastic IP', () => {
    const to = variant((t) => {
      t.Parameters!.BringOwnAddress = { Type: 'String', Default: 'no', AllowedValues: ['no', 'yes'] };
      t.Conditions = { NewAddress: { 'Fn::Equals': [{ Ref: 'BringOwnAddress' }, 'no'] } };
      t.Resources.NatEgressAddress1.Condition = 'NewAddress';
    });

    const report = analyzeUpgrade(natGatewayV1(), to);

    expect(report.verdict).toBe('compatible');
    expect(report.reasons.some((f) => f.logicalId === 'NatEgressAddress1')).toBe(false);
    expect(report.scenarios).toBe(1);
  });

  test('a Condition on a new parameter whose default is false deletes the Elastic IP of every existing product', () => {
    const to = variant((t) => {
      t.Parameters!.BringOwnAddress = { Type: 'String', Default: 'yes', AllowedValues: ['no', 'yes'] };
      t.Conditions = { NewAddress: { 'Fn::Equals': [{ Ref: 'BringOwnAddress' }, 'no'] } };
      t.Resources.NatEgressAddress1.Condition = 'NewAddress';
    });

    const report = analyzeUpgrade(natGatewayV1(), to);

    const eip = only(report.reasons, (f) => f.logicalId === 'NatEgressAddress1');
    expect(eip).toMatchObject({ severity: 'critical', kind: 'identity-resource-removed' });
    // Every launch: no qualifier.
    expect(eip.scenarios).toBeUndefined();
    expect(eip.message).toContain('its Condition NewAddress is false in this launch');
  });

  test('a create-only value changed in one Fn::If branch replaces the subnet only where that branch is chosen', () => {
    const branch = (smallCidr: string) =>
      variant((t) => {
        t.Parameters!.SubnetSize = { Type: 'String', Default: 'large', AllowedValues: ['large', 'small'] };
        t.Conditions = { Large: { 'Fn::Equals': [{ Ref: 'SubnetSize' }, 'large'] } };
        props(t, 'PrivateSubnet1').CidrBlock = { 'Fn::If': ['Large', '10.0.128.0/20', smallCidr] };
      });

    const report = analyzeUpgrade(branch('10.0.128.0/24'), branch('10.0.129.0/24'));

    expect(only(report.reasons, (f) => f.logicalId === 'PrivateSubnet1')).toMatchObject({ kind: 'identity-resource-replaced', scenarios: ['SubnetSize="small"'] });
  });

  test('a replaced resource referenced inside Fn::If cascades in the launches that choose that branch', () => {
    const from = variant((t) => {
      t.Parameters!.ExistingAllocationId = { Type: 'String', Default: '' };
      t.Conditions = { NewAddress: { 'Fn::Equals': [{ Ref: 'ExistingAllocationId' }, ''] } };
      t.Resources.NatEgressAddress1.Condition = 'NewAddress';
      props(t, 'NatGateway1').AllocationId = { 'Fn::If': ['NewAddress', { 'Fn::GetAtt': ['NatEgressAddress1', 'AllocationId'] }, { Ref: 'ExistingAllocationId' }] };
      t.Outputs!.NatEgressIp1.Value = { 'Fn::If': ['NewAddress', { Ref: 'NatEgressAddress1' }, 'brought by the customer'] };
    });
    const to = variant((t) => {
      props(t, 'NatEgressAddress1').Domain = 'standard';
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(only(report.reasons, (f) => f.logicalId === 'NatEgressAddress1').kind).toBe('identity-resource-replaced');
    // Only where the template's own Elastic IP is used: with an existing allocation the NAT gateway is untouched.
    expect(only(report.reasons, (f) => f.logicalId === 'NatGateway1')).toMatchObject({ kind: 'identity-resource-replaced', replacedDependencies: ['NatEgressAddress1'], scenarios: [''] });
    expect(only(report.reasons, (f) => f.logicalId === 'NatGateway1').message).toContain('This happens only in the launches with the default parameter values (1 of 2 scenarios analysed).');
  });
});

describe('how many launches were analysed', () => {
  /**
   * Seven switches, each compared with one literal (its default, that literal and another value: 3^7 = 2187
   * combinations, beyond the shared limit of MAX_SCENARIOS = 1024).
   */
  const switched = (tagValue: string): CfnTemplate =>
    variant((t) => {
      const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
      t.Conditions = {};
      for (const name of names) {
        t.Parameters![`Switch${name}`] = { Type: 'String', Default: 'off' };
        t.Conditions[`On${name}`] = { 'Fn::Equals': [{ Ref: `Switch${name}` }, 'on'] };
      }
      // The tags of the log group depend on every switch: all seven conditions decide what changes.
      props(t, 'AgentLogGroup').Tags = names.map((name) => ({ Key: name, Value: { 'Fn::If': [`On${name}`, tagValue, 'off'] } }));
    });

  test('beyond the shared limit a pairwise set is analysed, and the upgrade is not called compatible', () => {
    const report = analyzeUpgrade(switched('on'), switched('enabled'));

    expect(report.verdict).toBe('breaking');
    const incomplete = only(report.reasons, (f) => f.kind === 'analysis-incomplete');
    expect(incomplete.severity).toBe('breaking');
    expect(3 ** 7).toBeGreaterThan(MAX_SCENARIOS);
    expect(incomplete.message).toMatch(/^Only \d+ launch scenarios \(a pairwise covering set\) of 2187 combinations/);
    expect(report.scenarios).toBeLessThan(2187);
  });

  test('the same switches on unchanged resources are held at their defaults: one scenario, nothing incomplete', () => {
    const from = switched('on');
    const to = variant((t) => {
      props(t, 'JobRole').Description = 'agent job role';
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.scenarios).toBe(1);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons.some((f) => f.kind === 'analysis-incomplete')).toBe(false);
  });
});

describe('the launches an update starts from', () => {
  /** v1 with a NAT mode: one gateway, or a second one in AZ 2 (per-az). */
  const withMode = (): CfnTemplate =>
    variant((t) => {
      t.Parameters!.NatGatewayMode = { Type: 'String', Default: 'single', AllowedValues: ['single', 'per-az'] };
      t.Conditions = { PerAz: { 'Fn::Equals': [{ Ref: 'NatGatewayMode' }, 'per-az'] } };
      t.Resources.NatEgressAddress2 = { Type: 'AWS::EC2::EIP', Condition: 'PerAz', Properties: { Domain: 'vpc' } };
      t.Resources.NatGateway2 = {
        Type: 'AWS::EC2::NatGateway',
        Condition: 'PerAz',
        Properties: { SubnetId: { Ref: 'PublicSubnet1' }, AllocationId: { 'Fn::GetAtt': ['NatEgressAddress2', 'AllocationId'] } },
      };
    });

  test('a mode only the new template allows is no launch of the old one: not an upgrade scenario (it is a --to-parameter change)', () => {
    const from = withMode();
    const to = variant((t) => {
      t.Parameters!.NatGatewayMode.AllowedValues = ['single', 'per-az', 'regional'];
      t.Conditions!.Regional = { 'Fn::Equals': [{ Ref: 'NatGatewayMode' }, 'regional'] };
      t.Conditions!.Zonal = { 'Fn::Not': [{ Condition: 'Regional' }] };
      t.Resources.NatGateway1.Condition = 'Zonal';
      t.Resources.RegionalNatGateway = { Type: 'AWS::EC2::NatGateway', Condition: 'Regional', Properties: { VpcId: { Ref: 'Vpc' }, AvailabilityMode: 'regional' } };
    }, from);

    const report = analyzeUpgrade(from, to);

    // A v1 product is single or per-az, and keeps its value on the update: NAT gateway 1 stays in every such launch.
    expect(report.reasons.filter((f) => f.logicalId === 'NatGateway1' || f.logicalId === 'RegionalNatGateway')).toEqual([]);
    expect(report.verdict).toBe('compatible');
  });

  test('a condition both templates share varies on both sides: an unchanged resource under it reads the same', () => {
    const from = withMode();
    // Only the new template reads PerAz in a changed resource; NatGateway2 (under PerAz) is the same in both.
    const to = variant((t) => {
      props(t, 'AgentLogGroup').Tags = [{ Key: 'NatGateways', Value: { 'Fn::If': ['PerAz', '2', '1'] } }];
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.reasons.filter((f) => f.logicalId === 'NatGateway2' || f.logicalId === 'NatEgressAddress2')).toEqual([]);
    expect(only(report.reasons, (f) => f.logicalId === 'AgentLogGroup').kind).toBe('resource-modified');
    expect(report.verdict).toBe('compatible');
  });
});
