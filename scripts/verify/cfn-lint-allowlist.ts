/**
 * cfn-lint findings the catalog accepts, each with the reason that holds for that template and resource. An accepted
 * finding is not listed by `catalog verify` (it is counted in the check's `allowed` column); every other cfn-lint
 * error fails verify and every other warning is listed. Released product versions never change, so a finding on a
 * locked snapshot cannot be fixed in its template: it is listed here, for exactly that product and version. No entry
 * accepts a rule everywhere.
 */
export interface CfnLintAllowance {
  /** cfn-lint rule id, e.g. W3005. */
  readonly rule: string;
  /** Product id or stack name; a trailing `*` matches any end (the per-region portfolio stacks AgentNetworkCatalog-<region>). */
  readonly template: string;
  /** Product version (exact), or '-' for stacks. */
  readonly version: string;
  /** Logical id (of a resource, parameter, output, condition or mapping); '-' for the template as a whole. */
  readonly resource: string;
  /** The start of the path under the resource, e.g. 'DependsOn' or 'Properties/Role'. */
  readonly path?: string;
  /** A part of cfn-lint's message, when the resource has several findings of the rule and only one is accepted. */
  readonly message?: string;
  readonly reason: string;
}

const PORTFOLIO_STACKS = 'AgentNetworkCatalog-*';

/**
 * aws-cdk-lib's lambda.Function makes the function DependsOn its service role and the role's DefaultPolicy (so the
 * policy exists before the function can be invoked); the role is also a Fn::GetAtt of the function's Role, so
 * cfn-lint W3005 calls that one dependency redundant. It is emitted by aws-cdk-lib (the Provider framework's
 * onEvent function and our handlers alike), harmless, and the DefaultPolicy dependency next to it is needed.
 */
const cdkLambdaRoleDependency = (functionId: string, roleId: string, roleProperty = 'Role'): CfnLintAllowance => ({
  rule: 'W3005',
  template: PORTFOLIO_STACKS,
  version: '-',
  resource: functionId,
  path: 'DependsOn',
  message: `'${roleId}' dependency already enforced by a 'GetAtt' at 'Resources/${functionId}/Properties/${roleProperty}'`,
  reason: "aws-cdk-lib's lambda.Function adds DependsOn its service role next to the needed DependsOn its DefaultPolicy; redundant with the Role GetAtt, harmless, not ours to remove",
});

/**
 * products/versioning/status-resource/version-status.ts makes each product's version-status custom resource DependsOn its product on
 * purpose (tested: test/versioning/version-status.test.ts, "the custom resource depends on the product"), so the order
 * holds whatever its properties reference; the ProductId Ref and the ProvisioningArtifactIds GetAtt already imply
 * it, hence W3005 (reported once for each). Both findings of that one DependsOn entry are accepted, nothing else.
 */
const versionStatusProductDependency = (statusId: string, productId: string): CfnLintAllowance => ({
  rule: 'W3005',
  template: PORTFOLIO_STACKS,
  version: '-',
  resource: statusId,
  path: 'DependsOn',
  message: `'${productId}' dependency already enforced by a `,
  reason: 'the version-status custom resource depends on its product explicitly, by design and tested; redundant with its ProductId Ref, harmless',
});

export const CFN_LINT_ALLOWLIST: readonly CfnLintAllowance[] = [
  // The version-status custom resource of each portfolio stack (products/versioning/status-resource/version-status.ts).
  versionStatusProductDependency('PublicIpVersionStatus9E358837', 'PublicIp353CB097'),
  versionStatusProductDependency('NatGatewayVersionStatusBA8B34AB', 'NatGatewayA05201D3'),
  versionStatusProductDependency('NetworkFirewallVersionStatus7D7F2ED8', 'NetworkFirewallCA30712E'),
  versionStatusProductDependency('PrivateLinkVersionStatus9CDC7843', 'PrivateLinkE5A825BA'),
  versionStatusProductDependency('ExistingNetworkVersionStatus5CA24AAB', 'ExistingNetworkCF0D866C'),
  cdkLambdaRoleDependency('VersionStatusProviderHandler4B5972AF', 'VersionStatusProviderHandlerServiceRole75C5E0FF'),
  cdkLambdaRoleDependency('VersionStatusProviderframeworkonEventCD28C333', 'VersionStatusProviderframeworkonEventServiceRole88AA109A'),
  cdkLambdaRoleDependency('TagOptionProviderHandlerB4D7213F', 'TagOptionProviderHandlerServiceRoleD9B418FC'),
  cdkLambdaRoleDependency('TagOptionProviderframeworkonEvent16B7CB32', 'TagOptionProviderframeworkonEventServiceRole0E976E12'),
  // The organization-share custom resource (portfolios/governance), in configurations with organization / OU shares.
  cdkLambdaRoleDependency('GovernanceOrganizationSharesHandlerCC0F7594', 'GovernanceOrganizationSharesHandlerServiceRole06C8284B'),
  cdkLambdaRoleDependency('GovernanceOrganizationSharesProviderframeworkonEvent0EDBA04B', 'GovernanceOrganizationSharesProviderframeworkonEventServiceRole90AD5BFB'),
  cdkLambdaRoleDependency('GovernanceOrganizationSharesIsCompleteHandlerDDBCA655', 'GovernanceOrganizationSharesHandlerServiceRole06C8284B'),
  cdkLambdaRoleDependency('GovernanceOrganizationSharesProviderframeworkisCompleteE4F9A366', 'GovernanceOrganizationSharesProviderframeworkisCompleteServiceRoleD5518DBE'),
  cdkLambdaRoleDependency('GovernanceOrganizationSharesProviderframeworkonTimeout11D81F04', 'GovernanceOrganizationSharesProviderframeworkonTimeoutServiceRoleE0A5CFDB'),
  // The framework's waiter state machine depends on its role the same way (RoleArn).
  cdkLambdaRoleDependency('GovernanceOrganizationSharesProviderwaiterstatemachineC6C326F5', 'GovernanceOrganizationSharesProviderwaiterstatemachineRole115B32EA', 'RoleArn'),
  {
    rule: 'W3005',
    template: PORTFOLIO_STACKS,
    version: '-',
    resource: 'GovernanceOrganizationSharesE7A5355D',
    path: 'DependsOn',
    message: "'Portfolio856A4190' dependency already enforced by a 'Ref'",
    reason:
      'the share depends on the whole portfolio construct (products, constraints, TagOptions) so a complete portfolio is shared; that dependency list includes the portfolio resource itself, which its PortfolioId Ref already orders',
  },
];
