import { CfnCondition, CfnRule, Fn, type CfnParameter } from 'aws-cdk-lib';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

export const NAT_GROUP = 'NAT gateway egress';

/** Empty, or an Elastic IP allocation id (8 or 17 hex digits, like every EC2 id). */
export const EIP_ALLOCATION_ID_OR_EMPTY = '^$|^eipalloc-([0-9a-f]{8}|[0-9a-f]{17})$';

/**
 * The launch choices of the NAT egress: how many NAT gateways, and whether their Elastic IPs are new or the
 * customer's own. Conditions derive from them; template Rules reject the combinations that cannot work before any
 * resource is created.
 */
export class NatEgressParameters {
  readonly mode: CfnParameter;
  readonly allocationIds: [CfnParameter, CfnParameter];
  /** NatGatewayMode is per-az: a second NAT gateway in AZ 2. */
  readonly perAz: CfnCondition;
  /** Per NAT gateway that exists: no allocation id given, so the product allocates a new Elastic IP. */
  readonly newAddress: [CfnCondition, CfnCondition];
  /** Per NAT gateway that exists: it uses the customer's own Elastic IP (NatEgressAllocationIdN). */
  readonly ownAddress: [CfnCondition, CfnCondition];

  constructor(stack: CatalogProductStack) {
    const p = stack.consoleParameters;
    this.mode = p.add('NatGatewayMode', {
      group: NAT_GROUP,
      label: 'NAT gateways',
      description:
        'single: one NAT gateway in AZ 1 for both agent subnets (half the NAT cost, one egress IP; while AZ 1 is impaired, runs fail until it recovers). ' +
        'per-az: one NAT gateway in each AZ, each agent subnet leaves through its own AZ (two egress IPs to allowlist).',
      type: 'String',
      // The agent is a scheduled batch job that tolerates a failed run; one IP is also simpler to allowlist.
      default: 'single',
      allowedValues: ['single', 'per-az'],
    });
    const allocationId = (n: 1 | 2, which: string) =>
      p.add(`NatEgressAllocationId${n}`, {
        group: NAT_GROUP,
        label: `Existing Elastic IP for NAT gateway ${n} (optional)`,
        description:
          `Allocation id (eipalloc-...) of an Elastic IP you own in this region for NAT gateway ${n}${which}, so the egress IP your data sources ` +
          'allowlist survives terminating and re-launching this product. Empty: a new Elastic IP is allocated, kept or released on termination as ElasticIpsOnTermination says.',
        type: 'String',
        default: '',
        allowedPattern: EIP_ALLOCATION_ID_OR_EMPTY,
        constraintDescription: 'must be empty or an Elastic IP allocation id such as eipalloc-0123456789abcdef0',
      });
    this.allocationIds = [allocationId(1, ' (AZ 1; the only one in single mode)'), allocationId(2, ' (AZ 2; per-az mode only)')];

    this.perAz = new CfnCondition(stack, 'PerAzNatGateways', { expression: Fn.conditionEquals(this.mode.valueAsString, 'per-az') });
    const empty = (n: 0 | 1) => Fn.conditionEquals(this.allocationIds[n].valueAsString, '');
    this.newAddress = [
      new CfnCondition(stack, 'NewNatEgressAddress1', { expression: empty(0) }),
      new CfnCondition(stack, 'NewNatEgressAddress2', { expression: Fn.conditionAnd(this.perAz, empty(1)) }),
    ];
    this.ownAddress = [
      new CfnCondition(stack, 'OwnNatEgressAddress1', { expression: Fn.conditionNot(empty(0)) }),
      new CfnCondition(stack, 'OwnNatEgressAddress2', { expression: Fn.conditionAnd(this.perAz, Fn.conditionNot(empty(1))) }),
    ];
    this.addRules(stack, empty);
  }

  private addRules(stack: CatalogProductStack, empty: (n: 0 | 1) => ReturnType<typeof Fn.conditionEquals>): void {
    const [id1, id2] = this.allocationIds.map((a) => a.valueAsString);
    new CfnRule(stack, 'PerAzAllocationIdsForBothOrNeither', {
      ruleCondition: Fn.conditionEquals(this.mode.valueAsString, 'per-az'),
      assertions: [
        {
          // Half-supplied addresses would leave one AZ on an address nobody allowlisted.
          assert: Fn.conditionOr(Fn.conditionAnd(empty(0), empty(1)), Fn.conditionAnd(Fn.conditionNot(empty(0)), Fn.conditionNot(empty(1)))),
          assertDescription:
            'NatGatewayMode per-az runs two NAT gateways: give an Elastic IP allocation id in both NatEgressAllocationId1 and NatEgressAllocationId2, or leave both empty.',
        },
      ],
    });
    new CfnRule(stack, 'SingleNatUsesFirstAllocationId', {
      ruleCondition: Fn.conditionEquals(this.mode.valueAsString, 'single'),
      assertions: [
        {
          assert: empty(1),
          assertDescription:
            'NatGatewayMode single runs one NAT gateway: leave NatEgressAllocationId2 empty and give your allocation id in NatEgressAllocationId1.',
        },
      ],
    });
    new CfnRule(stack, 'DistinctAllocationIds', {
      ruleCondition: Fn.conditionNot(empty(0)),
      assertions: [
        {
          // An Elastic IP can be associated with one NAT gateway only.
          assert: Fn.conditionNot(Fn.conditionEquals(id1, id2)),
          assertDescription: 'NatEgressAllocationId1 and NatEgressAllocationId2 must be two different Elastic IPs.',
        },
      ],
    });
  }
}
