import { analyzeContract } from '../../scripts/analyzers/contract';
import { contractAfter, props, ref } from './fixtures';
import { fargateNatVpc, privateEndpointsVpc } from './foreign-templates';

const nacl = (entries: { rule: number; egress: boolean; action: 'allow' | 'deny'; cidr: string; protocol?: number; ports?: [number, number] }[], subnets: string[]) => ({
  Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: ref('VPC') } },
  ...Object.fromEntries(
    entries.map((e, i) => [
      `AclEntry${i}`,
      {
        Type: 'AWS::EC2::NetworkAclEntry',
        Properties: { NetworkAclId: ref('Acl'), RuleNumber: e.rule, Egress: e.egress, RuleAction: e.action, CidrBlock: e.cidr, Protocol: e.protocol ?? 6, ...(e.ports ? { PortRange: { From: e.ports[0], To: e.ports[1] } } : {}) },
      },
    ]),
  ),
  ...Object.fromEntries(subnets.map((s) => [`${s}AclAssociation`, { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: ref(s), NetworkAclId: ref('Acl') } }])),
});

// Classes 6, 7, 8: AZs by value, duplicates reported, and the resources a promise depends on read.
describe('AZs compared by value', () => {
  test('a NAT gateway in the other AZ: the message never says "AZ 1 … is in AZ 1"', () => {
    const template = fargateNatVpc();
    template.Parameters!.Zones = { Type: 'List<AWS::EC2::AvailabilityZone::Name>' };
    // The public subnets take their AZs from a parameter, the private ones from Fn::GetAZs: different AZs, both "first".
    template.Resources.PublicSubnet1.Properties!.AvailabilityZone = { 'Fn::Select': [0, ref('Zones')] };
    const report = analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(report.notes).toEqual(['agent subnet PrivateSubnet1 (AZ 1 of the region (Fn::GetAZs)) uses NatGateway1 in AZ 1 of parameter Zones: cross-AZ traffic, and egress depends on that AZ']);
  });
});

describe('duplicates are reported, every compute environment is checked', () => {
  test('two route table associations for one subnet', () => {
    const template = fargateNatVpc();
    template.Resources.SecondAssociation = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('PrivateSubnet1'), RouteTableId: ref('PublicRouteTable') } };
    const report = analyzeContract(template, 'fargate.yaml', { promise: 'nat-gateway' });
    expect(report.findings).toEqual([
      'PrivateSubnet1: 2 route table associations (PrivateSubnet1RouteTableAssociation → PrivateRouteTable1, SecondAssociation → PublicRouteTable); a subnet has one route table, so CloudFormation fails the second and the routes are not provable',
    ]);
  });

  test('a second compute environment in the public subnets breaks the nat-gateway promise, and is named', () => {
    const report = contractAfter('nat-gateway', (t) => {
      t.Resources.SecondComputeEnvironment = structuredClone(t.Resources.AgentComputeEnvironment);
      (props(t, 'SecondComputeEnvironment').ComputeResources as Record<string, unknown>).Subnets = [ref('PublicSubnet1')];
    });
    expect(report.notes).toContain('2 compute environments (AgentComputeEnvironment, SecondComputeEnvironment): each is checked');
    expect(report.findings).toEqual([
      'PublicSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway), but agent subnet PublicSubnet1 must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway',
    ]);
  });

  test('two routes for one destination in one table', () => {
    const template = fargateNatVpc();
    template.Resources.AnotherDefault = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRouteTable1'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway2') } };
    expect(analyzeContract(template, 'f.yaml', { promise: 'nat-gateway' }).findings).toContain(
      'PrivateRouteTable1: routes DefaultPrivateRoute1 and AnotherDefault both for 0.0.0.0/0; CloudFormation fails the second (RouteAlreadyExists)',
    );
  });
});

