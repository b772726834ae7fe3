import { Template } from 'aws-cdk-lib/assertions';
import { productTemplate, type CfnTemplate } from './support/catalog';
import { createdOutputs, createdResources, failedRuleAssertions, resolveIfs } from './support/cfn-evaluate';

const raw: CfnTemplate = productTemplate('private-link');
const template = Template.fromJSON(raw);
const resources = raw.Resources;

const SNOWFLAKE = 'com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0';
const VENDOR = 'com.amazonaws.vpce.ap-northeast-1.vpce-svc-0fedcba9876543210';

const AWS_ENDPOINTS: Record<string, string> = {
  EcrApiEndpoint: 'ecr.api',
  EcrDkrEndpoint: 'ecr.dkr',
  LogsEndpoint: 'logs',
  StsEndpoint: 'sts',
  SsmEndpoint: 'ssm',
  SecretsManagerEndpoint: 'secretsmanager',
};

function endpointSubnets(logicalId: string, parameters: Record<string, string>): unknown {
  return (resolveIfs(raw, resources[logicalId].Properties, parameters) as { SubnetIds: unknown }).SubnetIds;
}

describe('private-link product', () => {
  test('declares its identity and states the ECR-in-the-launch-region assumption', () => {
    expect(raw.Metadata?.AgentNetworkCatalog).toEqual({ ProductId: 'private-link', Version: 'v0.0.0-test' });
    expect(raw.Description).toMatch(/^Agent Network Catalog private-link v0\.0\.0-test: /);
    expect(raw.Description).toContain('Assumes the agent image is in Amazon ECR in the region of launch: ECR endpoints serve their own region only');
    expect(raw.Description!.length).toBeLessThanOrEqual(1024);
  });

  test('no internet path: no internet or NAT gateway, no Elastic IP, no route at all', () => {
    for (const type of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::VPCGatewayAttachment',
      'AWS::EC2::EgressOnlyInternetGateway',
      'AWS::EC2::NatGateway',
      'AWS::EC2::EIP',
      'AWS::EC2::Route',
      'AWS::EC2::TransitGatewayAttachment',
      'AWS::EC2::VPNGateway',
    ]) {
      template.resourceCountIs(type, 0);
    }
    // 0.0.0.0/0 appears only in the agent security group's egress rule, which no route can carry out of the VPC.
    expect(Object.keys(resources).filter((id) => JSON.stringify(resources[id]).includes('0.0.0.0/0'))).toEqual(['AgentSecurityGroup']);
    // The only routes the agent route tables get are the local route and the S3 prefix-list route of the gateway endpoint.
    expect(Object.keys(template.findResources('AWS::EC2::RouteTable')).sort()).toEqual(['AgentSubnet1RouteTable', 'AgentSubnet2RouteTable']);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
      RouteTableIds: [{ Ref: 'AgentSubnet1RouteTable' }, { Ref: 'AgentSubnet2RouteTable' }],
    });
  });

  test('two isolated agent subnets in slots 0 and 1, one per AZ; the agent has no public IP', () => {
    expect(Object.keys(template.findResources('AWS::EC2::Subnet')).sort()).toEqual(['AgentSubnet1', 'AgentSubnet2']);
    [0, 1].forEach((i) => {
      expect(resources[`AgentSubnet${i + 1}`].Properties).toMatchObject({
        CidrBlock: { 'Fn::Select': [i, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 8, '8'] }] },
        MapPublicIpOnLaunch: false,
      });
    });
    template.hasResourceProperties('AWS::Batch::JobDefinition', { ContainerProperties: { NetworkConfiguration: { AssignPublicIp: 'DISABLED' } } });
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', { ComputeResources: { Subnets: [{ Ref: 'AgentSubnet1' }, { Ref: 'AgentSubnet2' }] } });
  });

  test('interface endpoints with private DNS for every AWS service the agent calls, named for the launch region', () => {
    const interfaces = template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface', PrivateDnsEnabled: true } });
    expect(Object.keys(interfaces).sort()).toEqual(Object.keys(AWS_ENDPOINTS).sort());
    for (const [id, service] of Object.entries(AWS_ENDPOINTS)) {
      expect([id, interfaces[id].Properties.ServiceName]).toEqual([id, { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` }]);
      expect([id, interfaces[id].Properties.SecurityGroupIds]).toEqual([id, [{ 'Fn::GetAtt': ['EndpointSecurityGroup', 'GroupId'] }]]);
      expect([id, interfaces[id].Properties.VpcId]).toEqual([id, { Ref: 'Vpc' }]);
    }
  });

  test('EndpointAzCount places every interface endpoint in AZ 1 only, or in both agent subnets', () => {
    expect(raw.Parameters!.EndpointAzCount).toMatchObject({ AllowedValues: ['1', '2'], Default: '1' });
    const all = { CredentialStores: 'parameter-store-and-secrets-manager', PrivateLinkServiceName1: SNOWFLAKE };
    for (const id of [...Object.keys(AWS_ENDPOINTS), 'PrivateLinkService1Endpoint']) {
      expect([id, endpointSubnets(id, { ...all, EndpointAzCount: '1' })]).toEqual([id, [{ Ref: 'AgentSubnet1' }]]);
      expect([id, endpointSubnets(id, { ...all, EndpointAzCount: '2' })]).toEqual([id, [{ Ref: 'AgentSubnet1' }, { Ref: 'AgentSubnet2' }]]);
    }
  });

  test('the Secrets Manager endpoint exists only when credentials live there too', () => {
    expect(createdResources(raw, { CredentialStores: 'parameter-store-and-secrets-manager' })).toContain('SecretsManagerEndpoint');
    expect(createdResources(raw, { CredentialStores: 'parameter-store' })).not.toContain('SecretsManagerEndpoint');
    expect(createdResources(raw, { CredentialStores: 'parameter-store' })).toContain('SsmEndpoint');
    // The default is the cheapest launch that works: the source document's 5 endpoints, Secrets Manager on request.
    expect(raw.Parameters!.CredentialStores.Default).toBe('parameter-store');
    expect(createdResources(raw, {})).not.toContain('SecretsManagerEndpoint');
  });

  const ingress = (port: number, subnet: string) => ({
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    CidrIp: { 'Fn::GetAtt': [subnet, 'CidrBlock'] },
    Description: `TCP ${port} from ${subnet}`,
  });
  const NO_EGRESS = [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }];

  test('the AWS service endpoints admit HTTPS from the two agent subnets and nothing else', () => {
    const sg = resources.EndpointSecurityGroup.Properties!;
    expect(sg.SecurityGroupIngress).toEqual([ingress(443, 'AgentSubnet1'), ingress(443, 'AgentSubnet2')]);
    // The default allow-all egress is replaced by a rule that matches no traffic.
    expect(sg.SecurityGroupEgress).toEqual(NO_EGRESS);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(resources.AgentSecurityGroup.Properties!.SecurityGroupIngress).toBeUndefined();
  });

  test('endpoint-service endpoints have their own group, only when one is named: HTTPS and HTTP (Snowflake OCSP) from the agent subnets', () => {
    expect(resources.PrivateLinkServiceSecurityGroup.Condition).toBe('WithAnyPrivateLinkService');
    expect(resources.PrivateLinkServiceSecurityGroup.Properties!.SecurityGroupIngress).toEqual([
      ingress(443, 'AgentSubnet1'),
      ingress(443, 'AgentSubnet2'),
      ingress(80, 'AgentSubnet1'),
      ingress(80, 'AgentSubnet2'),
    ]);
    expect(resources.PrivateLinkServiceSecurityGroup.Properties!.SecurityGroupEgress).toEqual(NO_EGRESS);
    expect(createdResources(raw, {})).not.toContain('PrivateLinkServiceSecurityGroup');
    expect(createdResources(raw, { PrivateLinkServiceName2: VENDOR })).toContain('PrivateLinkServiceSecurityGroup');
  });

  test('optional PrivateLink endpoint services: created only when named, without private DNS, in the endpoint subnets', () => {
    expect(createdResources(raw, {}).filter((id) => id.startsWith('PrivateLinkService'))).toEqual([]);
    const created = createdResources(raw, { PrivateLinkServiceName1: SNOWFLAKE, PrivateLinkServiceName3: VENDOR });
    expect(created.filter((id) => id.startsWith('PrivateLinkService'))).toEqual(['PrivateLinkServiceSecurityGroup', 'PrivateLinkService1Endpoint', 'PrivateLinkService3Endpoint']);
    expect(resources.PrivateLinkService3Endpoint.Properties).toMatchObject({
      VpcEndpointType: 'Interface',
      ServiceName: { Ref: 'PrivateLinkServiceName3' },
      PrivateDnsEnabled: false,
      SecurityGroupIds: [{ 'Fn::GetAtt': ['PrivateLinkServiceSecurityGroup', 'GroupId'] }],
    });
    expect(createdOutputs(raw, { PrivateLinkServiceName1: SNOWFLAKE, CredentialStores: 'parameter-store' }).sort()).toEqual(
      [
        'AvailabilityZoneIds',
        'AwsServiceEndpointIds',
        'EndpointSecurityGroupId',
        'JobDefinitionArn',
        'JobQueueArn',
        'JobRoleArn',
        'LogGroupName',
        'NetworkAccessScopeExpectation',
        'NetworkAccessScopeId',
        'PrivateLinkService1DnsEntries',
        'ScheduleName',
        'SecurityGroupIds',
        'SubnetIds',
        'VpcId',
      ].sort(),
    );
    expect(raw.Outputs!.PrivateLinkService1DnsEntries.Value).toEqual({ 'Fn::Join': [',', { 'Fn::GetAtt': ['PrivateLinkService1Endpoint', 'DnsEntries'] }] });
  });

  test.each([
    ['', true],
    [SNOWFLAKE, true],
    ['com.amazonaws.vpce.us-gov-west-1.vpce-svc-0123456789abcdef0', true],
    ['com.amazonaws.ap-northeast-1.ecr.api', false],
    ['vpce-svc-0123456789abcdef0', false],
    ['com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123', false],
    [`${SNOWFLAKE} `, false],
  ])('PrivateLinkServiceName accepts %p: %p', (value, accepted) => {
    for (const n of [1, 2, 3]) expect(new RegExp(String(raw.Parameters![`PrivateLinkServiceName${n}`].AllowedPattern)).test(value)).toBe(accepted);
  });

  test.each([
    [{}, []],
    [{ PrivateLinkServiceName1: SNOWFLAKE, PrivateLinkServiceName2: VENDOR }, []],
    [{ PrivateLinkServiceName1: SNOWFLAKE, PrivateLinkServiceName2: SNOWFLAKE }, ['PrivateLinkServiceName1 and PrivateLinkServiceName2 name the same endpoint service: give each service once.']],
    [{ PrivateLinkServiceName2: VENDOR, PrivateLinkServiceName3: VENDOR }, ['PrivateLinkServiceName2 and PrivateLinkServiceName3 name the same endpoint service: give each service once.']],
  ])('Rules for %p reject with %p', (parameters, failures) => {
    expect(failedRuleAssertions(raw, parameters)).toEqual(failures);
  });

  test('the endpoint parameters are grouped together after the network', () => {
    const ui = raw.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] };
    expect(ui.ParameterGroups[1]).toEqual({
      Label: { default: 'VPC endpoints' },
      Parameters: ['EndpointAzCount', 'CredentialStores', 'PrivateLinkServiceName1', 'PrivateLinkServiceName2', 'PrivateLinkServiceName3'],
    });
  });
});

describe('private-link: private DNS for endpoint services (Snowflake: privatelink.snowflakecomputing.com)', () => {
  const SNOWFLAKE_DNS = {
    PrivateLinkServiceName1: SNOWFLAKE,
    PrivateLinkService1DnsZone: 'privatelink.snowflakecomputing.com',
    PrivateLinkService1DnsHost1: 'xy12345.ap-northeast-1',
    PrivateLinkService1DnsHost2: 'ocsp.xy12345.ap-northeast-1',
    PrivateLinkService1DnsHost3: 'myorg-myaccount',
    PrivateLinkService1DnsHost4: 'ocsp.myorg-myaccount',
  };

  test('nothing by default; with a zone, a private hosted zone associated with the VPC and one alias A record per host', () => {
    expect(createdResources(raw, {}).filter((id) => /HostedZone|Record$/.test(id))).toEqual([]);
    const created = createdResources(raw, SNOWFLAKE_DNS).filter((id) => /HostedZone|Record$/.test(id));
    expect(created).toEqual([
      'PrivateLinkService1HostedZone',
      'PrivateLinkService1DnsHost1Record',
      'PrivateLinkService1DnsHost2Record',
      'PrivateLinkService1DnsHost3Record',
      'PrivateLinkService1DnsHost4Record',
    ]);
    expect(resources.PrivateLinkService1HostedZone.Properties).toMatchObject({
      Name: { Ref: 'PrivateLinkService1DnsZone' },
      VPCs: [{ VPCId: { Ref: 'Vpc' }, VPCRegion: { Ref: 'AWS::Region' } }],
    });
    const regional = { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': ['PrivateLinkService1Endpoint', 'DnsEntries'] }] }] };
    expect(resources.PrivateLinkService1DnsHost2Record.Properties).toEqual({
      HostedZoneId: { Ref: 'PrivateLinkService1HostedZone' },
      // Inside the zone by construction: <host>.<zone>.
      Name: { 'Fn::Sub': ['${Host}.${Zone}', { Host: { Ref: 'PrivateLinkService1DnsHost2' }, Zone: { Ref: 'PrivateLinkService1DnsZone' } }] },
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::Select': [1, regional] }, HostedZoneId: { 'Fn::Select': [0, regional] }, EvaluateTargetHealth: false },
    });
    // Only the hosts given get a record; the zone id is an output.
    const two = createdResources(raw, { ...SNOWFLAKE_DNS, PrivateLinkService1DnsHost3: '', PrivateLinkService1DnsHost4: '' });
    expect(two.filter((id) => id.endsWith('Record'))).toEqual(['PrivateLinkService1DnsHost1Record', 'PrivateLinkService1DnsHost2Record']);
    expect(createdOutputs(raw, SNOWFLAKE_DNS)).toContain('PrivateLinkService1HostedZoneId');
    expect(createdOutputs(raw, {})).not.toContain('PrivateLinkService1HostedZoneId');
  });

  test('the zone exists only with its endpoint service, even if a Rule were bypassed', () => {
    const withoutService = { ...SNOWFLAKE_DNS, PrivateLinkServiceName1: '' };
    expect(createdResources(raw, withoutService).filter((id) => /HostedZone|Record$/.test(id))).toEqual([]);
  });

  test('the template declares which hosts belong to which endpoint (read by the contract)', () => {
    expect(raw.Metadata?.PrivateDnsForEndpointServices).toEqual(
      [1, 2, 3].map((n) => ({
        ServiceParameter: `PrivateLinkServiceName${n}`,
        Endpoint: `PrivateLinkService${n}Endpoint`,
        ZoneParameter: `PrivateLinkService${n}DnsZone`,
        HostParameters: [1, 2, 3, 4].map((h) => `PrivateLinkService${n}DnsHost${h}`),
      })),
    );
  });

  test.each([
    [SNOWFLAKE_DNS, []],
    [{ ...SNOWFLAKE_DNS, PrivateLinkServiceName1: '' }, ['PrivateLinkService1DnsZone needs its endpoint service: set PrivateLinkServiceName1, or leave the zone empty.']],
    [
      { PrivateLinkServiceName2: VENDOR, PrivateLinkService2DnsZone: 'privatelink.example-datacatalog.com' },
      [
        'PrivateLinkService2DnsZone has no host names: a zone without records makes every name in it unresolvable inside the VPC. Give PrivateLinkService2DnsHost1 (and more), or leave the zone empty.',
      ],
    ],
    [{ PrivateLinkServiceName3: VENDOR, PrivateLinkService3DnsHost2: 'agent' }, ['PrivateLinkService3DnsHost1-4 are names inside PrivateLinkService3DnsZone: set the zone, or leave the host names empty.']],
    [
      { ...SNOWFLAKE_DNS, PrivateLinkService1DnsHost3: 'xy12345.ap-northeast-1' },
      ['PrivateLinkService1DnsHost1 and PrivateLinkService1DnsHost3 are the same host name: give each host once.'],
    ],
    [
      {
        ...SNOWFLAKE_DNS,
        PrivateLinkServiceName2: VENDOR,
        PrivateLinkService2DnsZone: 'privatelink.snowflakecomputing.com',
        PrivateLinkService2DnsHost1: 'other',
      },
      [
        'PrivateLinkService1DnsZone and PrivateLinkService2DnsZone name the same zone: one VPC can be associated with only one private zone of a name; put all its host names under one service.',
      ],
    ],
  ])('Rules for %p reject with %p', (parameters, failures) => {
    expect(failedRuleAssertions(raw, parameters)).toEqual(failures);
  });

  const pattern = (name: string) => new RegExp(String(raw.Parameters![name].AllowedPattern));
  test.each([
    ['', true],
    ['privatelink.snowflakecomputing.com', true],
    ['privatelink.example-datacatalog.co.jp', true],
    ['PrivateLink.Snowflakecomputing.com', false],
    ['privatelink.snowflakecomputing.com.', false],
    ['localhost', false],
    ['ap-northeast-1.amazonaws.com', false],
    ['amazonaws.com', false],
    ['my-amazonaws.com', true],
    ['-bad.example.com', false],
  ])('a zone name %p is accepted: %p', (value, accepted) => {
    for (const n of [1, 2, 3]) expect([value, pattern(`PrivateLinkService${n}DnsZone`).test(value)]).toEqual([value, accepted]);
  });

  test.each([
    ['', true],
    ['xy12345.ap-northeast-1', true],
    ['ocsp.myorg-myaccount', true],
    ['app-myorg-myaccount', true],
    ['ocsp.xy12345.ap-northeast-1.', false],
    ['XY12345', false],
    ['*.xy12345', false],
    ['host name', false],
  ])('a host name %p is accepted: %p', (value, accepted) => {
    for (const n of [1, 2, 3]) for (const h of [1, 2, 3, 4]) expect([value, pattern(`PrivateLinkService${n}DnsHost${h}`).test(value)]).toEqual([value, accepted]);
  });

  test('every DNS parameter is labelled and grouped per endpoint service', () => {
    const ui = raw.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[]; ParameterLabels: Record<string, { default: string }> };
    for (const n of [1, 2, 3]) {
      const group = ui.ParameterGroups.find((g) => g.Label.default === `Private DNS: endpoint service ${n}`);
      expect(group?.Parameters).toEqual([`PrivateLinkService${n}DnsZone`, ...[1, 2, 3, 4].map((h) => `PrivateLinkService${n}DnsHost${h}`)]);
      expect(ui.ParameterLabels[`PrivateLinkService${n}DnsZone`].default).toBe(`Private DNS zone for service ${n} (optional)`);
    }
  });
});
