import { CfnRule, Fn } from 'aws-cdk-lib';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

/**
 * Template Rules: parameter combinations that cannot work are refused before CloudFormation creates anything.
 *
 * What Rules cannot check is stated as an assumption instead (network-assumptions.ts): Rules read only a few
 * attributes of AWS-typed parameters (subnets: VpcId, AvailabilityZone, tags; security groups: tags only), so
 * "the security groups belong to this VPC" and anything about routes are out of their reach
 * (CloudFormation user guide, "Rules function reference", supported attributes).
 */
export function addNetworkRules(stack: CatalogProductStack, p: { vpcId: string; proxyUrl: string; proxyExclusions: string }): void {
  new CfnRule(stack, 'SubnetsInChosenVpc', {
    assertions: [
      {
        assert: Fn.conditionEachMemberEquals(Fn.valueOfAll('AWS::EC2::Subnet::Id', 'VpcId'), p.vpcId),
        assertDescription: 'Every subnet in ExistingSubnetIds must belong to the VPC chosen in ExistingVpcId.',
      },
    ],
  });
  new CfnRule(stack, 'ProxyExclusionsNeedProxy', {
    ruleCondition: Fn.conditionNot(Fn.conditionEquals(p.proxyExclusions, '')),
    assertions: [
      {
        assert: Fn.conditionNot(Fn.conditionEquals(p.proxyUrl, '')),
        assertDescription: 'ProxyExclusions only apply to a proxy: set ProxyUrl, or leave ProxyExclusions empty.',
      },
    ],
  });
}
