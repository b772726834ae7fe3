import type { CatalogConfig } from '../../config/schema';
import { imageRegistryDomains } from '../network-firewall/allowed-domains';
import { ecrRepositoryArn } from '../runtime/image';
import { DISTRIBUTION_PARAMETERS } from './member-account';

/** The value of every distribution parameter (products/shared/member-account.ts) in one region. */
export type DistributionValues = Record<keyof typeof DISTRIBUTION_PARAMETERS, string | string[]>;

/**
 * What the member-account stack writes under DISTRIBUTION_PARAMETER_PATH in each portfolio region of the
 * configuration: the products read these at launch instead of embedding them in their templates.
 */
export function distributionValues(config: CatalogConfig): Record<string, DistributionValues> {
  const { agent } = config;
  return Object.fromEntries(
    config.portfolio.regions.map((region) => [
      region,
      {
        agentImage: agent.image,
        agentImageRepositoryArn: ecrRepositoryArn(agent.image) ?? 'none',
        vendorRoleArn: agent.vendorRoleArn,
        egressDomains: [...new Set([...agent.vendorDomains, ...imageRegistryDomains(agent.image)])],
        credentialsPrefix: agent.credentialsPrefix,
      },
    ]),
  );
}
