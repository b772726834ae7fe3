import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { NETWORK_ASSUMPTIONS, SECURITY_GROUP_IDS_PATTERN } from '../products/existing-network/existing-network-product';
import {
  AGENT_START_COMMAND_OR_EMPTY,
  CA_BUNDLE_FILE,
  CA_BUNDLE_PARAMETER_OR_EMPTY,
  CA_BUNDLE_SECRET_VARIABLE,
  CA_BUNDLE_VARIABLES,
} from '../products/existing-network/proxy-ca-bundle';
import { DEFAULT_NO_PROXY, PROXY_EXCLUSIONS_PATTERN, PROXY_URL_PATTERN } from '../products/existing-network/proxy-environment';
import { productTemplate, tempDir, type CfnTemplate } from './support/catalog';
import { failedRuleAssertions, resolveIfs } from './support/cfn-evaluate';

const raw: CfnTemplate = productTemplate('existing-network');
const template = Template.fromJSON(raw);

type EnvEntry = { Name: string; Value: unknown } | { 'Fn::If': [string, { Name: string; Value: unknown }, { Ref: string }] };
const environment = (raw.Resources.AgentJobDefinition.Properties!.ContainerProperties as { Environment: EnvEntry[] }).Environment;

const noProxyValue = {
  'Fn::If': ['HasProxyExclusions', { 'Fn::Join': [',', [DEFAULT_NO_PROXY.join(','), { Ref: 'ProxyExclusions' }]] }, DEFAULT_NO_PROXY.join(',')],
};

