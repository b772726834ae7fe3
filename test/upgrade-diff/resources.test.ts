import { analyzeUpgrade, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { natGatewayV1, only, props, variant } from './fixtures';

describe('analyzeUpgrade: resources', () => {
  test('identical templates are compatible with no findings', () => {
    const report = analyzeUpgrade(natGatewayV1(), natGatewayV1());
    expect(report).toEqual({ verdict: 'compatible', scenarios: 1, reasons: [], summary: { added: 0, removed: 0, modified: 0, replaced: 0, possiblyReplaced: 0 } });
  });

  test('a template Metadata change (catalog version) is ignored', () => {
    const v2 = variant((t) => {
      t.Metadata = { AgentNetworkCatalog: { productId: 'nat-gateway', version: 'v1.1.0' } };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([]);
  });

  test('resource Metadata and DependsOn order changes are not reported', () => {
    const v2 = variant((t) => {
      t.Resources.Vpc.Metadata = { 'aws:cdk:path': 'NatGateway/Vpc/Resource' };
      t.Resources.ComputeEnvironment.DependsOn = ['AgentLogGroup', 'NatGateway1'];
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([]);
  });

  test('changing the EIP Domain replaces the Elastic IP and, through AllocationId, the NAT gateway', () => {
    const v2 = variant((t) => {
      props(t, 'NatEgressAddress1').Domain = 'standard';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    const eip = only(report.reasons, (f) => f.logicalId === 'NatEgressAddress1');
    expect(eip).toMatchObject({
      severity: 'critical',
      kind: 'identity-resource-replaced',
      resourceType: 'AWS::EC2::EIP',
      replacementPaths: ['Domain'],
    });
    expect(eip.message).toBe('Elastic IP NatEgressAddress1 would be replaced because Domain changes: the allowlisted egress IP changes.');
    const nat = only(report.reasons, (f) => f.logicalId === 'NatGateway1');
    expect(nat).toMatchObject({
      severity: 'critical',
      kind: 'identity-resource-replaced',
      replacementPaths: ['AllocationId'],
      replacedDependencies: ['NatEgressAddress1'],
    });
    expect(report.summary).toEqual({ added: 0, removed: 0, modified: 0, replaced: 2, possiblyReplaced: 0 });
  });

  test('a subnet CIDR change replaces the subnet (critical)', () => {
    const v2 = variant((t) => {
      props(t, 'PrivateSubnet1').CidrBlock = '10.0.129.0/24';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(only(report.reasons, (f) => f.severity === 'critical')).toMatchObject({
      kind: 'identity-resource-replaced',
      logicalId: 'PrivateSubnet1',
      resourceType: 'AWS::EC2::Subnet',
      replacementPaths: ['CidrBlock'],
    });
  });

  test('a VPC CIDR change cascades to every subnet and security group in it', () => {
    const v2 = variant((t) => {
      props(t, 'Vpc').CidrBlock = '10.1.0.0/16';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    const replaced = report.reasons.filter((f) => f.kind === 'identity-resource-replaced').map((f) => f.logicalId).sort();
    // NatGateway1 follows PublicSubnet1 (SubnetId is create-only).
    expect(replaced).toEqual(['AgentSecurityGroup', 'NatGateway1', 'PrivateSubnet1', 'PublicSubnet1', 'Vpc']);
    expect(only(report.reasons, (f) => f.logicalId === 'PublicSubnet1').replacedDependencies).toEqual(['Vpc']);
  });

  test('a replaced subnet referenced from a nested property makes the compute environment possibly replaced', () => {
    const v2 = variant((t) => {
      props(t, 'PrivateSubnet1').CidrBlock = '10.0.129.0/24';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    // The template does not change ComputeEnvironment, but ComputeResources.Subnets ('maybe') gets the new subnet id.
    expect(only(report.reasons, (f) => f.logicalId === 'ComputeEnvironment')).toMatchObject({
      severity: 'warning',
      kind: 'resource-possibly-replaced',
      replacementPaths: ['ComputeResources.Subnets'],
    });
  });

  test('renaming the EIP logical id is a replacement of the old EIP', () => {
    const v2 = variant((t) => {
      t.Resources.NatEip1 = t.Resources.NatEgressAddress1;
      delete t.Resources.NatEgressAddress1;
      props(t, 'NatGateway1').AllocationId = { 'Fn::GetAtt': ['NatEip1', 'AllocationId'] };
      t.Outputs!.NatEgressIp1.Value = { Ref: 'NatEip1' };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    const eip = only(report.reasons, (f) => f.logicalId === 'NatEgressAddress1');
    expect(eip).toMatchObject({ severity: 'critical', kind: 'identity-resource-replaced', renamedTo: 'NatEip1' });
    expect(eip.message).toContain('its logical id changes to NatEip1');
    // The new id is the replacement, not a separate addition; the NAT gateway follows (AllocationId is create-only).
    expect(report.reasons.some((f) => f.kind === 'resource-added')).toBe(false);
    expect(only(report.reasons, (f) => f.logicalId === 'NatGateway1').kind).toBe('identity-resource-replaced');
    expect(only(report.reasons, (f) => f.name === 'NatEgressIp1')).toMatchObject({ kind: 'output-changed', severity: 'warning' });
  });

  test('renaming a non-identity, stateless resource is a compatible replacement (warning)', () => {
    const v2 = variant((t) => {
      t.Resources.AgentJobRole = t.Resources.JobRole;
      delete t.Resources.JobRole;
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'resource-replaced', logicalId: 'JobRole', renamedTo: 'AgentJobRole', resourceType: 'AWS::IAM::Role' }),
    ]);
    expect(report.summary.replaced).toBe(1);
  });

  test('a LogGroup RetentionInDays change is an in-place update', () => {
    const v2 = variant((t) => {
      props(t, 'AgentLogGroup').RetentionInDays = 90;
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ severity: 'info', kind: 'resource-modified', logicalId: 'AgentLogGroup', identity: true, changedProperties: ['RetentionInDays'] }),
    ]);
    expect(report.summary.modified).toBe(1);
  });

  test("a subnet Ipv6CidrBlock change ('maybe') is a possible replacement of an identity resource: breaking", () => {
    const v2 = variant((t) => {
      props(t, 'PrivateSubnet1').Ipv6CidrBlock = '2001:db8::/64';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    const subnet = only(report.reasons, (f) => f.logicalId === 'PrivateSubnet1');
    expect(subnet).toMatchObject({ severity: 'breaking', kind: 'identity-resource-possibly-replaced', replacementPaths: ['Ipv6CidrBlock'] });
    expect(subnet.message).toContain('may be replaced');
    expect(report.summary.possiblyReplaced).toBe(1);
  });

  test("a nested 'maybe' property (ComputeResources.SecurityGroupIds) is a possible replacement: warning", () => {
    const v2 = variant((t) => {
      (props(t, 'ComputeEnvironment').ComputeResources as Record<string, unknown>).SecurityGroupIds = [{ Ref: 'OtherGroup' }];
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'resource-possibly-replaced', logicalId: 'ComputeEnvironment', replacementPaths: ['ComputeResources.SecurityGroupIds'] }),
    ]);
  });

  test('a nested updatable property (ComputeResources.MaxvCpus) is an in-place update', () => {
    const v2 = variant((t) => {
      (props(t, 'ComputeEnvironment').ComputeResources as Record<string, unknown>).MaxvCpus = 16;
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.reasons).toEqual([expect.objectContaining({ kind: 'resource-modified', logicalId: 'ComputeEnvironment', changedProperties: ['ComputeResources'] })]);
  });

  test('deleting the log group is critical; deleting a role is a warning; a retained resource is orphaned', () => {
    const v2 = variant((t) => {
      delete t.Resources.AgentLogGroup;
      delete t.Resources.JobRole;
      t.Resources.ComputeEnvironment.DependsOn = ['NatGateway1'];
    });
    const base = variant((t) => {
      t.Resources.Archive = { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: {} };
    });
    const report = analyzeUpgrade(base, v2);
    expect(report.verdict).toBe('breaking');
    expect(only(report.reasons, (f) => f.logicalId === 'AgentLogGroup')).toMatchObject({ severity: 'critical', kind: 'identity-resource-removed' });
    expect(only(report.reasons, (f) => f.logicalId === 'JobRole')).toMatchObject({ severity: 'warning', kind: 'resource-removed' });
    expect(only(report.reasons, (f) => f.logicalId === 'Archive')).toMatchObject({ severity: 'warning', kind: 'resource-orphaned' });
    expect(report.summary.removed).toBe(3);
  });

  test('deleting a stateful non-identity resource (S3 bucket) is breaking', () => {
    const base = variant((t) => {
      t.Resources.Archive = { Type: 'AWS::S3::Bucket', Properties: {} };
    });
    const report = analyzeUpgrade(base, natGatewayV1());
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'resource-removed', logicalId: 'Archive' })]);
    expect(report.reasons[0].message).toContain('the data it holds is lost');
  });

  test('a new resource is an info addition', () => {
    const v2 = variant((t) => {
      t.Resources.LogsEndpoint = { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.logs' } };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'info', kind: 'resource-added', logicalId: 'LogsEndpoint', resourceType: 'AWS::EC2::VPCEndpoint' })]);
    expect(report.summary.added).toBe(1);
  });

  test('the inputs are not mutated and the report is plain JSON', () => {
    const from = natGatewayV1();
    const to = variant((t) => {
      props(t, 'NatEgressAddress1').Domain = 'standard';
    });
    const snapshot: CfnTemplate[] = structuredClone([from, to]);
    const report = analyzeUpgrade(from, to);
    expect([from, to]).toEqual(snapshot);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
