/**
 * Which property of a resource type is its custom name: the physical name CloudFormation otherwise generates.
 *
 * "You can't perform an update that causes a custom-named resource to be replaced. If you must replace the resource,
 * specify a new name." (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html);
 * the update fails with "CloudFormation cannot update a stack when a custom-named resource requires replacing"
 * (https://repost.aws/knowledge-center/cloudformation-custom-name), because the replacement is created, under the same
 * name, before the old resource is deleted.
 *
 * Derived from the service spec: a create-only ('yes') property named `Name` or `<suffix of the type name>Name`
 * (RuleGroup → RuleGroupName, LogGroup → LogGroupName, SecurityGroup → GroupName, Role → RoleName). That rule keeps
 * out properties that name *another* resource (AWS::EC2::FlowLog LogGroupName, AWS::EC2::VPCEndpoint ServiceName).
 * The other create-only parts of the primary identifier scope the name (a metric filter's name is unique per log
 * group). Exceptions by hand are below, each with its reason.
 */
import { resourceSpec } from './spec';

export interface CustomName {
  /** The property holding the name, e.g. RuleGroupName. */
  readonly property: string;
  /** Create-only properties the name is unique within (the rest of the primary identifier), e.g. LogGroupName. */
  readonly scope: readonly string[];
}

/** Names that do not end in Name, or whose scope the spec does not say (the primary identifier is an ARN). */
const ADDED: Readonly<Record<string, CustomName>> = {
  // DB identifiers are the instance's and cluster's names (the AWS::RDS::DBInstance page: "If you specify a name, you
  // can't perform updates that require replacement of this resource").
  'AWS::RDS::DBInstance': { property: 'DBInstanceIdentifier', scope: [] },
  'AWS::RDS::DBCluster': { property: 'DBClusterIdentifier', scope: [] },
  'AWS::ElastiCache::ReplicationGroup': { property: 'ReplicationGroupId', scope: [] },
  // An alias name is unique per function; the spec's primary identifier is the alias ARN, which hides that.
  'AWS::Lambda::Alias': { property: 'Name', scope: ['FunctionName'] },
};

/**
 * Types the derivation matches that are not failures of this kind. An inline policy (PutRolePolicy and friends) with an
 * existing name overwrites it instead of failing; its replacement is a different hazard (the old copy's deletion
 * removes the policy just written) that this analysis does not claim to model.
 */
const EXCLUDED = new Set(['AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy']);

const cache = new Map<string, CustomName | undefined>();

/** The custom-name property of `resourceType`, or undefined when it has none (or the spec does not know the type). */
export function customNameOf(resourceType: string): CustomName | undefined {
  if (!cache.has(resourceType)) cache.set(resourceType, derive(resourceType));
  return cache.get(resourceType);
}

function derive(resourceType: string): CustomName | undefined {
  if (EXCLUDED.has(resourceType)) return undefined;
  if (ADDED[resourceType]) return ADDED[resourceType];
  const spec = resourceSpec(resourceType);
  if (!spec) return undefined;
  const candidates = nameCandidates(resourceType);
  // Longest candidate first: AWS::Logs::LogGroup has LogGroupName, never a bare Name as well.
  const property = candidates.find((name) => spec.properties[name]?.causesReplacement === 'yes');
  if (!property) return undefined;
  const scope = (spec.primaryIdentifier ?? []).filter((id) => id !== property && spec.properties[id]?.causesReplacement === 'yes');
  return { property, scope };
}

/** `RuleGroupName`, `GroupName`, `Name` for AWS::NetworkFirewall::RuleGroup, longest first. */
export function nameCandidates(resourceType: string): string[] {
  const typeName = resourceType.split('::')[2] ?? '';
  // Words of a CamelCase name; an acronym run (VPC, DB) is one word.
  const words = typeName.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [];
  return [...words.map((_, i) => `${words.slice(i).join('')}Name`), 'Name'];
}
