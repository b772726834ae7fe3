import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../config/load';
import {
  CUSTOMER_DOMAINS_PATTERN,
  domainListCapacity,
  imageRegistryDomains,
  MAX_ALLOWED_DOMAINS,
  MAX_CUSTOMER_DOMAINS,
} from '../products/network-firewall/allowed-domains';
import { NON_WEB_EGRESS_RULES } from '../products/network-firewall/egress-firewall';
import {
  FIRST_TCP_DESTINATION_SID,
  MAX_TCP_DESTINATIONS,
  TCP_DESTINATIONS_CAPACITY,
  TCP_DESTINATIONS_PATTERN,
  UNUSED_SLOT,
} from '../products/network-firewall/tcp-destinations';
import { DISTRIBUTION_PARAMETERS } from '../products/shared/member-account';
import { resolve, scenarioForValues } from '../scripts/analyzers/template-evaluation';
import { defaultConfig, productTemplate, type CfnTemplate } from './support/catalog';
import { conditionValue, createdOutputs, createdResources, failedRuleAssertions, resolveIfs } from './support/cfn-evaluate';

const raw: CfnTemplate = productTemplate('network-firewall');
const template = Template.fromJSON(raw);
const resources = raw.Resources;

/** The firewall endpoint of a single-subnet firewall, as every route that targets it must spell it. */
const endpointOf = (firewall: string) => ({
  'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Join': [',', { 'Fn::GetAtt': [firewall, 'EndpointIds'] }] }] }],
});

/** Every route of the template as "route table -> destination -> target", Fn::If decided for these parameters. */
function routingTable(parameters: Record<string, string> = {}): string[] {
  const target = (p: Record<string, unknown>): string => {
    if (p.NatGatewayId) return `NAT ${(p.NatGatewayId as { Ref: string }).Ref}`;
    if (p.GatewayId) return `IGW ${(p.GatewayId as { Ref: string }).Ref}`;
    const endpoint = JSON.stringify(p.VpcEndpointId);
    const firewall = /"Fn::GetAtt":\["(\w+)","EndpointIds"\]/.exec(endpoint)?.[1];
    return `firewall endpoint of ${firewall}`;
  };
  const destination = (d: unknown) => (typeof d === 'string' ? d : `CIDR of ${(d as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}`);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::EC2::Route')
    .map((r) => resolveIfs(raw, r.Properties!, parameters) as Record<string, unknown>)
    .map((p) => `${(p.RouteTableId as { Ref: string }).Ref} -> ${destination(p.DestinationCidrBlock)} -> ${target(p)}`)
    .sort();
}

