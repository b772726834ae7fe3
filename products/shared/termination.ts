import { CfnCondition, Fn, type CfnParameter, type CfnResource } from 'aws-cdk-lib';
import type { CatalogProductStack } from './catalog-product-stack';

/**
 * What terminating a provisioned product keeps: its log groups (audit evidence) and the Elastic IPs it allocated
 * (addresses a data source allowlisted), each by a launch parameter.
 *
 * Mechanism: DeletionPolicy and UpdateReplacePolicy are `Fn::If` on a condition of that parameter, in the template
 * itself, with no `Transform`.
 * - The CloudFormation user guide documents intrinsic functions in these two attributes on the page of the
 *   AWS::LanguageExtensions transform ("Intrinsic function references in DeletionPolicy and UpdateReplacePolicy
 *   attributes", docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/function-refs-in-policy-attributes.html;
 *   Ref, Fn::FindInMap and Fn::If, resolving to a valid policy).
 * - CloudFormation has since supported them in its core language, without the transform: AWS's cfn-lint maintainers
 *   (aws-cloudformation/cfn-lint PR 2784, 2023-07: "CloudFormation is implementing this feature within the core
 *   language processing, so the feature will be available even without the Language Extensions transform"; issue
 *   2915, 2023-10: a template without the transform using Fn::Sub in DeletionPolicy "validated ... worked"), and the
 *   AWS SAM team removed SAM's own check for the same reason (aws/serverless-application-model PR 3317, 2023-08:
 *   "CFN has updated their core language to permit this use case"). cfn-lint 1.x (E3035) accepts Fn::If, Ref,
 *   Fn::FindInMap, Fn::Sub and Fn::Select there with or without the transform.
 * - A transform is what we avoid: it needs CAPABILITY_AUTO_EXPAND at CreateStack, and Service Catalog launches have
 *   failed with "InsufficientCapabilitiesException ... Requires capabilities : [CAPABILITY_AUTO_EXPAND]" for
 *   product templates with a transform (aws/aws-cdk issue 1887); the end user of a Service Catalog launch cannot
 *   acknowledge capabilities. The transform's own DeletionPolicy handling also fails for conditional resources
 *   (aws-cloudformation/cfn-language-discussion issue 124) — and our Elastic IPs are conditional.
 * Only parameters (through a condition) feed the Fn::If: no resource attribute, no AWS::StackName, which the RFC
 * (cfn-language-discussion RFC 0011) excludes.
 */

/** The launch parameter values, as the console shows them. */
export const KEEP = 'keep';
export const LOG_GROUPS_DISCARD = 'delete';
export const ELASTIC_IPS_DISCARD = 'release';

export const LOG_GROUPS_ON_TERMINATION = 'LogGroupsOnTermination';
export const ELASTIC_IPS_ON_TERMINATION = 'ElasticIpsOnTermination';

/**
 * The condition "keep the log groups" of the product (its parameter created on first use, in the Logs group).
 * Default keep: a customer with audit rules must be able to show what the agent did after the product is gone, and a
 * kept log group costs only its stored bytes until its retention (LogRetentionDays) expires them.
 */
export function keepLogGroupsCondition(stack: CatalogProductStack): CfnCondition {
  return condition(stack, LOG_GROUPS_ON_TERMINATION, 'KeepLogGroupsOnTermination', () =>
    stack.consoleParameters.add(LOG_GROUPS_ON_TERMINATION, {
      group: 'Logs',
      label: 'Log groups on termination',
      description:
        "keep (default, for audit rules): the product's log groups (agent runs; VPC flow and firewall logs where the product has them) stay after the product " +
        'is terminated (or a log group replaced), with their retention; they have generated names, so a re-launch never collides with them. ' +
        'Delete one yourself with aws logs delete-log-group. ' +
        'delete: terminating the product deletes them and their logs.',
      type: 'String',
      default: KEEP,
      allowedValues: [KEEP, LOG_GROUPS_DISCARD],
    }),
  );
}

/**
 * The condition "keep the Elastic IPs this product allocated" (its parameter created on first use, in `group`).
 * Default keep: an allowlisted address released on termination is gone for good (AWS cannot give a released address
 * back unless it is still unallocated), while a kept one costs the public IPv4 hourly rate until you release it.
 */
export function keepElasticIpsCondition(stack: CatalogProductStack, group: string): CfnCondition {
  return condition(stack, ELASTIC_IPS_ON_TERMINATION, 'KeepElasticIpsOnTermination', () =>
    stack.consoleParameters.add(ELASTIC_IPS_ON_TERMINATION, {
      group,
      label: 'Elastic IPs on termination',
      description:
        'keep (default): the Elastic IPs this product allocated stay in your account after termination, so the egress addresses your data sources ' +
        'allowlisted are not lost; they remain billable (public IPv4 hourly rate) until you release them (aws ec2 release-address --allocation-id ...) ' +
        'or reuse them. release: terminating the product releases them, and the addresses are gone for good. Addresses you brought yourself are never released.',
      type: 'String',
      default: KEEP,
      allowedValues: [KEEP, ELASTIC_IPS_DISCARD],
    }),
  );
}

/** DeletionPolicy and UpdateReplacePolicy Retain while `keep` holds, Delete otherwise (cfn-lint W3011 wants both). */
export function retainWhen(resource: CfnResource, keep: CfnCondition): void {
  const policy = Fn.conditionIf(keep.logicalId, 'Retain', 'Delete');
  resource.addOverride('DeletionPolicy', policy);
  resource.addOverride('UpdateReplacePolicy', policy);
}

function condition(stack: CatalogProductStack, parameterId: string, conditionId: string, create: () => CfnParameter): CfnCondition {
  const existing = stack.node.tryFindChild(conditionId);
  if (existing) return existing as CfnCondition;
  const parameter = (stack.node.tryFindChild(parameterId) as CfnParameter | undefined) ?? create();
  return new CfnCondition(stack, conditionId, { expression: Fn.conditionEquals(parameter.valueAsString, KEEP) });
}
