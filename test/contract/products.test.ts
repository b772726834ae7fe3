import { PRODUCTS } from '../../products/catalog';
import { analyzeContract } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { productTemplate, releasedTemplates } from '../support/catalog';
import { contractAfter, props } from './fixtures';

/** Every product of the catalog, current code and every released version, keeps its promise. */
describe.each(PRODUCTS.map((p) => p.id))('%s', (id) => {
  test('the current template and every released version keep the promise', () => {
    const reports = [analyzeContract(productTemplate(id) as CfnTemplate, `${id} current`), ...releasedTemplates(id).map((r) => analyzeContract(r.template as CfnTemplate, `${id} ${r.version}`))];
    for (const report of reports) expect([report.template, report.findings]).toEqual([report.template, []]);
    expect(reports[0].productId).toBe(id);
  });
});

describe('public-ip: egress straight to the internet gateway with a public IP', () => {
  test('paths per AZ', () => {
    const report = contractAfter('public-ip', () => undefined);
    expect(report.paths.map((p) => [p.az, p.internet])).toEqual([
      ['AZ 1', 'PublicSubnet1 [PublicSubnet1RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway)] → internet'],
      ['AZ 2', 'PublicSubnet2 [PublicSubnet2RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway)] → internet'],
    ]);
  });

  test('a task without a public IP is caught', () => {
    const report = contractAfter('public-ip', (t) => {
      ((props(t, 'AgentJobDefinition').ContainerProperties as Record<string, unknown>).NetworkConfiguration as Record<string, unknown>).AssignPublicIp = 'DISABLED';
    });
    expect(report.holds).toBe(false);
    expect(report.findings).toEqual([
      'AgentJobDefinition: assignPublicIp is DISABLED; a task in a public subnet without a public IP cannot use the internet gateway and there is no NAT',
    ]);
  });

  test('an inbound rule on the agent security group is caught', () => {
    const report = contractAfter('public-ip', (t) => {
      props(t, 'AgentSecurityGroup').SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }];
    });
    expect(report.findings).toEqual(['AgentSecurityGroup: inbound rule tcp port 22 from 0.0.0.0/0; the agent security group must have no inbound rules']);
  });

  test('an inbound rule added as a separate AWS::EC2::SecurityGroupIngress is caught too', () => {
    const report = contractAfter('public-ip', (t) => {
      t.Resources.SshIn = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['AgentSecurityGroup', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' } };
    });
    expect(report.findings).toEqual(['AgentSecurityGroup: inbound rule tcp port 22 from 10.0.0.0/8; the agent security group must have no inbound rules']);
  });
});

describe('security groups', () => {
  test('the agent security group is printed: no inbound rules, outbound open', () => {
    const report = contractAfter('public-ip', () => undefined);
    expect(report.agent?.securityGroupRules).toEqual(['AgentSecurityGroup: inbound none; outbound all to 0.0.0.0/0']);
  });
});