describe('what a promise depends on is read', () => {
  test('a network ACL that denies HTTPS out of the agent subnet makes the egress path unusable', () => {
    const template = fargateNatVpc();
    Object.assign(template.Resources, nacl([{ rule: 100, egress: true, action: 'deny', cidr: '0.0.0.0/0', ports: [443, 443] }, { rule: 200, egress: true, action: 'allow', cidr: '0.0.0.0/0', protocol: -1 }, { rule: 100, egress: false, action: 'allow', cidr: '0.0.0.0/0', protocol: -1 }], ['PrivateSubnet1']));
    const report = analyzeContract(template, 'f.yaml', { promise: 'nat-gateway' });
    expect(report.findings).toEqual(['Acl entry AclEntry0 (rule 100) denies TCP 443 to the internet: HTTPS (TCP 443) out of PrivateSubnet1 is blocked, so the egress path of agent subnet PrivateSubnet1 is unusable']);
  });

  test('a network ACL that allows HTTPS out and the replies in is fine; one that forgets the replies is not', () => {
    const allowAll = [{ rule: 100, egress: true, action: 'allow' as const, cidr: '0.0.0.0/0', ports: [443, 443] as [number, number] }, { rule: 100, egress: false, action: 'allow' as const, cidr: '0.0.0.0/0', ports: [1024, 65535] as [number, number] }];
    const ok = fargateNatVpc();
    Object.assign(ok.Resources, nacl(allowAll, ['PrivateSubnet2']));
    expect(analyzeContract(ok, 'f.yaml', { promise: 'nat-gateway' }).findings).toEqual([]);
    const noReplies = fargateNatVpc();
    Object.assign(noReplies.Resources, nacl(allowAll.slice(0, 1), ['PrivateSubnet2']));
    expect(analyzeContract(noReplies, 'f.yaml', { promise: 'nat-gateway' }).findings).toEqual([
      'Acl has no entry allowing TCP 32768 from the internet (a custom network ACL denies what no entry allows): replies (TCP 32768, an ephemeral port) into PrivateSubnet2 is blocked, so the egress path of agent subnet PrivateSubnet2 is unusable',
    ]);
  });

  test('a network ACL between the agent subnet and the endpoint subnet that denies 443 makes the endpoints unreachable', () => {
    const template = privateEndpointsVpc();
    Object.assign(template.Resources, nacl([{ rule: 50, egress: false, action: 'deny', cidr: '10.1.1.0/24', ports: [443, 443] }, { rule: 100, egress: false, action: 'allow', cidr: '0.0.0.0/0', protocol: -1 }, { rule: 100, egress: true, action: 'allow', cidr: '0.0.0.0/0', protocol: -1 }], ['EndpointSubnet']));
    const report = analyzeContract(template, 'p.yaml', { promise: 'private-link' });
    expect(report.findings).toContain('Acl entry AclEntry0 (rule 50) denies TCP 443 from 10.1.1.0/24; EcrApi (ecr.api) is unusable from agent subnet PrivateSubnet');
    expect(report.findings).toHaveLength(5);
  });

  test('an interface endpoint whose security group admits nothing on 443 from the agent subnets is unusable', () => {
    const report = analyzeContract(privateEndpointsVpc({ SecurityGroupIds: [ref('BatchSecurityGroup')] }), 'p.yaml', { promise: 'private-link' });
    expect(report.findings).toEqual(['EcrApi (ecr.api): its security groups admit nothing on TCP 443 from agent subnet PrivateSubnet; the endpoint is unusable']);
    const none = analyzeContract(privateEndpointsVpc({ SecurityGroupIds: undefined }), 'p.yaml', { promise: 'private-link' });
    expect(none.findings).toEqual([
      'EcrApi (ecr.api): no SecurityGroupIds, so the VPC default security group applies, which admits only its own members: agent subnet PrivateSubnet cannot reach it on TCP 443',
    ]);
  });

  test('our private-link: an endpoint group without the agent subnet rules is caught', () => {
    const report = contractAfter('private-link', (t) => {
      props(t, 'EndpointSecurityGroup').SecurityGroupIngress = [];
    });
    expect(report.findings).toContain('EcrApiEndpoint (ecr.api): its security groups admit nothing on TCP 443 from agent subnet AgentSubnet1; the endpoint is unusable');
  });

  test('an endpoint policy that denies everything', () => {
    const policy = { Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] };
    const report = analyzeContract(privateEndpointsVpc({ PolicyDocument: policy }), 'p.yaml', { promise: 'private-link' });
    expect(report.findings).toEqual(['EcrApi (ecr.api): its PolicyDocument denies * to every principal; every request through the endpoint is refused']);
  });

  test('an internet gateway that is never attached', () => {
    const template = fargateNatVpc();
    delete template.Resources.InternetGatewayAttachment;
    delete template.Resources.DefaultPublicRoute.DependsOn;
    delete template.Resources.NatGateway1EIP.DependsOn;
    delete template.Resources.NatGateway2EIP.DependsOn;
    const report = analyzeContract(template, 'f.yaml', { promise: 'nat-gateway' });
    expect(report.findings).toEqual([
      'InternetGateway: never attached to a VPC (no AWS::EC2::VPCGatewayAttachment); egress of agent subnet PrivateSubnet1 through it goes nowhere',
      'InternetGateway: never attached to a VPC (no AWS::EC2::VPCGatewayAttachment); egress of agent subnet PrivateSubnet2 through it goes nowhere',
    ]);
  });

  test('a nested stack may create routes: unprovable', () => {
    const template = fargateNatVpc();
    template.Resources.Extras = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/extras.yaml' } };
    expect(analyzeContract(template, 'f.yaml', { promise: 'nat-gateway' }).findings).toEqual([
      'cannot prove: Extras (AWS::CloudFormation::Stack) is a nested stack: its template (not read here) may create routes or change the network',
    ]);
  });
});
