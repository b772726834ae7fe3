import { contractAfter } from './fixtures';

describe("existing-network: the customer's network, assumptions stated", () => {
  test('passes and states what it assumes', () => {
    const report = contractAfter('existing-network', () => undefined);
    expect(report.holds).toBe(true);
    expect(report.paths.map((p) => [p.az, p.internet])).toEqual([['unknown AZ', 'decided by the network of parameter ExistingSubnetIds (not in the template)']]);
    expect(report.assumptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the agent subnets \(parameter ExistingSubnetIds\) exist in the chosen VPC and route to everything the agent needs/),
        expect.stringMatching(/^assignPublicIp is parameter AssignPublicIp: with ENABLED the subnets must be public/),
        expect.stringMatching(/HTTPS proxy \(.*HTTPS_PROXY.*\) is reachable/),
      ]),
    );
  });

  test('an inbound rule on the security group it creates still fails', () => {
    const report = contractAfter('existing-network', (t) => {
      t.Resources.AgentSecurityGroup.Properties!.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }];
    });
    expect(report.findings).toEqual(['AgentSecurityGroup: inbound rule tcp port 443 from 0.0.0.0/0; the agent security group must have no inbound rules']);
  });
});
