/**
 * Updates CloudFormation refuses (issue 13 classes 11 and 12): a replacement of a custom-named resource, and any
 * creation of a resource of which one per scope may exist while the old one still exists. The report must say the
 * update fails, not only "replaced".
 */
import * as fs from 'fs';
import { snapshotFile } from '../../products/versioning/release-records';
import { analyzeUpgrade, renderUpgradeReport, type CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { customNameOf } from '../../scripts/analyzers/upgrade-diff/names';
import { natGatewayV1, only, props, variant } from './fixtures';

const released = (product: 'network-firewall' | 'private-link', version: string): CfnTemplate =>
  JSON.parse(fs.readFileSync(snapshotFile(product, version), 'utf8')) as CfnTemplate;

describe('custom-named resources that would be replaced fail the update', () => {
  test('the released firewall allowlist rule group (RuleGroupName from the stack name) cannot take a larger Capacity', () => {
    const from = released('network-firewall', 'v1.1.0');
    const to = variant((t) => {
      props(t, 'EgressDomainAllowlist').Capacity = 402;
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('breaking');
    const group = only(report.reasons, (f) => f.logicalId === 'EgressDomainAllowlist');
    expect(group).toMatchObject({
      severity: 'breaking',
      kind: 'resource-replaced',
      replacementPaths: ['Capacity'],
      updateFails: { conflictsWith: 'EgressDomainAllowlist', certain: true, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html' },
    });
    expect(group.message).toContain('The update will FAIL and roll back');
    expect(group.message).toContain('CloudFormation cannot update a stack when a custom-named resource requires replacing');
    const text = renderUpgradeReport(report, { from: 'v1.1.0', to: 'next' });
    expect(text).toContain('BREAKING: this upgrade needs a new major version, and the update will fail as written');
    expect(text).toContain('Will fail the update (CloudFormation refuses it and rolls the whole update back)\n  BREAKING  AWS::NetworkFirewall::RuleGroup EgressDomainAllowlist');
  });

  test('the released rule group under a new logical id keeps its RuleGroupName: created before the old one is deleted, it fails', () => {
    const from = released('network-firewall', 'v1.1.0');
    const to = variant((t) => {
      t.Resources.DomainAllowlist = t.Resources.EgressDomainAllowlist;
      delete t.Resources.EgressDomainAllowlist;
      const policy = props(t, 'EgressFirewallPolicy').FirewallPolicy as { StatefulRuleGroupReferences: Array<{ ResourceArn: unknown }> };
      policy.StatefulRuleGroupReferences[1].ResourceArn = { 'Fn::GetAtt': ['DomainAllowlist', 'RuleGroupArn'] };
    }, from);

    const group = only(analyzeUpgrade(from, to).reasons, (f) => f.logicalId === 'EgressDomainAllowlist');

    expect(group).toMatchObject({ renamedTo: 'DomainAllowlist', severity: 'breaking', updateFails: { conflictsWith: 'EgressDomainAllowlist' } });
  });

  test('the same Capacity change with a new RuleGroupName is an ordinary replacement', () => {
    const from = released('network-firewall', 'v1.1.0');
    const to = variant((t) => {
      props(t, 'EgressDomainAllowlist').Capacity = 402;
      props(t, 'EgressDomainAllowlist').RuleGroupName = { 'Fn::Sub': '${AWS::StackName}-allowed-domains-402' };
    }, from);

    const group = only(analyzeUpgrade(from, to).reasons, (f) => f.logicalId === 'EgressDomainAllowlist');

    expect(group).toMatchObject({ severity: 'warning', kind: 'resource-replaced' });
    expect(group.updateFails).toBeUndefined();
    expect(group.replacementPaths).toEqual(['Capacity', 'RuleGroupName']);
  });

  test('an unnamed rule group whose Capacity rises is replaced without failing', () => {
    const from = variant((t) => {
      t.Resources.Drop = { Type: 'AWS::NetworkFirewall::RuleGroup', Properties: { Type: 'STATEFUL', Capacity: 10, RuleGroup: { RulesSource: { RulesString: 'drop udp any any -> any any (sid:1;)' } } } };
    });
    const to = variant((t) => {
      props(t, 'Drop').Capacity = 20;
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('compatible');
    expect(only(report.reasons, (f) => f.logicalId === 'Drop')).toMatchObject({ severity: 'warning', kind: 'resource-replaced' });
    expect(report.reasons.some((f) => f.updateFails)).toBe(false);
  });

  test('a named security group whose description changes is critical and fails the update', () => {
    const from = variant((t) => {
      props(t, 'AgentSecurityGroup').GroupName = 'agent-jobs';
    });
    const to = variant((t) => {
      props(t, 'AgentSecurityGroup').GroupDescription = 'Agent jobs, no inbound';
    }, from);

    const group = only(analyzeUpgrade(from, to).reasons, (f) => f.logicalId === 'AgentSecurityGroup');

    expect(group).toMatchObject({ severity: 'critical', kind: 'identity-resource-replaced', updateFails: { conflictsWith: 'AgentSecurityGroup' } });
    expect(group.message).toContain('there can be only one AWS::EC2::SecurityGroup per GroupName (a custom name)');
  });

  test('a named compute environment that may be replaced (new subnets, a conditional property) may fail the update', () => {
    const from = variant((t) => {
      props(t, 'ComputeEnvironment').ComputeEnvironmentName = 'agent-jobs';
    });
    const to = variant((t) => {
      (props(t, 'ComputeEnvironment').ComputeResources as Record<string, unknown>).Subnets = [{ Ref: 'PublicSubnet1' }];
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('breaking');
    const environment = only(report.reasons, (f) => f.logicalId === 'ComputeEnvironment');
    expect(environment).toMatchObject({ severity: 'breaking', kind: 'resource-possibly-replaced', updateFails: { certain: false } });
    expect(environment.message).toContain('If it is replaced, the update will FAIL and roll back');
    expect(renderUpgradeReport(report, { from: 'a', to: 'b' })).toContain('BREAKING: this upgrade needs a new major version, and the update may fail as written');
  });

  test('a metric filter moved to another log group keeps its FilterName without a conflict: the name is unique per log group', () => {
    const from = variant((t) => {
      t.Resources.Other = { Type: 'AWS::Logs::LogGroup', Properties: {} };
      t.Resources.Errors = { Type: 'AWS::Logs::MetricFilter', Properties: { FilterName: 'errors', LogGroupName: { Ref: 'AgentLogGroup' }, FilterPattern: 'ERROR', MetricTransformations: [] } };
    });
    const to = variant((t) => {
      props(t, 'Errors').LogGroupName = { Ref: 'Other' };
    }, from);

    const filter = only(analyzeUpgrade(from, to).reasons, (f) => f.logicalId === 'Errors');

    expect(filter.kind).toBe('resource-replaced');
    expect(filter.updateFails).toBeUndefined();
  });

  test('which property is the custom name comes from the service spec, with the exceptions listed in names.ts', () => {
    expect(customNameOf('AWS::NetworkFirewall::RuleGroup')).toEqual({ property: 'RuleGroupName', scope: [] });
    expect(customNameOf('AWS::Logs::LogGroup')).toEqual({ property: 'LogGroupName', scope: [] });
    expect(customNameOf('AWS::EC2::SecurityGroup')).toEqual({ property: 'GroupName', scope: [] });
    expect(customNameOf('AWS::Scheduler::Schedule')).toEqual({ property: 'Name', scope: [] });
    expect(customNameOf('AWS::Logs::MetricFilter')).toEqual({ property: 'FilterName', scope: ['LogGroupName'] });
    // Properties that name another resource are not the resource's own name.
    expect(customNameOf('AWS::EC2::FlowLog')).toBeUndefined();
    expect(customNameOf('AWS::EC2::VPCEndpoint')).toBeUndefined();
    expect(customNameOf('AWS::EC2::VPC')).toBeUndefined();
    // Added and excluded by hand.
    expect(customNameOf('AWS::RDS::DBInstance')).toEqual({ property: 'DBInstanceIdentifier', scope: [] });
    expect(customNameOf('AWS::IAM::RolePolicy')).toBeUndefined();
  });
});

describe('resources unique per scope: the new one is created before the old one is deleted', () => {
  const withFlowLog = (): CfnTemplate =>
    variant((t) => {
      t.Resources.FlowLogGroup = { Type: 'AWS::Logs::LogGroup', Properties: {} };
      t.Resources.VpcFlowLog = {
        Type: 'AWS::EC2::FlowLog',
        Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: { Ref: 'FlowLogGroup' }, DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow' },
      };
    });

  test('a flow log renamed with the same resource, traffic type and destination fails the update', () => {
    const from = withFlowLog();
    const to = variant((t) => {
      t.Resources.AgentVpcFlowLog = t.Resources.VpcFlowLog;
      delete t.Resources.VpcFlowLog;
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('breaking');
    const log = only(report.reasons, (f) => f.logicalId === 'VpcFlowLog');
    expect(log).toMatchObject({ kind: 'resource-replaced', renamedTo: 'AgentVpcFlowLog', severity: 'breaking', updateFails: { conflictsWith: 'VpcFlowLog', certain: true } });
    expect(log.message).toContain('CloudFormation creates AgentVpcFlowLog before it deletes VpcFlowLog');
    expect(log.message).toContain('FlowLogAlreadyExists');
  });

  test('a renamed flow log that now logs only rejected traffic does not conflict', () => {
    const from = withFlowLog();
    const to = variant((t) => {
      t.Resources.RejectFlowLog = structuredClone(t.Resources.VpcFlowLog);
      props(t, 'RejectFlowLog').TrafficType = 'REJECT';
      delete t.Resources.VpcFlowLog;
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('compatible');
    expect(only(report.reasons, (f) => f.logicalId === 'VpcFlowLog')).toMatchObject({ kind: 'resource-replaced', renamedTo: 'RejectFlowLog' });
    expect(report.reasons.some((f) => f.updateFails)).toBe(false);
  });

  test('a flow log replaced in place (LogFormat is create-only) with the same destination fails too', () => {
    const from = withFlowLog();
    const to = variant((t) => {
      props(t, 'VpcFlowLog').LogFormat = '${srcaddr} ${dstaddr} ${action}';
    }, from);

    const log = only(analyzeUpgrade(from, to).reasons, (f) => f.logicalId === 'VpcFlowLog');

    expect(log).toMatchObject({ kind: 'resource-replaced', replacementPaths: ['LogFormat'], updateFails: { conflictsWith: 'VpcFlowLog' } });
    expect(log.message).toContain('CloudFormation creates the replacement before it deletes the old resource');
  });

  test('a second S3 gateway endpoint on the same route table fails; on another route table it is added', () => {
    const from = variant((t) => {
      t.Resources.PrivateRouteTable = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      t.Resources.OtherRouteTable = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      t.Resources.S3Endpoint = {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, VpcEndpointType: 'Gateway', RouteTableIds: [{ Ref: 'PrivateRouteTable' }] },
      };
    });
    const second = (routeTable: string) =>
      variant((t) => {
        t.Resources.S3EndpointForJobs = structuredClone(t.Resources.S3Endpoint);
        props(t, 'S3EndpointForJobs').RouteTableIds = [{ Ref: routeTable }];
        // Written as Fn::Join here, the same service name as the first endpoint's Fn::Sub.
        props(t, 'S3EndpointForJobs').ServiceName = { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] };
      }, from);

    const clash = only(analyzeUpgrade(from, second('PrivateRouteTable')).reasons, (f) => f.logicalId === 'S3EndpointForJobs');
    expect(clash).toMatchObject({ kind: 'resource-added', severity: 'breaking', updateFails: { conflictsWith: 'S3Endpoint' } });
    expect(clash.message).toContain('one gateway endpoint per service on a route table');

    const apart = analyzeUpgrade(from, second('OtherRouteTable'));
    expect(apart.verdict).toBe('compatible');
    expect(only(apart.reasons, (f) => f.logicalId === 'S3EndpointForJobs')).toMatchObject({ kind: 'resource-added', severity: 'info' });
  });

  test('the released private-link interface endpoints (private DNS on) cannot be renamed; the S3 gateway endpoint neither', () => {
    const from = released('private-link', 'v1.1.0');
    const to = variant((t) => {
      t.Resources.EcrApiInterfaceEndpoint = t.Resources.EcrApiEndpoint;
      delete t.Resources.EcrApiEndpoint;
      t.Resources.S3Endpoint = t.Resources.S3GatewayEndpoint;
      delete t.Resources.S3GatewayEndpoint;
    }, from);

    const report = analyzeUpgrade(from, to);

    expect(report.verdict).toBe('breaking');
    expect(only(report.reasons, (f) => f.logicalId === 'EcrApiEndpoint')).toMatchObject({ renamedTo: 'EcrApiInterfaceEndpoint', updateFails: { conflictsWith: 'EcrApiEndpoint' } });
    expect(only(report.reasons, (f) => f.logicalId === 'S3GatewayEndpoint')).toMatchObject({ renamedTo: 'S3Endpoint', updateFails: { conflictsWith: 'S3GatewayEndpoint' } });
  });

  test('a subnet route table association replaced for a new route table deletes first (delete_then_create); renamed, it fails', () => {
    const from = variant((t) => {
      t.Resources.RouteTableA = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      t.Resources.RouteTableB = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      t.Resources.PrivateAssociation = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PrivateSubnet1' }, RouteTableId: { Ref: 'RouteTableA' } } };
    });
    const moved = variant((t) => {
      props(t, 'PrivateAssociation').RouteTableId = { Ref: 'RouteTableB' };
    }, from);
    const renamed = variant((t) => {
      t.Resources.PrivateSubnet1Association = t.Resources.PrivateAssociation;
      delete t.Resources.PrivateAssociation;
    }, from);

    const replacement = only(analyzeUpgrade(from, moved).reasons, (f) => f.logicalId === 'PrivateAssociation');
    expect(replacement.kind).toBe('resource-replaced');
    expect(replacement.updateFails).toBeUndefined();

    const rename = only(analyzeUpgrade(from, renamed).reasons, (f) => f.logicalId === 'PrivateAssociation');
    expect(rename).toMatchObject({ renamedTo: 'PrivateSubnet1Association', updateFails: { conflictsWith: 'PrivateAssociation' } });
    expect(rename.message).toContain('one route table association per subnet');
  });

  test('a second route to the same destination in a route table fails; the same destination in a replaced route table does not', () => {
    const from = variant((t) => {
      t.Resources.PublicRouteTable = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      t.Resources.DefaultRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'PublicRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'NatGateway1' } } };
    });
    const renamed = variant((t) => {
      t.Resources.InternetRoute = t.Resources.DefaultRoute;
      delete t.Resources.DefaultRoute;
    }, from);
    // A new VPC replaces the route table (VpcId is create-only), so the renamed route goes into a new table.
    const newVpc = variant((t) => {
      props(t, 'Vpc').CidrBlock = '10.9.0.0/16';
    }, renamed);

    expect(only(analyzeUpgrade(from, renamed).reasons, (f) => f.logicalId === 'DefaultRoute').updateFails).toMatchObject({ conflictsWith: 'DefaultRoute', refusal: 'RouteAlreadyExists' });
    expect(only(analyzeUpgrade(from, newVpc).reasons, (f) => f.logicalId === 'DefaultRoute').updateFails).toBeUndefined();
  });
});

describe('a property written out with its documented default', () => {
  test('InstanceTenancy: default added to the VPC is no replacement (conditionally create-only, value unchanged)', () => {
    const report = analyzeUpgrade(natGatewayV1(), variant((t) => {
      props(t, 'Vpc').InstanceTenancy = 'default';
    }));

    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ kind: 'resource-modified', logicalId: 'Vpc', severity: 'info', changedProperties: ['InstanceTenancy'], defaultsWrittenOut: ['InstanceTenancy'] }),
    ]);
    expect(report.reasons[0].message).toContain('InstanceTenancy is only written out with its documented default, so its value does not change.');
  });

  test('InstanceTenancy: default removed again is no replacement either; dedicated added may replace the VPC', () => {
    const withDefault = variant((t) => {
      props(t, 'Vpc').InstanceTenancy = 'default';
    });
    expect(analyzeUpgrade(withDefault, natGatewayV1()).verdict).toBe('compatible');

    const dedicated = analyzeUpgrade(natGatewayV1(), variant((t) => {
      props(t, 'Vpc').InstanceTenancy = 'dedicated';
    }));
    expect(dedicated.verdict).toBe('breaking');
    expect(only(dedicated.reasons, (f) => f.logicalId === 'Vpc')).toMatchObject({ kind: 'identity-resource-possibly-replaced', replacementPaths: ['InstanceTenancy'] });
  });

  test("a create-only property added with its default (IAM Role Path '/') still replaces, and the message says why", () => {
    const report = analyzeUpgrade(natGatewayV1(), variant((t) => {
      props(t, 'JobRole').Path = '/';
    }));

    const role = only(report.reasons, (f) => f.logicalId === 'JobRole');
    expect(role).toMatchObject({ kind: 'resource-replaced', replacementPaths: ['Path'] });
    expect(role.message).toContain('Path (written out with its documented default; CloudFormation replaces a resource when a create-only property is added or removed, whatever its value)');
  });
});
