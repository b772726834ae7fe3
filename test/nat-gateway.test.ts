import { Template } from 'aws-cdk-lib/assertions';
import { productTemplate, type CfnTemplate } from './support/catalog';
import { conditionValue, createdOutputs, createdResources, failedRuleAssertions, resolveIfs } from './support/cfn-evaluate';

const raw: CfnTemplate = productTemplate('nat-gateway');
const template = Template.fromJSON(raw);
const resources = raw.Resources;

const OWN_1 = 'eipalloc-0123456789abcdef0';
const OWN_2 = 'eipalloc-0fedcba9876543210';

/** route table -> [destination, target] of every AWS::EC2::Route, with Fn::If decided for these parameters. */
function routing(parameters: Record<string, string>): Record<string, [string, unknown]> {
  const routes = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::Route');
  return Object.fromEntries(
    routes.map(([, r]) => {
      const p = resolveIfs(raw, r.Properties, parameters) as Record<string, { Ref: string } | string>;
      const target = p.NatGatewayId ?? p.GatewayId;
      return [(p.RouteTableId as { Ref: string }).Ref, [p.DestinationCidrBlock as string, target]];
    }),
  );
}

describe('nat-gateway product', () => {
  test('declares its identity in Metadata', () => {
    expect(raw.Metadata?.AgentNetworkCatalog).toEqual({ ProductId: 'nat-gateway', Version: 'v0.0.0-test' });
    expect(raw.Description).toMatch(/^Agent Network Catalog nat-gateway v0\.0\.0-test: .*NAT gateway Elastic IPs/);
  });

  test('subnet slots in a fixed order: public 1-2, then agent 1-2, each in its AZ', () => {
    const expected: [string, number, number][] = [
      ['PublicSubnet1', 0, 0],
      ['PublicSubnet2', 1, 1],
      ['AgentSubnet1', 2, 0],
      ['AgentSubnet2', 3, 1],
    ];
    expect(Object.keys(template.findResources('AWS::EC2::Subnet')).sort()).toEqual(expected.map(([id]) => id).sort());
    for (const [id, slot, az] of expected) {
      const props = resources[id].Properties!;
      expect([id, props.CidrBlock]).toEqual([id, { 'Fn::Select': [slot, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 8, '8'] }] }]);
      expect([id, (props.AvailabilityZone as { 'Fn::If': [string, { 'Fn::Select': [number] }] })['Fn::If'][1]['Fn::Select'][0]]).toEqual([id, az]);
      expect(props.MapPublicIpOnLaunch).toBe(false);
      template.hasResourceProperties('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: { Ref: id }, RouteTableId: { Ref: `${id}RouteTable` } });
    }
  });

  test('per-az: each agent subnet leaves through the NAT gateway of its own AZ; public subnets through the IGW', () => {
    expect(routing({ NatGatewayMode: 'per-az' })).toEqual({
      PublicSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      PublicSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      AgentSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'NatGateway1' }],
      AgentSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'NatGateway2' }],
    });
    expect(resources.NatGateway1.Properties!.SubnetId).toEqual({ Ref: 'PublicSubnet1' });
    expect(resources.NatGateway2.Properties!.SubnetId).toEqual({ Ref: 'PublicSubnet2' });
  });

  test('single: both agent subnets leave through NAT gateway 1 (AZ 1), chosen by Fn::If; there is no NAT gateway 2', () => {
    expect(resources.AgentSubnet2DefaultRoute.Properties!.NatGatewayId).toEqual({
      'Fn::If': ['RegionalNatGatewayMode', { Ref: 'RegionalNatGateway' }, { 'Fn::If': ['PerAzNatGateways', { Ref: 'NatGateway2' }, { Ref: 'NatGateway1' }] }],
    });
    expect(routing({ NatGatewayMode: 'single' })).toEqual({
      PublicSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      PublicSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      AgentSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'NatGateway1' }],
      AgentSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'NatGateway1' }],
    });
    const created = createdResources(raw, { NatGatewayMode: 'single' });
    expect(created).toEqual(expect.arrayContaining(['NatGateway1', 'NatEgressAddress1']));
    expect(created).not.toContain('NatGateway2');
    expect(created).not.toContain('NatEgressAddress2');
    expect(raw.Parameters!.NatGatewayMode).toMatchObject({ AllowedValues: ['single', 'per-az', 'regional'], Default: 'single' });
  });

  test('regional: both agent subnets leave through one regional NAT gateway; no zonal NAT gateway exists', () => {
    expect(routing({ NatGatewayMode: 'regional' })).toEqual({
      PublicSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      PublicSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'InternetGateway' }],
      AgentSubnet1RouteTable: ['0.0.0.0/0', { Ref: 'RegionalNatGateway' }],
      AgentSubnet2RouteTable: ['0.0.0.0/0', { Ref: 'RegionalNatGateway' }],
    });
    const created = createdResources(raw, { NatGatewayMode: 'regional' });
    expect(created).toEqual(expect.arrayContaining(['RegionalNatGateway', 'NatEgressAddress1', 'NatEgressAddress2']));
    expect(created).not.toContain('NatGateway1');
    expect(created).not.toContain('NatGateway2');
    expect(createdResources(raw, { NatGatewayMode: 'single' })).not.toContain('RegionalNatGateway');
  });

  test('regional: manual address mode, one Elastic IP per agent AZ (the AZ expression of that agent subnet), after the IGW is attached', () => {
    const gateway = resources.RegionalNatGateway;
    expect(gateway).toMatchObject({ Type: 'AWS::EC2::NatGateway', Condition: 'RegionalNatGatewayMode', DependsOn: ['InternetGatewayAttachment'] });
    const props = resolveIfs(raw, gateway.Properties, { NatGatewayMode: 'regional' }) as Record<string, unknown>;
    expect(props).toMatchObject({ AvailabilityMode: 'regional', ConnectivityType: 'public', VpcId: { Ref: 'Vpc' } });
    // No SubnetId and no AllocationId: the regional gateway lives at the VPC level; AvailabilityZoneAddresses (manual
    // mode) is what keeps AWS from adding addresses or AZs.
    expect(props.SubnetId).toBeUndefined();
    expect(props.AllocationId).toBeUndefined();
    const zones = props.AvailabilityZoneAddresses as { AvailabilityZone: unknown; AllocationIds: unknown[] }[];
    expect(zones.map((z) => z.AllocationIds)).toEqual([
      [{ 'Fn::GetAtt': ['NatEgressAddress1', 'AllocationId'] }],
      [{ 'Fn::GetAtt': ['NatEgressAddress2', 'AllocationId'] }],
    ]);
    zones.forEach((zone, i) => expect(zone.AvailabilityZone).toEqual(resolveIfs(raw, resources[`AgentSubnet${i + 1}`].Properties!.AvailabilityZone, { NatGatewayMode: 'regional' })));
    const own = resolveIfs(raw, gateway.Properties, { NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 }) as typeof props;
    expect((own.AvailabilityZoneAddresses as { AllocationIds: unknown[] }[]).map((z) => z.AllocationIds)).toEqual([
      [{ Ref: 'NatEgressAllocationId1' }],
      [{ Ref: 'NatEgressAllocationId2' }],
    ]);
    expect(createdResources(raw, { NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 })).not.toContain('NatEgressAddress1');
  });

  test('the agent tasks have no public IP and run in the agent subnets only', () => {
    template.hasResourceProperties('AWS::Batch::JobDefinition', { ContainerProperties: { NetworkConfiguration: { AssignPublicIp: 'DISABLED' } } });
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      ComputeResources: { Subnets: [{ Ref: 'AgentSubnet1' }, { Ref: 'AgentSubnet2' }] },
    });
  });

  test('new Elastic IPs when no allocation id is given; kept on termination unless ElasticIpsOnTermination is release; after the IGW is attached', () => {
    for (const n of [1, 2]) {
      expect(resources[`NatEgressAddress${n}`]).toMatchObject({
        Type: 'AWS::EC2::EIP',
        Properties: { Domain: 'vpc' },
        Condition: `NewNatEgressAddress${n}`,
        DeletionPolicy: { 'Fn::If': ['KeepElasticIpsOnTermination', 'Retain', 'Delete'] },
        UpdateReplacePolicy: { 'Fn::If': ['KeepElasticIpsOnTermination', 'Retain', 'Delete'] },
        DependsOn: ['InternetGatewayAttachment'],
      });
      const policy = (resources[`NatEgressAddress${n}`] as { DeletionPolicy?: unknown }).DeletionPolicy;
      expect(resolveIfs(raw, policy)).toBe('Retain');
      expect(resolveIfs(raw, policy, { ElasticIpsOnTermination: 'release' })).toBe('Delete');
      expect(resources[`NatGateway${n}`].DependsOn).toEqual(['InternetGatewayAttachment']);
    }
    const props = resolveIfs(raw, resources.NatGateway2.Properties, { NatGatewayMode: 'per-az' }) as Record<string, unknown>;
    expect(props.AllocationId).toEqual({ 'Fn::GetAtt': ['NatEgressAddress2', 'AllocationId'] });
    expect(createdResources(raw, { NatGatewayMode: 'per-az' })).toEqual(expect.arrayContaining(['NatEgressAddress1', 'NatEgressAddress2', 'NatGateway2']));
  });

  test("the customer's own allocation ids replace the new Elastic IPs", () => {
    const parameters = { NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 };
    for (const [n, own] of [[1, OWN_1], [2, OWN_2]] as const) {
      const props = resolveIfs(raw, resources[`NatGateway${n}`].Properties, parameters) as Record<string, unknown>;
      expect(props.AllocationId).toEqual({ Ref: `NatEgressAllocationId${n}` });
      expect([n, conditionValue(raw, `OwnNatEgressAddress${n}`, parameters)]).toEqual([n, true]);
      expect(own).toMatch(new RegExp(String(raw.Parameters![`NatEgressAllocationId${n}`].AllowedPattern)));
    }
    const created = createdResources(raw, parameters);
    expect(created).not.toContain('NatEgressAddress1');
    expect(created).not.toContain('NatEgressAddress2');
  });

  test.each([
    ['single, new EIP', { NatGatewayMode: 'single' }, ['NatGatewayId1', 'NatEgressIp1', 'NatEgressNewAllocationId1']],
    [
      'per-az, new EIPs',
      { NatGatewayMode: 'per-az' },
      ['NatGatewayId1', 'NatEgressIp1', 'NatEgressNewAllocationId1', 'NatGatewayId2', 'NatEgressIp2', 'NatEgressNewAllocationId2'],
    ],
    ['single, own EIP', { NatGatewayMode: 'single', NatEgressAllocationId1: OWN_1 }, ['NatGatewayId1', 'NatEgressOwnAllocationId1']],
    [
      'regional, new EIPs',
      { NatGatewayMode: 'regional' },
      ['RegionalNatGatewayId', 'NatEgressIp1', 'NatEgressNewAllocationId1', 'NatEgressIp2', 'NatEgressNewAllocationId2'],
    ],
    [
      'regional, own EIPs',
      { NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 },
      ['RegionalNatGatewayId', 'NatEgressOwnAllocationId1', 'NatEgressOwnAllocationId2'],
    ],
    [
      'per-az, own EIPs',
      { NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 },
      ['NatGatewayId1', 'NatEgressOwnAllocationId1', 'NatGatewayId2', 'NatEgressOwnAllocationId2'],
    ],
  ])('outputs for %s: the egress IPs it allocated, the allocation ids it was given', (_name, parameters, egressOutputs) => {
    const common = ['AvailabilityZoneIds', 'JobDefinitionArn', 'JobQueueArn', 'JobRoleArn', 'LogGroupName', 'NetworkAccessScopeExpectation', 'NetworkAccessScopeId', 'ScheduleName', 'SecurityGroupIds', 'SubnetIds', 'VpcId'];
    expect(createdOutputs(raw, parameters).sort()).toEqual([...common, ...egressOutputs].sort());
  });

  test('egress outputs: the address of a new EIP, the allocation id of an own one (CloudFormation cannot resolve its address)', () => {
    expect(raw.Outputs!.NatEgressIp1.Value).toEqual({ 'Fn::GetAtt': ['NatEgressAddress1', 'PublicIp'] });
    expect(raw.Outputs!.NatEgressIp1.Description).toMatch(/allowlists/);
    expect(raw.Outputs!.NatEgressOwnAllocationId2.Value).toEqual({ Ref: 'NatEgressAllocationId2' });
    expect(raw.Outputs!.NatEgressOwnAllocationId2.Description).toMatch(/not resolvable in CloudFormation: aws ec2 describe-addresses/);
    expect(raw.Outputs!.SubnetIds.Value).toEqual({ 'Fn::Join': [',', [{ Ref: 'AgentSubnet1' }, { Ref: 'AgentSubnet2' }]] });
    // A kept Elastic IP is named, to release it or to launch again on the same address.
    expect(raw.Outputs!.NatEgressNewAllocationId1.Value).toEqual({ 'Fn::GetAtt': ['NatEgressAddress1', 'AllocationId'] });
    expect(raw.Outputs!.NatEgressNewAllocationId1.Description).toMatch(/aws ec2 release-address --allocation-id .*NatEgressAllocationId1/);
  });

  const PER_AZ_BOTH_OR_NEITHER =
    'NatGatewayMode per-az runs two NAT gateways: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.';
  const SINGLE_FIRST_ONLY =
    'NatGatewayMode single runs one NAT gateway: leave NatEgressAllocationId2 empty and give your allocation id in NatEgressAllocationId1.';
  const REGIONAL_BOTH_OR_NEITHER =
    'NatGatewayMode regional uses one Elastic IP per AZ: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.';
  const DISTINCT = 'NatEgressAllocationId1 and NatEgressAllocationId2 must be two different Elastic IPs.';

  test.each([
    [{ NatGatewayMode: 'single' }, []],
    [{ NatGatewayMode: 'single', NatEgressAllocationId1: OWN_1 }, []],
    [{ NatGatewayMode: 'single', NatEgressAllocationId2: OWN_2 }, [SINGLE_FIRST_ONLY]],
    [{ NatGatewayMode: 'single', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 }, [SINGLE_FIRST_ONLY]],
    [{ NatGatewayMode: 'per-az' }, []],
    [{ NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 }, []],
    [{ NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1 }, [PER_AZ_BOTH_OR_NEITHER]],
    [{ NatGatewayMode: 'per-az', NatEgressAllocationId2: OWN_2 }, [PER_AZ_BOTH_OR_NEITHER]],
    [{ NatGatewayMode: 'per-az', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_1 }, [DISTINCT]],
    [{ NatGatewayMode: 'regional' }, []],
    [{ NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 }, []],
    [{ NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_1 }, [REGIONAL_BOTH_OR_NEITHER]],
    [{ NatGatewayMode: 'regional', NatEgressAllocationId2: OWN_2 }, [REGIONAL_BOTH_OR_NEITHER]],
    [{ NatGatewayMode: 'regional', NatEgressAllocationId1: OWN_2, NatEgressAllocationId2: OWN_2 }, [DISTINCT]],
  ])('Rules for %p reject with %p', (parameters, failures) => {
    expect(failedRuleAssertions(raw, parameters)).toEqual(failures);
  });

  test.each([
    ['', true],
    ['eipalloc-0123456789abcdef0', true],
    ['eipalloc-12345678', true],
    ['eipalloc-0123', false],
    ['eipalloc-0123456789ABCDEF0', false],
    ['203.0.113.10', false],
    ['eipassoc-0123456789abcdef0', false],
  ])('NatEgressAllocationId accepts %p: %p', (value, accepted) => {
    for (const n of [1, 2]) expect(new RegExp(String(raw.Parameters![`NatEgressAllocationId${n}`].AllowedPattern)).test(value)).toBe(accepted);
  });

  test('the NAT parameters are grouped together after the network', () => {
    const ui = raw.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] };
    expect(ui.ParameterGroups.slice(0, 2)).toEqual([
      { Label: { default: 'Network' }, Parameters: ['VpcCidr', 'AvailabilityZones'] },
      { Label: { default: 'NAT gateway egress' }, Parameters: ['NatGatewayMode', 'NatEgressAllocationId1', 'NatEgressAllocationId2', 'ElasticIpsOnTermination'] },
    ]);
  });
});
