import { CfnCondition, CfnRule, Fn, type CfnParameter } from 'aws-cdk-lib';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import { NatEgressAddresses } from '../shared/nat-egress-addresses';

export const NAT_GROUP = 'NAT gateway egress';

/** NatGatewayMode values. */
export const NAT_MODES = ['single', 'per-az', 'regional'] as const;

/**
 * The launch choices of the NAT egress: which NAT gateways, and whether their Elastic IPs are new or the customer's
 * own. Conditions derive from them; template Rules reject the combinations that cannot work before any resource is
 * created.
 */
export class NatEgressParameters {
  readonly mode: CfnParameter;
  readonly addresses: NatEgressAddresses;
  /** NatGatewayMode is per-az: a second zonal NAT gateway in AZ 2. */
  readonly perAz: CfnCondition;
  /** NatGatewayMode is regional: one regional NAT gateway for both AZs instead of zonal ones. */
  readonly regional: CfnCondition;
  /** NatGatewayMode is single or per-az: zonal NAT gateway 1 in public subnet 1. */
  readonly zonal: CfnCondition;
  /** Two egress addresses (per-az: one per NAT gateway; regional: one per AZ of the regional gateway). */
  readonly twoAddresses: CfnCondition;

  constructor(stack: CatalogProductStack) {
    this.mode = stack.consoleParameters.add('NatGatewayMode', {
      group: NAT_GROUP,
      label: 'NAT gateways',
      description:
        'single: one NAT gateway in AZ 1 for both agent subnets (half the NAT cost, one egress IP; while AZ 1 is impaired, runs fail until it recovers). ' +
        'per-az: one NAT gateway in each AZ, each agent subnet leaves through its own AZ (two egress IPs to allowlist). ' +
        'regional: one regional NAT gateway serving both AZs, no public subnet in its path, with exactly one Elastic IP per AZ that never grows by itself ' +
        '(two egress IPs to allowlist; billed per AZ like per-az). Changing the mode on an update replaces the NAT gateway(s): keep your egress IPs by passing your own allocation ids.',
      type: 'String',
      // The agent is a scheduled batch job that tolerates a failed run; one IP is also simpler to allowlist.
      default: 'single',
      allowedValues: [...NAT_MODES],
    });
    this.perAz = new CfnCondition(stack, 'PerAzNatGateways', { expression: Fn.conditionEquals(this.mode.valueAsString, 'per-az') });
    this.regional = new CfnCondition(stack, 'RegionalNatGatewayMode', { expression: Fn.conditionEquals(this.mode.valueAsString, 'regional') });
    this.zonal = new CfnCondition(stack, 'ZonalNatGateways', { expression: Fn.conditionNot(this.regional) });
    this.twoAddresses = new CfnCondition(stack, 'TwoNatEgressAddresses', { expression: Fn.conditionOr(this.perAz, this.regional) });
    this.addresses = new NatEgressAddresses(stack, {
      group: NAT_GROUP,
      whereUsed: (n) => (n === 1 ? ' (AZ 1; the only one in single mode)' : ' (AZ 2; per-az and regional modes only)'),
      second: this.twoAddresses,
    });
    this.addRules(stack);
  }

  get allocationIds(): [CfnParameter, CfnParameter] {
    return this.addresses.allocationIds;
  }

  private addRules(stack: CatalogProductStack): void {
    const a = this.addresses;
    a.bothOrNeither(
      'PerAzAllocationIdsForBothOrNeither',
      'NatGatewayMode per-az runs two NAT gateways: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.',
      Fn.conditionEquals(this.mode.valueAsString, 'per-az'),
    );
    a.bothOrNeither(
      'RegionalAllocationIdsForBothOrNeither',
      'NatGatewayMode regional uses one Elastic IP per AZ: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.',
      Fn.conditionEquals(this.mode.valueAsString, 'regional'),
    );
    new CfnRule(stack, 'SingleNatUsesFirstAllocationId', {
      ruleCondition: Fn.conditionEquals(this.mode.valueAsString, 'single'),
      assertions: [
        {
          assert: a.empty(1),
          assertDescription:
            'NatGatewayMode single runs one NAT gateway: leave NatEgressAllocationId2 empty and give your allocation id in NatEgressAllocationId1.',
        },
      ],
    });
  }
}
