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
import { DISTRIBUTION_PARAMETERS } from '../products/shared/member-account';
import { defaultConfig, productTemplate, type CfnTemplate } from './support/catalog';

const raw: CfnTemplate = productTemplate('network-firewall');
const template = Template.fromJSON(raw);
const resources = raw.Resources;

/** The firewall endpoint of a single-subnet firewall, as every route that targets it must spell it. */
const endpointOf = (firewall: string) => ({
  'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Join': [',', { 'Fn::GetAtt': [firewall, 'EndpointIds'] }] }] }],
});

/** Every route of the template as "route table -> destination -> target". */
function routingTable(): string[] {
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
    .map((r) => r.Properties!)
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
    expect(Object.keys(groups).sort()).toEqual(['EgressDomainAllowlist', 'EgressNonWebDrop']);
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