describe('existing-network product', () => {
  test('declares its identity and states its assumptions in Metadata, Description and an output', () => {
    expect(raw.Metadata?.AgentNetworkCatalog).toEqual({ ProductId: 'existing-network', Version: 'v0.0.0-test' });
    expect(raw.Metadata?.NetworkAssumptions).toEqual(NETWORK_ASSUMPTIONS);
    expect(raw.Description).toMatch(/^Agent Network Catalog existing-network v0\.0\.0-test: .*creates no network: it assumes the subnets can reach ECR, S3/);
    expect(raw.Outputs?.NetworkAssumptions.Value).toBe(NETWORK_ASSUMPTIONS.map((a, i) => `(${i + 1}) ${a}`).join(' '));
    expect(NETWORK_ASSUMPTIONS.join(' ')).toMatch(/never through the proxy/);
  });

  test('creates no network: no VPC, subnet, route, gateway or endpoint', () => {
    const networkTypes = /^AWS::EC2::(VPC|Subnet|RouteTable|Route|InternetGateway|NatGateway|EIP|VPCEndpoint|VPCGatewayAttachment|FlowLog)$/;
    expect(Object.entries(raw.Resources).filter(([, r]) => networkTypes.test(r.Type))).toEqual([]);
  });

  test('the VPC and subnets are AWS-typed parameters and the agent runs in them', () => {
    template.hasParameter('ExistingVpcId', { Type: 'AWS::EC2::VPC::Id' });
    template.hasParameter('ExistingSubnetIds', { Type: 'List<AWS::EC2::Subnet::Id>' });
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', { ComputeResources: { Subnets: { Ref: 'ExistingSubnetIds' } } });
  });

  test('assigning a public IP is the customer choice, DISABLED by default', () => {
    template.hasParameter('AssignPublicIp', { AllowedValues: ['DISABLED', 'ENABLED'], Default: 'DISABLED' });
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: { NetworkConfiguration: { AssignPublicIp: { Ref: 'AssignPublicIp' } } },
    });
  });

  test('a new security group without inbound rules only when no existing one is given', () => {
    expect(raw.Conditions?.CreateAgentSecurityGroup).toEqual({ 'Fn::Equals': [{ Ref: 'ExistingSecurityGroupIds' }, ''] });
    template.hasParameter('ExistingSecurityGroupIds', { Type: 'String', Default: '', AllowedPattern: SECURITY_GROUP_IDS_PATTERN });
    const group = raw.Resources.AgentSecurityGroup;
    expect(group.Condition).toBe('CreateAgentSecurityGroup');
    expect(group.Properties!.VpcId).toEqual({ Ref: 'ExistingVpcId' });
    expect(group.Properties!.SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    const groupIds = {
      'Fn::If': ['CreateAgentSecurityGroup', [{ 'Fn::GetAtt': ['AgentSecurityGroup', 'GroupId'] }], { 'Fn::Split': [',', { Ref: 'ExistingSecurityGroupIds' }] }],
    };
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', { ComputeResources: { SecurityGroupIds: groupIds } });
    expect(raw.Outputs?.SecurityGroupIds.Value).toEqual({ 'Fn::Join': [',', groupIds] });
  });

  test.each([
    ['', true],
    ['sg-0123abcd', true],
    ['sg-0123456789abcdef0,sg-0123abcd', true],
    ['sg-00000001,sg-00000002,sg-00000003,sg-00000004,sg-00000005', true],
    ['sg-00000001,sg-00000002,sg-00000003,sg-00000004,sg-00000005,sg-00000006', false],
    ['sg-0123abcd, sg-4567ef89', false],
    ['sg-XYZ12345', false],
  ])('ExistingSecurityGroupIds accepts %p: %p', (value, accepted) => {
    expect(new RegExp(SECURITY_GROUP_IDS_PATTERN).test(value)).toBe(accepted);
  });

  test('Rules: every subnet must be in the chosen VPC, and proxy exclusions need a proxy', () => {
    expect(raw.Rules).toMatchObject({
      SubnetsInChosenVpc: {
        Assertions: [
          {
            Assert: { 'Fn::EachMemberEquals': [{ 'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', 'VpcId'] }, { Ref: 'ExistingVpcId' }] },
            AssertDescription: 'Every subnet in ExistingSubnetIds must belong to the VPC chosen in ExistingVpcId.',
          },
        ],
      },
      ProxyExclusionsNeedProxy: {
        RuleCondition: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ProxyExclusions' }, ''] }] },
        Assertions: [
          {
            Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ProxyUrl' }, ''] }] },
            AssertDescription: 'ProxyExclusions only apply to a proxy: set ProxyUrl, or leave ProxyExclusions empty.',
          },
        ],
      },
    });
  });

  test('the proxy variables are added to the job only when a proxy is given, each as a whole conditional entry', () => {
    expect(raw.Conditions?.HasProxy).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ProxyUrl' }, ''] }] });
    const conditional = environment.filter((e): e is Extract<EnvEntry, { 'Fn::If': unknown }> => 'Fn::If' in e && e['Fn::If'][0] === 'HasProxy');
    expect(conditional).toEqual(
      [
        ['HTTPS_PROXY', { Ref: 'ProxyUrl' }],
        ['HTTP_PROXY', { Ref: 'ProxyUrl' }],
        ['NO_PROXY', noProxyValue],
        ['https_proxy', { Ref: 'ProxyUrl' }],
        ['http_proxy', { Ref: 'ProxyUrl' }],
        ['no_proxy', noProxyValue],
      ].map(([Name, Value]) => ({ 'Fn::If': ['HasProxy', { Name, Value }, { Ref: 'AWS::NoValue' }] })),
    );
    // The agent's own variables stay unconditional and come first.
    expect(environment.slice(0, 6).map((e) => (e as { Name: string }).Name)).toEqual([
      'AWS_REGION',
      'AWS_STS_REGIONAL_ENDPOINTS',
      'VENDOR_ROLE_ARN',
      'VENDOR_EXTERNAL_ID',
      'CREDENTIALS_SSM_PATH',
      'CREDENTIALS_SECRET_PREFIX',
    ]);
  });

  test('NO_PROXY keeps the task credentials and metadata endpoints, localhost, AWS endpoints and EC2-internal names off the proxy', () => {
    expect(DEFAULT_NO_PROXY).toEqual(['169.254.170.2', '169.254.169.254', 'localhost', '127.0.0.1', '.amazonaws.com', '.internal']);
    expect(raw.Outputs?.JobNoProxy.Value).toEqual({ 'Fn::If': ['HasProxy', noProxyValue, 'none'] });
  });

  test.each([
    ['', true],
    ['http://proxy.corp.example:3128', true],
    ['https://10.0.0.10:8443/', true],
    ['http://proxy', true],
    ['http://user:secret@proxy.corp.example:3128', false],
    ['proxy.corp.example:3128', false],
    ['http://proxy.corp.example:3128/path', false],
    ['socks5://proxy:1080', false],
  ])('ProxyUrl accepts %p: %p', (value, accepted) => {
    expect(raw.Parameters!.ProxyUrl.AllowedPattern).toBe(PROXY_URL_PATTERN);
    expect(new RegExp(PROXY_URL_PATTERN).test(value)).toBe(accepted);
  });

  test.each([
    ['', true],
    ['10.0.0.0/16,.corp.example,db.internal.example', true],
    ['10.0.0.0/16, .corp.example', false],
    ['a;b', false],
  ])('ProxyExclusions accepts %p: %p', (value, accepted) => {
    expect(raw.Parameters!.ProxyExclusions.AllowedPattern).toBe(PROXY_EXCLUSIONS_PATTERN);
    expect(new RegExp(PROXY_EXCLUSIONS_PATTERN).test(value)).toBe(accepted);
  });

  test('parameters are grouped: network first, then the proxy', () => {
    const groups = (raw.Metadata?.['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] }).ParameterGroups;
    expect(groups.slice(0, 2)).toEqual([
      { Label: { default: 'Network' }, Parameters: ['ExistingVpcId', 'ExistingSubnetIds', 'AssignPublicIp', 'ExistingSecurityGroupIds'] },
      { Label: { default: 'HTTPS proxy' }, Parameters: ['ProxyUrl', 'ProxyExclusions', 'ProxyCaBundleParameter', 'AgentStartCommand'] },
    ]);
  });

  test('outputs give an operator the network used, the proxy settings and the assumptions', () => {
    expect(Object.keys(raw.Outputs ?? {}).sort()).toEqual(
      [
        'JobDefinitionArn',
        'JobNoProxy',
        'JobProxyCaBundle',
        'JobProxyUrl',
        'JobQueueArn',
        'JobRoleArn',
        'LogGroupName',
        'NetworkAccessScopeExpectation',
        'NetworkAccessScopeId',
        'NetworkAssumptions',
        'ScheduleName',
        'SecurityGroupIds',
        'SubnetIds',
        'VpcId',
      ].sort(),
    );
    expect(raw.Outputs?.JobProxyUrl.Value).toEqual({ 'Fn::If': ['HasProxy', { Ref: 'ProxyUrl' }, 'none'] });
  });
});

