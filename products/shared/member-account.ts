/**
 * What a product template expects to find in the account and region it is launched in, written there by the
 * member-account stack (`portfolios/launch-role-stack.ts`, deployed in every launching account and portfolio region,
 * directly or through the launch-role StackSet). Products read these by fixed name, so a released version's template
 * is the same for every distribution: what a distribution chooses (its copy of the agent image, the vendor role, the
 * vendor domains) lives in the member account, not in the template.
 */

/** Managed policy every IAM role a product creates carries as its permissions boundary (created with the launch role). */
export const PRODUCT_ROLE_BOUNDARY_NAME = 'AgentNetworkCatalogProductRoleBoundary';

/** SSM Parameter Store path under which the member-account stack writes the distribution's settings. */
export const DISTRIBUTION_PARAMETER_PATH = '/agent-network-catalog/distribution';

/** The distribution settings, one SSM parameter each (names under DISTRIBUTION_PARAMETER_PATH). */
export const DISTRIBUTION_PARAMETERS = {
  /** String: the agent image URI to run in this region. */
  agentImage: `${DISTRIBUTION_PARAMETER_PATH}/agent-image`,
  /** String: ECR repository ARN of that image, or "none" when the image is not in a private ECR registry. */
  agentImageRepositoryArn: `${DISTRIBUTION_PARAMETER_PATH}/agent-image-repository-arn`,
  /** String: the vendor role the agent's job role may assume. */
  vendorRoleArn: `${DISTRIBUTION_PARAMETER_PATH}/vendor-role-arn`,
  /** StringList: domains the agent must reach (vendor domains and the image registry's domains in this region). */
  egressDomains: `${DISTRIBUTION_PARAMETER_PATH}/egress-domains`,
  /** String: the default name prefix of the data-source credentials in Parameter Store / Secrets Manager. */
  credentialsPrefix: `${DISTRIBUTION_PARAMETER_PATH}/credentials-prefix`,
} as const;
