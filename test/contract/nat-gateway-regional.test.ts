import { analyzeContract, type ContractReport } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { productTemplate } from '../support/catalog';
import { props } from './fixtures';

// The regional mode is in the current code only (not released yet): these cases break copies of the current template.
const current = productTemplate('nat-gateway') as unknown as CfnTemplate;

function contractAfter(change: (t: CfnTemplate) => void): ContractReport {
  const template = structuredClone(current);
  change(template);
  return analyzeContract(template, 'nat-gateway (broken copy)');
}

/** The AvailabilityZoneAddresses entries of the regional NAT gateway. */
const zoneAddresses = (t: CfnTemplate) => props(t, 'RegionalNatGateway').AvailabilityZoneAddresses as Record<string, unknown>[];

describe('nat-gateway regional mode: every agent egress leaves through the regional gateway on an allowlisted address', () => {
  test('the current template holds in every scenario, regional included', () => {
    const report = contractAfter(() => undefined);
    expect(report.findings).toEqual([]);
    expect(report.holds).toBe(true);
  });

  test('a regional NAT gateway in automatic address mode (no AvailabilityZoneAddresses) is caught', () => {
    const report = contractAfter((t) => {
      delete props(t, 'RegionalNatGateway').AvailabilityZoneAddresses;
    });
    expect(report.holds).toBe(false);
    expect(report.findings).toContain(
      'RegionalNatGateway: regional NAT gateway in automatic address mode (no AvailabilityZoneAddresses): AWS adds Availability Zones and Elastic IPs to it by itself, ' +
        'so the allowlisted egress addresses can change without a launch; list every agent AZ with its Elastic IP (manual mode) (when NatGatewayMode="regional")',
    );
  });

  test('an agent AZ missing from AvailabilityZoneAddresses is caught', () => {
    const report = contractAfter((t) => {
      zoneAddresses(t).pop();
    });
    expect(report.findings).toContain(
      'RegionalNatGateway: AvailabilityZoneAddresses has no entry for AZ 2 of agent subnet AgentSubnet2; its egress has no allowlisted address (when NatGatewayMode="regional")',
    );
  });

  test("an AZ's Elastic IP that is no output is caught", () => {
    const report = contractAfter((t) => {
      t.Resources.UnlistedAddress = { Type: 'AWS::EC2::EIP', Condition: 'RegionalNatGatewayMode', Properties: { Domain: 'vpc' } };
      zoneAddresses(t)[1].AllocationIds = [{ 'Fn::GetAtt': ['UnlistedAddress', 'AllocationId'] }];
    });
    expect(report.findings).toEqual(['UnlistedAddress: no output gives this NAT Elastic IP for allowlisting (when NatGatewayMode="regional")']);
  });

  test('a VPC without an internet gateway attachment is caught', () => {
    const report = contractAfter((t) => {
      delete t.Resources.InternetGatewayAttachment;
    });
    expect(report.findings).toContain(
      "RegionalNatGateway: the VPC has no internet gateway attachment; a regional NAT gateway reaches the internet through the VPC's internet gateway (when NatGatewayMode=\"regional\")",
    );
  });
});