describe('existing-network: CA bundle of a TLS-inspecting proxy', () => {
  const container = () => raw.Resources.AgentJobDefinition.Properties!.ContainerProperties as Record<string, unknown>;
  const BUNDLE = { ProxyUrl: 'http://proxy.corp.example:3128', ProxyCaBundleParameter: '/corp/proxy/ca-bundle', AgentStartCommand: 'metadata-agent run --once' };
  const arn = { 'Fn::Sub': ['arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Name}', { Name: { Ref: 'ProxyCaBundleParameter' } }] };

  test('without a bundle the job is as before: no secret, no command, no CA variables, no extra role policy', () => {
    const resolved = resolveIfs(raw, container(), {}) as { Secrets: unknown[]; Command?: unknown; Environment: { Name: string }[] };
    expect(resolved.Secrets.filter((s) => JSON.stringify(s) !== '{"Ref":"AWS::NoValue"}')).toEqual([]);
    expect(resolved.Command).toEqual({ Ref: 'AWS::NoValue' });
    const names = resolved.Environment.filter((e) => 'Name' in e).map((e) => e.Name);
    expect(names.filter((n) => CA_BUNDLE_VARIABLES.includes(n))).toEqual([]);
    const policies = resolveIfs(raw, raw.Resources.AgentExecutionRole.Properties!.Policies, {}) as { PolicyDocument: { Statement: { Sid?: string }[] } }[];
    expect(policies.flatMap((p) => p.PolicyDocument.Statement.map((st) => st.Sid)).filter(Boolean)).toEqual([]);
  });

  test('with a bundle: the PEM is a job secret from that SSM parameter, the CA variables point at the file the wrapper writes', () => {
    const resolved = resolveIfs(raw, container(), BUNDLE) as { Secrets: unknown[]; Command: unknown[]; Environment: { Name: string; Value: unknown }[] };
    expect(resolved.Secrets).toEqual([{ Name: CA_BUNDLE_SECRET_VARIABLE, ValueFrom: arn }]);
    for (const variable of ['AWS_CA_BUNDLE', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']) {
      expect(resolved.Environment).toContainEqual({ Name: variable, Value: CA_BUNDLE_FILE });
    }
    expect(resolved.Command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(resolved.Command[2]).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/; exec $/), { Ref: 'AgentStartCommand' }]] });
  });

  test('least privilege: the execution role may read only that parameter (and decrypt only through SSM)', () => {
    const policies = resolveIfs(raw, raw.Resources.AgentExecutionRole.Properties!.Policies, BUNDLE) as { PolicyName: string; PolicyDocument: { Statement: { Sid?: string }[] } }[];
    const read = { PolicyDocument: { Statement: policies.flatMap((p) => p.PolicyDocument.Statement).filter((st) => st.Sid?.endsWith('ProxyCaBundle')) } };
    expect(read.PolicyDocument.Statement).toEqual([
      { Sid: 'ReadProxyCaBundle', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: arn },
      {
        Sid: 'DecryptProxyCaBundle',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' },
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } } },
      },
    ]);
    // The job role (the agent's own permissions) gets nothing new.
    expect(JSON.stringify(raw.Resources.AgentJobRole.Properties)).not.toContain('ProxyCaBundleParameter');
  });

  test('the wrapper, run by a real /bin/sh, writes the image roots plus the proxy CA and then execs the start command', () => {
    const dir = tempDir('ca-bundle-');
    try {
      const script = ((container().Command as { 'Fn::If': [string, [string, string, { 'Fn::Join': [string, [string]] }]] })['Fn::If'][1][2]['Fn::Join'][1][0])
        .split(CA_BUNDLE_FILE.slice(0, CA_BUNDLE_FILE.lastIndexOf('/')))
        .join(dir);
      const roots = path.join(dir, 'roots.pem');
      fs.writeFileSync(roots, '-----BEGIN CERTIFICATE-----\nPUBLICROOT\n-----END CERTIFICATE-----\n');
      const pem = '-----BEGIN CERTIFICATE-----\nPROXYCA\n-----END CERTIFICATE-----';
      // The image's system bundle path replaced by a file of the test; the start command prints what the agent sees.
      const withRoots = script.replace('/etc/ssl/certs/ca-certificates.crt', roots);
      const out = execFileSync('/bin/sh', ['-c', `${withRoots}sh -c 'echo "pem-var=[$${CA_BUNDLE_SECRET_VARIABLE}]"; cat ${dir}/ca-bundle.pem'`], {
        env: { PATH: process.env.PATH, [CA_BUNDLE_SECRET_VARIABLE]: pem },
        encoding: 'utf8',
      });
      expect(out).toBe(`pem-var=[]\n-----BEGIN CERTIFICATE-----\nPUBLICROOT\n-----END CERTIFICATE-----\n${pem}\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [BUNDLE, []],
    [{ ProxyCaBundleParameter: '/corp/proxy/ca-bundle' }, ["ProxyCaBundleParameter needs AgentStartCommand: the job writes the CA bundle and then runs the agent image's start command (your vendor documents it)."]],
    [{ AgentStartCommand: 'metadata-agent run' }, ['AgentStartCommand is used only with a CA bundle: set ProxyCaBundleParameter, or leave AgentStartCommand empty (the image starts as it is).']],
  ])('Rules for %p reject with %p', (parameters, failures) => {
    // SubnetsInChosenVpc reads subnet attributes (Fn::ValueOfAll) that only CloudFormation knows: leave it out here.
    const rules = Object.fromEntries(Object.entries(raw.Rules as Record<string, unknown>).filter(([id]) => id !== 'SubnetsInChosenVpc'));
    expect(failedRuleAssertions({ ...raw, Rules: rules }, parameters)).toEqual(failures);
  });

  test.each([
    ['', true],
    ['/corp/proxy/ca-bundle', true],
    ['/proxy-ca.pem', true],
    ['corp/proxy/ca-bundle', false],
    ['/aws/service/ca', false],
    ['/ssm/ca', false],
    ['/corp/proxy ca', false],
    ['arn:aws:ssm:ap-northeast-1:111122223333:parameter/corp/ca', false],
  ])('ProxyCaBundleParameter accepts %p: %p', (value, accepted) => {
    expect(new RegExp(CA_BUNDLE_PARAMETER_OR_EMPTY).test(value)).toBe(accepted);
    expect(raw.Parameters!.ProxyCaBundleParameter.AllowedPattern).toBe(CA_BUNDLE_PARAMETER_OR_EMPTY);
  });

  test.each([
    ['', true],
    ['metadata-agent run --once', true],
    ['/usr/local/bin/agent --config=/etc/agent.yaml', true],
    ['agent; curl evil', false],
    ['agent $HOME', false],
    ['agent "quoted"', false],
    ['agent  two-spaces', false],
    ['agent | tee', false],
  ])('AgentStartCommand accepts %p: %p', (value, accepted) => {
    expect(new RegExp(AGENT_START_COMMAND_OR_EMPTY).test(value)).toBe(accepted);
  });
});