describe('network-firewall product', () => {
  test('declares its identity in Metadata', () => {
    expect(raw.Metadata?.AgentNetworkCatalog).toEqual({ ProductId: 'network-firewall', Version: 'v0.0.0-test' });
    expect(raw.Description).toMatch(/^Agent Network Catalog network-firewall v0\.0\.0-test: /);
  });

  test('per AZ a firewall, a NAT and an agent subnet, each with its own route table, in fixed CIDR slots', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    const order = ['FirewallSubnet1', 'FirewallSubnet2', 'NatSubnet1', 'NatSubnet2', 'AgentSubnet1', 'AgentSubnet2'];
    expect(Object.keys(subnets).sort()).toEqual([...order].sort());
    order.forEach((name, slot) => {
      const az = Number(name.slice(-1)) - 1;
      expect([name, subnets[name].Properties.CidrBlock]).toEqual([name, { 'Fn::Select': [slot, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 8, '8'] }] }]);
      expect([name, subnets[name].Properties.AvailabilityZone['Fn::If'][1]]).toEqual([name, { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] }]);
      template.hasResourceProperties('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: { Ref: name }, RouteTableId: { Ref: `${name}RouteTable` } });
    });
  });

  test('routing: agent -> NAT -> firewall endpoint -> IGW per AZ, and the IGW edge returns through the same AZ endpoint', () => {
    expect(routingTable()).toEqual([
      'AgentSubnet1RouteTable -> 0.0.0.0/0 -> NAT NatGateway1',
      'AgentSubnet2RouteTable -> 0.0.0.0/0 -> NAT NatGateway2',
      'FirewallSubnet1RouteTable -> 0.0.0.0/0 -> IGW InternetGateway',
      'FirewallSubnet2RouteTable -> 0.0.0.0/0 -> IGW InternetGateway',
      'InternetGatewayEdgeRouteTable -> CIDR of NatSubnet1 -> firewall endpoint of EgressFirewall1',
      'InternetGatewayEdgeRouteTable -> CIDR of NatSubnet2 -> firewall endpoint of EgressFirewall2',
      'NatSubnet1RouteTable -> 0.0.0.0/0 -> firewall endpoint of EgressFirewall1',
      'NatSubnet2RouteTable -> 0.0.0.0/0 -> firewall endpoint of EgressFirewall2',
    ]);
  });

  test('the NAT gateway and the firewall of each route are in the same AZ as the route table', () => {
    for (const n of [1, 2]) {
      expect(resources[`NatGateway${n}`].Properties!.SubnetId).toEqual({ Ref: `NatSubnet${n}` });
      expect(resources[`EgressFirewall${n}`].Properties!.SubnetMappings).toEqual([{ SubnetId: { Ref: `FirewallSubnet${n}` } }]);
      expect(resources[`NatSubnet${n}DefaultRoute`].Properties!.VpcEndpointId).toEqual(endpointOf(`EgressFirewall${n}`));
      expect(resources[`InternetGatewayEdgeRouteToNatSubnet${n}`].Properties!.VpcEndpointId).toEqual(endpointOf(`EgressFirewall${n}`));
    }
  });

  test('no endpoint is picked by position from a multi-AZ EndpointIds list: each firewall maps exactly one subnet', () => {
    for (const firewall of Object.values(template.findResources('AWS::NetworkFirewall::Firewall'))) {
      expect(firewall.Properties.SubnetMappings).toHaveLength(1);
    }
    // Selecting from the raw list would read {"Fn::Select":[i,{"Fn::GetAtt":[..., "EndpointIds"]}]}.
    expect(JSON.stringify(raw)).not.toMatch(/"Fn::Select":\[\d+,\{"Fn::GetAtt":\["\w+","EndpointIds"\]\}\]/);
  });

  test('the IGW edge route table is associated with the internet gateway once its routes exist', () => {
    template.hasResource('AWS::EC2::GatewayRouteTableAssociation', {
      Properties: { GatewayId: { Ref: 'InternetGateway' }, RouteTableId: { Ref: 'InternetGatewayEdgeRouteTable' } },
      DependsOn: ['InternetGatewayEdgeRouteToNatSubnet1', 'InternetGatewayEdgeRouteToNatSubnet2'],
    });
    template.resourceCountIs('AWS::EC2::GatewayRouteTableAssociation', 1);
  });

  const OWN_1 = 'eipalloc-0123456789abcdef0';
  const OWN_2 = 'eipalloc-0fedcba9876543210';
  const OWN = { NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_2 };

  test("own Elastic IPs: a NAT gateway per AZ on the customer's allocation, no new EIP; the released NatGatewayN stays on the new EIP", () => {
    expect(routingTable(OWN).filter((r) => r.startsWith('Agent'))).toEqual([
      'AgentSubnet1RouteTable -> 0.0.0.0/0 -> NAT OwnAddressNatGateway1',
      'AgentSubnet2RouteTable -> 0.0.0.0/0 -> NAT OwnAddressNatGateway2',
    ]);
    for (const n of [1, 2] as const) {
      expect(resources[`OwnAddressNatGateway${n}`]).toMatchObject({
        Condition: `OwnNatEgressAddress${n}`,
        DependsOn: ['InternetGatewayAttachment'],
        Properties: { SubnetId: { Ref: `NatSubnet${n}` }, ConnectivityType: 'public', AllocationId: { Ref: `NatEgressAllocationId${n}` } },
      });
      // AllocationId is create-only: the released gateway's property is byte-for-byte what v1.x has, so updates keep it.
      expect(resources[`NatGateway${n}`]).toMatchObject({ Condition: `NewNatEgressAddress${n}`, Properties: { AllocationId: { 'Fn::GetAtt': [`NatEgressAddress${n}`, 'AllocationId'] } } });
    }
    const created = createdResources(raw, OWN);
    expect(created).toEqual(expect.arrayContaining(['OwnAddressNatGateway1', 'OwnAddressNatGateway2']));
    for (const id of ['NatGateway1', 'NatGateway2', 'NatEgressAddress1', 'NatEgressAddress2']) expect(created).not.toContain(id);
    expect(createdResources(raw)).not.toContain('OwnAddressNatGateway1');
    expect([conditionValue(raw, 'OwnNatEgressAddress2', OWN), conditionValue(raw, 'NewNatEgressAddress2')]).toEqual([true, true]);
  });

  test('egress outputs: the new addresses and their allocation ids, or the own allocation ids (whose address CloudFormation cannot resolve)', () => {
    const common = ['AllowedDomains', 'AvailabilityZoneIds', 'FirewallAlertLogGroupName', 'FirewallArns', 'FirewallEndpointIds', 'FirewallFlowLogGroupName'];
    const runtime = ['JobDefinitionArn', 'JobQueueArn', 'JobRoleArn', 'LogGroupName', 'NetworkAccessScopeExpectation', 'NetworkAccessScopeId', 'ScheduleName', 'SecurityGroupIds', 'SubnetIds', 'VpcId'];
    expect(createdOutputs(raw).sort()).toEqual([...common, ...runtime, 'NatEgressAllocationIds', 'NatEgressIps'].sort());
    expect(createdOutputs(raw, OWN).sort()).toEqual([...common, ...runtime, 'NatEgressOwnAllocationIds'].sort());
    expect(raw.Outputs!.NatEgressOwnAllocationIds.Value).toEqual({ 'Fn::Join': [',', [{ Ref: 'NatEgressAllocationId1' }, { Ref: 'NatEgressAllocationId2' }]] });
    expect(raw.Outputs!.NatEgressAllocationIds.Description).toMatch(/pass them as NatEgressAllocationId1 and NatEgressAllocationId2/);
  });

  const BOTH_OR_NEITHER =
    'Both NAT gateways (one per AZ) need an egress address: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.';
  const DISTINCT = 'NatEgressAllocationId1 and NatEgressAllocationId2 must be two different Elastic IPs.';
  test.each([
    [{}, []],
    [OWN, []],
    [{ NatEgressAllocationId1: OWN_1 }, [BOTH_OR_NEITHER]],
    [{ NatEgressAllocationId2: OWN_2 }, [BOTH_OR_NEITHER]],
    [{ NatEgressAllocationId1: OWN_1, NatEgressAllocationId2: OWN_1 }, [DISTINCT]],
  ])('own Elastic IPs: Rules for %p reject with %p', (parameters, failures) => {
    expect(failedRuleAssertions(raw, parameters)).toEqual(failures);
  });

  test('own Elastic IP parameters are labelled and grouped with the firewall settings, with the same pattern as nat-gateway', () => {
    const ui = raw.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] };
    expect(ui.ParameterGroups.find((g) => g.Label.default === 'Egress firewall')!.Parameters).toEqual([
      'AdditionalAllowedDomains',
      'AllowedTcpDestinations',
      'NatEgressAllocationId1',
      'NatEgressAllocationId2',
      'ElasticIpsOnTermination',
    ]);
    expect(raw.Parameters!.NatEgressAllocationId1.AllowedPattern).toBe(productTemplate('nat-gateway').Parameters!.NatEgressAllocationId1.AllowedPattern);
  });

  test.each([
    ['', true],
    ['203.0.113.10/32:5432', true],
    ['203.0.113.10/32:5432,198.51.100.0/24:1521', true],
    ['198.51.100.0/16:3306,203.0.113.7/32:5439,192.0.2.1/32:1433', true],
    ['0.0.0.0/0:5432', false],
    ['203.0.113.0/8:5432', false],
    ['203.0.113.10:5432', false],
    ['203.0.113.10/32', false],
    ['203.0.113.10/32:0', false],
    ['203.0.113.10/32:65536', false],
    ['203.0.113.10/32:443', false],
    ['203.0.113.10/32:80', false],
    ['203.0.113.10/32:8080', true],
    ['10.1.2.3/32:5432', false],
    ['172.20.0.1/32:5432', false],
    ['192.168.1.1/32:5432', false],
    ['127.0.0.1/32:5432', false],
    ['169.254.169.254/32:80', false],
    ['224.0.0.1/32:5432', false],
    ['256.1.1.1/32:5432', false],
    ['203.0.113.10/32:5432, 198.51.100.0/24:1521', false],
    [Array.from({ length: MAX_TCP_DESTINATIONS }, (_, i) => `203.0.113.${i + 1}/32:5432`).join(','), true],
    [Array.from({ length: MAX_TCP_DESTINATIONS + 1 }, (_, i) => `203.0.113.${i + 1}/32:5432`).join(','), false],
  ])('AllowedTcpDestinations accepts %p: %p', (value, accepted) => {
    expect(raw.Parameters!.AllowedTcpDestinations.AllowedPattern).toBe(TCP_DESTINATIONS_PATTERN);
    expect(new RegExp(TCP_DESTINATIONS_PATTERN).test(value)).toBe(accepted);
  });

  test('AllowedTcpDestinations is refused with a description that names every rule', () => {
    expect(raw.Parameters!.AllowedTcpDestinations).toMatchObject({ Type: 'String', Default: '' });
    expect(String(raw.Parameters!.AllowedTcpDestinations.ConstraintDescription)).toMatch(
      /203\.0\.113\.10\/32:5432,198\.51\.100\.0\/24:1521.*\/16 to \/32 \(not 0\.0\.0\.0\/0, not a private, loopback.*port 1 to 65535 but not 80 or 443/,
    );
  });

  /** The rules string of the TCP destination group for a launch with these destinations. */
  const tcpRules = (destinations: string) => {
    const group = resolveIfs(raw, resources.EgressTcpDestinationAllowlist.Properties, { AllowedTcpDestinations: destinations }) as {
      RuleGroup: { RulesSource: { RulesString: unknown } };
    };
    const text = resolve(raw as never, scenarioForValues(raw as never, new Map([['AllowedTcpDestinations', destinations]])), group.RuleGroup.RulesSource.RulesString);
    return String(text).split('\n');
  };

  test('each CIDR:port pair renders as a strict-order pass rule with its own sid; unused slots pass only loopback', () => {
    const rules = tcpRules('203.0.113.10/32:5432,198.51.100.0/24:1521');
    expect(rules).toHaveLength(MAX_TCP_DESTINATIONS);
    expect(rules.slice(0, 3)).toEqual([
      `pass tcp $HOME_NET any -> 203.0.113.10/32 5432 (msg:"agent egress: allowed by AllowedTcpDestinations slot 1"; flow:to_server; sid:${FIRST_TCP_DESTINATION_SID}; rev:1;)`,
      `pass tcp $HOME_NET any -> 198.51.100.0/24 1521 (msg:"agent egress: allowed by AllowedTcpDestinations slot 2"; flow:to_server; sid:${FIRST_TCP_DESTINATION_SID + 1}; rev:1;)`,
      `pass tcp $HOME_NET any -> ${UNUSED_SLOT.replace(':', ' ')} (msg:"agent egress: allowed by AllowedTcpDestinations slot 3"; flow:to_server; sid:${FIRST_TCP_DESTINATION_SID + 2}; rev:1;)`,
    ]);
    expect(new Set(rules.map((r) => /sid:(\d+);/.exec(r)?.[1])).size).toBe(MAX_TCP_DESTINATIONS);
    expect(tcpRules('').every((r) => r.startsWith('pass tcp $HOME_NET any -> 127.0.0.1/32 9 '))).toBe(true);
    expect(tcpRules(Array.from({ length: MAX_TCP_DESTINATIONS }, (_, i) => `203.0.113.${i + 1}/32:5432`).join(','))[MAX_TCP_DESTINATIONS - 1]).toMatch(
      /^pass tcp \$HOME_NET any -> 203\.0\.113\.10\/32 5432 /,
    );
  });

  test('the TCP destinations are a rule group of their own, evaluated before the non-web drop; the released groups keep their capacity', () => {
    expect(resources.EgressTcpDestinationAllowlist.Properties).toMatchObject({
      Type: 'STATEFUL',
      Capacity: TCP_DESTINATIONS_CAPACITY,
      RuleGroupName: { 'Fn::Sub': '${AWS::StackName}-tcp-destinations' },
      RuleGroup: { StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' } },
    });
    expect(TCP_DESTINATIONS_CAPACITY).toBeGreaterThanOrEqual(MAX_TCP_DESTINATIONS);
    expect(resources.EgressNonWebDrop.Properties!.Capacity).toBe(10);
    const policy = resources.EgressFirewallPolicy.Properties!.FirewallPolicy as { StatefulRuleGroupReferences: { ResourceArn: unknown; Priority: number }[] };
    expect(policy.StatefulRuleGroupReferences).toEqual([
      { ResourceArn: { 'Fn::GetAtt': ['EgressTcpDestinationAllowlist', 'RuleGroupArn'] }, Priority: 5 },
      { ResourceArn: { 'Fn::GetAtt': ['EgressNonWebDrop', 'RuleGroupArn'] }, Priority: 10 },
      { ResourceArn: { 'Fn::GetAtt': ['EgressDomainAllowlist', 'RuleGroupArn'] }, Priority: 20 },
    ]);
    expect(NON_WEB_EGRESS_RULES).toContain('msg:"agent egress dropped: TCP to a port other than 80 and 443 whose destination is not in AllowedTcpDestinations"');
    expect(createdOutputs(raw, { AllowedTcpDestinations: '203.0.113.10/32:5432' })).toContain('AllowedTcpDestinationPairs');
    expect(createdOutputs(raw)).not.toContain('AllowedTcpDestinationPairs');
  });

  test('NAT gateways use new Elastic IPs that wait for the IGW attachment and are kept on termination unless ElasticIpsOnTermination is release', () => {
    const policy = { 'Fn::If': ['KeepElasticIpsOnTermination', 'Retain', 'Delete'] };
    for (const n of [1, 2]) {
      template.hasResource('AWS::EC2::EIP', { DependsOn: ['InternetGatewayAttachment'], DeletionPolicy: policy, UpdateReplacePolicy: policy });
      expect(resources[`NatGateway${n}`].Properties!.AllocationId).toEqual({ 'Fn::GetAtt': [`NatEgressAddress${n}`, 'AllocationId'] });
    }
  });

  test('firewall policy: strict order, drop and alert established by default, stateless traffic forwarded to the stateful engine', () => {
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicyName: { 'Fn::Sub': '${AWS::StackName}-egress' },
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER' },
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulRuleGroupReferences: [
          { Priority: 5, ResourceArn: { 'Fn::GetAtt': ['EgressTcpDestinationAllowlist', 'RuleGroupArn'] } },
          { Priority: 10, ResourceArn: { 'Fn::GetAtt': ['EgressNonWebDrop', 'RuleGroupArn'] } },
          { Priority: 20, ResourceArn: { 'Fn::GetAtt': ['EgressDomainAllowlist', 'RuleGroupArn'] } },
        ],
      },
    });
    for (const n of [1, 2]) {
      template.hasResourceProperties('AWS::NetworkFirewall::Firewall', {
        FirewallName: { 'Fn::Sub': `\${AWS::StackName}-egress-az${n}` },
        FirewallPolicyArn: { 'Fn::GetAtt': ['EgressFirewallPolicy', 'FirewallPolicyArn'] },
        VpcId: { Ref: 'Vpc' },
      });
    }
  });

  test('rule groups are strict-order and named after the stack (the launch role allows SC-* only)', () => {
    const groups = template.findResources('AWS::NetworkFirewall::RuleGroup');
    expect(Object.keys(groups).sort()).toEqual(['EgressDomainAllowlist', 'EgressNonWebDrop', 'EgressTcpDestinationAllowlist']);
    expect(groups.EgressDomainAllowlist.Properties.RuleGroupName).toEqual({ 'Fn::Sub': '${AWS::StackName}-allowed-domains' });
    expect(groups.EgressNonWebDrop.Properties.RuleGroupName).toEqual({ 'Fn::Sub': '${AWS::StackName}-non-web-egress' });
    for (const group of Object.values(groups)) expect(group.Properties.RuleGroup.StatefulRuleOptions).toEqual({ RuleOrder: 'STRICT_ORDER' });
  });

  test('domain allowlist: TLS SNI and HTTP Host, the agent defaults plus the customer list only when given', () => {
    const list = resources.EgressDomainAllowlist.Properties!.RuleGroup as { RulesSource: { RulesSourceList: Record<string, unknown> } };
    const source = list.RulesSource.RulesSourceList;
    expect(source.GeneratedRulesType).toBe('ALLOWLIST');
    expect(source.TargetTypes).toEqual(['TLS_SNI', 'HTTP_HOST']);
    const aws = [
      'api.ecr.${AWS::Region}.amazonaws.com',
      'prod-${AWS::Region}-starport-layer-bucket.s3.${AWS::Region}.amazonaws.com',
      'logs.${AWS::Region}.amazonaws.com',
      'sts.${AWS::Region}.amazonaws.com',
      'ssm.${AWS::Region}.amazonaws.com',
      'secretsmanager.${AWS::Region}.amazonaws.com',
    ].map((d) => ({ 'Fn::Sub': d }));
    // The distribution's domains (vendor, image registry) come from SSM at launch: no configuration value is in the template.
    const distribution = { 'Fn::Join': [',', { Ref: 'AgentEgressDomains' }] };
    expect(source.Targets).toEqual({
      'Fn::If': [
        'HasAdditionalAllowedDomains',
        { 'Fn::Split': [',', { 'Fn::Join': [',', [distribution, ...aws, { Ref: 'AdditionalAllowedDomains' }]] }] },
        { 'Fn::Split': [',', { 'Fn::Join': [',', [distribution, ...aws]] }] },
      ],
    });
    template.hasParameter('AgentEgressDomains', {
      Type: 'AWS::SSM::Parameter::Value<List<String>>',
      Default: DISTRIBUTION_PARAMETERS.egressDomains,
      AllowedValues: [DISTRIBUTION_PARAMETERS.egressDomains],
    });
    expect(raw.Conditions?.HasAdditionalAllowedDomains).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AdditionalAllowedDomains' }, ''] }] });
  });

  test('the allowlist capacity fits its maximum number of domains on both protocols', () => {
    expect(resources.EgressDomainAllowlist.Properties!.Capacity).toBe(domainListCapacity(MAX_ALLOWED_DOMAINS));
    expect(domainListCapacity(MAX_ALLOWED_DOMAINS)).toBe(MAX_ALLOWED_DOMAINS * 2 + 2);
    expect(MAX_CUSTOMER_DOMAINS).toBeLessThan(MAX_ALLOWED_DOMAINS);
  });

  test('non-web protocols are dropped: UDP, ICMP and TCP to ports other than 80 and 443', () => {
    expect((resources.EgressNonWebDrop.Properties!.RuleGroup as { RulesSource: unknown }).RulesSource).toEqual({ RulesString: NON_WEB_EGRESS_RULES });
    const rules = NON_WEB_EGRESS_RULES.split('\n');
    expect(rules.map((r) => r.split(' (')[0])).toEqual([
      'drop udp $HOME_NET any -> $EXTERNAL_NET any',
      'drop icmp $HOME_NET any -> $EXTERNAL_NET any',
      'drop tcp $HOME_NET any -> $EXTERNAL_NET ![80,443]',
    ]);
    expect(new Set(rules.map((r) => /sid:(\d+);/.exec(r)?.[1])).size).toBe(3);
  });

  test('alert and flow logs of both firewalls go to CloudWatch Logs groups with the retention parameter', () => {
    for (const n of [1, 2]) {
      template.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
        FirewallArn: { 'Fn::GetAtt': [`EgressFirewall${n}`, 'FirewallArn'] },
        LoggingConfiguration: {
          LogDestinationConfigs: [
            { LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: { Ref: 'FirewallAlertLogGroup' } } },
            { LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: { Ref: 'FirewallFlowLogGroup' } } },
          ],
        },
      });
    }
    for (const group of ['FirewallAlertLogGroup', 'FirewallFlowLogGroup']) {
      expect(resources[group].Properties).toEqual({ RetentionInDays: { Ref: 'LogRetentionDays' } });
    }
  });

  test('the agent runs in the agent subnets without public IPs', () => {
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      ComputeResources: { Subnets: [{ Ref: 'AgentSubnet1' }, { Ref: 'AgentSubnet2' }] },
    });
    template.hasResourceProperties('AWS::Batch::JobDefinition', { ContainerProperties: { NetworkConfiguration: { AssignPublicIp: 'DISABLED' } } });
  });

  test('outputs give an operator the egress IPs, firewalls, endpoints, domains and logs', () => {
    expect(Object.keys(raw.Outputs ?? {}).sort()).toEqual(
      [
        'AllowedDomains',
        'AvailabilityZoneIds',
        'FirewallAlertLogGroupName',
        'FirewallArns',
        'FirewallEndpointIds',
        'FirewallFlowLogGroupName',
        'JobDefinitionArn',
        'JobQueueArn',
        'JobRoleArn',
        'LogGroupName',
        'NetworkAccessScopeExpectation',
        'NetworkAccessScopeId',
        'NatEgressAllocationIds',
        'NatEgressIps',
        'NatEgressOwnAllocationIds',
        'AllowedTcpDestinationPairs',
        'ScheduleName',
        'SecurityGroupIds',
        'SubnetIds',
        'VpcId',
      ].sort(),
    );
    expect(raw.Outputs!.NatEgressIps.Value).toEqual({
      'Fn::Join': [',', [{ 'Fn::GetAtt': ['NatEgressAddress1', 'PublicIp'] }, { 'Fn::GetAtt': ['NatEgressAddress2', 'PublicIp'] }]],
    });
    expect(raw.Outputs!.FirewallEndpointIds.Value).toEqual({ 'Fn::Join': [',', [endpointOf('EgressFirewall1'), endpointOf('EgressFirewall2')]] });
  });

  const domains = (count: number) => Array.from({ length: count }, (_, i) => `d${i}.example.com`).join(',');
  test.each([
    ['empty', '', true],
    ['a wildcard domain', '.snowflakecomputing.com', true],
    ['two domains', '.snowflakecomputing.com,api.example.com', true],
    [`${MAX_CUSTOMER_DOMAINS} domains`, domains(MAX_CUSTOMER_DOMAINS), true],
    [`${MAX_CUSTOMER_DOMAINS + 1} domains`, domains(MAX_CUSTOMER_DOMAINS + 1), false],
    ['a space after the comma', '.snowflakecomputing.com, api.example.com', false],
    ['upper case', 'API.example.com', false],
    ['a * wildcard', '*.example.com', false],
    ['a name without a dot', 'example', false],
  ])('AdditionalAllowedDomains with %s: accepted %p', (_label, value, accepted) => {
    expect(raw.Parameters!.AdditionalAllowedDomains.AllowedPattern).toBe(CUSTOMER_DOMAINS_PATTERN);
    expect(new RegExp(CUSTOMER_DOMAINS_PATTERN).test(value)).toBe(accepted);
  });

  test.each([
    ['111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/agent:1.0.0', ['111122223333.dkr.ecr.ap-northeast-1.amazonaws.com']],
    ['registry.example.com:5000/agent:1.0.0', ['registry.example.com']],
    ['public.ecr.aws/vendor/agent:1.0.0', ['public.ecr.aws']],
    ['vendor/agent:1.0.0', ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com']],
  ])('the registry of image %s is allowed: %p', (image, domains) => {
    expect(imageRegistryDomains(image)).toEqual(domains);
  });

  test('too many vendor domains for the fixed allowlist are refused with the field and the limit', () => {
    const config = defaultConfig();
    const vendorDomains = Array.from({ length: 60 }, (_, i) => `v${i}.vendor.example`);
    expect(() => parseConfig({ ...config, agent: { ...config.agent, vendorDomains } })).toThrow(
      'agent.vendorDomains: got "60 domains", allowed: at most 43 in ap-northeast-1 (the network-firewall allowlist holds 100 domains: 50 reserved for ' +
        "the customer's AdditionalAllowedDomains parameter, 6 for the launch region's AWS endpoints, 1 for the image registry)",
    );
    const fits = Array.from({ length: 43 }, (_, i) => `v${i}.vendor.example`);
    expect(() => parseConfig({ ...config, agent: { ...config.agent, vendorDomains: fits } })).not.toThrow();
  });
});
