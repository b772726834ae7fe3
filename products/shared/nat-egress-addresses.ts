import { CfnCondition, CfnRule, Fn, type CfnParameter, type ICfnConditionExpression, type ICfnRuleConditionExpression } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CatalogProductStack } from './catalog-product-stack';
import type { ProductVpc } from './network';
import { keepElasticIpsCondition, retainWhen } from './termination';

/** Empty, or an Elastic IP allocation id (8 or 17 hex digits, like every EC2 id). */
export const EIP_ALLOCATION_ID_OR_EMPTY = '^$|^eipalloc-([0-9a-f]{8}|[0-9a-f]{17})$';

export interface NatEgressAddressOptions {
  /** The console group of the two allocation-id parameters. */
  readonly group: string;
  /** Where address n is used, for its parameter description: ` (AZ 1; the only one in single mode)`. */
  readonly whereUsed: (n: 1 | 2) => string;
  /** The condition under which a second NAT egress address exists; none: always (one NAT gateway per AZ). */
  readonly second?: CfnCondition;
}

/**
 * The customer's choice of egress address for each of two NAT egress addresses (one per AZ): a new Elastic IP the
 * product allocates, or an Elastic IP the customer owns (NatEgressAllocationIdN), so the address its data sources
 * allowlist survives terminating and re-launching the product. Shared by every product that allocates NAT egress
 * addresses (nat-gateway, network-firewall): the parameters, conditions and Rules are the same template text in each.
 */
export class NatEgressAddresses {
  readonly allocationIds: [CfnParameter, CfnParameter];
  /** Per address that exists: no allocation id given, so the product allocates a new Elastic IP. */
  readonly newAddress: [CfnCondition, CfnCondition];
  /** Per address that exists: the customer's own Elastic IP (NatEgressAllocationIdN). */
  readonly ownAddress: [CfnCondition, CfnCondition];

  constructor(
    private readonly stack: CatalogProductStack,
    options: NatEgressAddressOptions,
  ) {
    const allocationId = (n: 1 | 2) =>
      stack.consoleParameters.add(`NatEgressAllocationId${n}`, {
        group: options.group,
        label: `Existing Elastic IP for NAT gateway ${n} (optional)`,
        description:
          `Allocation id (eipalloc-...) of an Elastic IP you own in this region for NAT gateway ${n}${options.whereUsed(n)}, so the egress IP your data sources ` +
          'allowlist survives terminating and re-launching this product. Empty: a new Elastic IP is allocated, kept or released on termination as ElasticIpsOnTermination says.',
        type: 'String',
        default: '',
        allowedPattern: EIP_ALLOCATION_ID_OR_EMPTY,
        constraintDescription: 'must be empty or an Elastic IP allocation id such as eipalloc-0123456789abcdef0',
      });
    this.allocationIds = [allocationId(1), allocationId(2)];
    const exists = (second: ICfnConditionExpression) => (options.second ? Fn.conditionAnd(options.second, second) : second);
    this.newAddress = [
      new CfnCondition(stack, 'NewNatEgressAddress1', { expression: this.empty(0) }),
      new CfnCondition(stack, 'NewNatEgressAddress2', { expression: exists(this.empty(1)) }),
    ];
    this.ownAddress = [
      new CfnCondition(stack, 'OwnNatEgressAddress1', { expression: Fn.conditionNot(this.empty(0)) }),
      new CfnCondition(stack, 'OwnNatEgressAddress2', { expression: exists(Fn.conditionNot(this.empty(1))) }),
    ];
    new CfnRule(stack, 'DistinctAllocationIds', {
      ruleCondition: Fn.conditionNot(this.empty(0)),
      assertions: [
        {
          // An Elastic IP can be associated with one NAT gateway (or one AZ of a regional NAT gateway) only.
          assert: Fn.conditionNot(Fn.conditionEquals(this.allocationIds[0].valueAsString, this.allocationIds[1].valueAsString)),
          assertDescription: 'NatEgressAllocationId1 and NatEgressAllocationId2 must be two different Elastic IPs.',
        },
      ],
    });
  }

  /** NatEgressAllocationId(index+1) is empty. */
  empty(index: 0 | 1): ICfnConditionExpression & ICfnRuleConditionExpression {
    return Fn.conditionEquals(this.allocationIds[index].valueAsString, '');
  }

  /**
   * A Rule refusing a half-given pair where two addresses are used: one AZ would leave on an address nobody
   * allowlisted. `ruleCondition` says when both are used (none: always).
   */
  bothOrNeither(id: string, assertDescription: string, ruleCondition?: ICfnRuleConditionExpression): CfnRule {
    const [first, second] = [this.empty(0), this.empty(1)];
    return new CfnRule(this.stack, id, {
      ruleCondition,
      assertions: [
        {
          assert: Fn.conditionOr(Fn.conditionAnd(first, second), Fn.conditionAnd(Fn.conditionNot(first), Fn.conditionNot(second))),
          assertDescription,
        },
      ],
    });
  }

  /** The allocation id NAT egress address `index` uses: the customer's own, or that of the product's new Elastic IP. */
  allocationIdOf(index: 0 | 1, address: ec2.CfnEIP): string {
    return Fn.conditionIf(this.ownAddress[index].logicalId, this.allocationIds[index].valueAsString, address.attrAllocationId).toString();
  }
}

/**
 * NAT egress address n as a new Elastic IP, created only under `condition` (no own allocation id given). Kept on
 * termination unless ElasticIpsOnTermination says release: an allowlisted address released is gone for good, a kept one
 * costs the public IPv4 rate and is named by an output (to release, or to pass as NatEgressAllocationIdN on a re-launch).
 * The customer's own addresses (NatEgressAllocationIdN) are never touched.
 */
export function newNatEgressAddress(stack: CatalogProductStack, network: ProductVpc, n: 1 | 2, condition: CfnCondition, elasticIpGroup: string): ec2.CfnEIP {
  const address = new ec2.CfnEIP(stack, `NatEgressAddress${n}`, {
    domain: 'vpc',
    tags: [{ key: 'Name', value: Fn.sub(`\${AWS::StackName}-nat-${n}`) }],
  });
  address.cfnOptions.condition = condition;
  retainWhen(address, keepElasticIpsCondition(stack, elasticIpGroup));
  // An EIP in a VPC must wait for the internet gateway attachment (AWS::EC2::EIP, "DependsOn").
  address.node.addDependency(network.internetGateway().attachment);
  return address;
}
