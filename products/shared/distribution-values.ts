import type { CatalogConfig } from '../../config/schema';
import { awsServiceDomains, imageRegistryDomains, MAX_ALLOWED_DOMAINS, MAX_CUSTOMER_DOMAINS } from '../network-firewall/allowed-domains';
import { ecrRepositoryArn, parseEcrImage } from '../runtime/image';
import { DISTRIBUTION_PARAMETERS } from './member-account';

/** The value of every distribution parameter (products/shared/member-account.ts) in one region. */
export type DistributionValues = Record<keyof typeof DISTRIBUTION_PARAMETERS, string | string[]>;

/** The configuration fields the distribution values come from. */
type AgentView = Pick<CatalogConfig, 'agent' | 'portfolio'>;

/**
 * What the member-account stack writes under DISTRIBUTION_PARAMETER_PATH in each portfolio region of the
 * configuration: the products read these at launch instead of embedding them in their templates.
 */
export function distributionValues(config: AgentView): Record<string, DistributionValues> {
  const { agent } = config;
  return Object.fromEntries(
    config.portfolio.regions.map((region) => {
      const image = agentImageFor(config, region);
      return [
        region,
        {
          agentImage: image,
          agentImageRepositoryArn: ecrRepositoryArn(image) ?? 'none',
          vendorRoleArn: agent.vendorRoleArn,
          egressDomains: egressDomains(config, region),
          credentialsPrefix: agent.credentialsPrefix,
        },
      ];
    }),
  );
}

/**
 * The agent image of a portfolio region: `agent.images[region]`, else `agent.image`. The configuration check
 * (config/distribution-check.ts) makes sure every portfolio region has one.
 */
export function agentImageFor(config: AgentView, region: string): string {
  const image = config.agent.images?.[region] ?? config.agent.image;
  if (!image) throw new Error(`agent.image / agent.images: no agent image for the portfolio region ${region}`);
  return image;
}

/** Every image the configuration names (any region), without duplicates. */
export function configuredImages(config: Pick<CatalogConfig, 'agent'>): string[] {
  return [...new Set([...(config.agent.image ? [config.agent.image] : []), ...Object.values(config.agent.images ?? {})])];
}

/**
 * The domains the agent reaches beyond the launch region's AWS endpoints (which the firewall product adds itself,
 * awsServiceDomains): the vendor's domains, the image registry's host, and when the image is in the ECR of another
 * region that region's ECR API and layer bucket (ECR serves layers from `prod-<region>-starport-layer-bucket`, ECR
 * user guide "vpc-endpoints").
 */
export function egressDomains(config: AgentView, region: string): string[] {
  const image = agentImageFor(config, region);
  const ecr = parseEcrImage(image);
  const otherRegionEcr =
    ecr && ecr.region !== region
      ? [`api.ecr.${ecr.region}.${ecr.domainSuffix}`, `prod-${ecr.region}-starport-layer-bucket.s3.${ecr.region}.${ecr.domainSuffix}`]
      : [];
  return [...new Set([...config.agent.vendorDomains, ...imageRegistryDomains(image), ...otherRegionEcr])];
}

/** One reason a configuration cannot be distributed, with the field it is about. */
export interface DistributionProblem {
  readonly path: (string | number)[];
  readonly input: unknown;
  readonly message: string;
}

/**
 * What the build refuses about the distribution values of a configuration:
 * - a portfolio region without an image, or an `agent.images` region that is not a portfolio region;
 * - a region whose image the products cannot pull: private-link has no internet path, and its ECR interface
 *   endpoints reach only the launch region's ECR (VPC endpoints are regional: ECR user guide "vpc-endpoints"), so every
 *   portfolio region needs a private ECR image in that region (a Docker Hub image, or another region's ECR, has no path);
 * - more egress domains than the firewall allowlist's fixed capacity leaves room for.
 */
export function distributionProblems(config: AgentView): DistributionProblem[] {
  const { agent, portfolio } = config;
  const problems: DistributionProblem[] = [];
  for (const region of Object.keys(agent.images ?? {})) {
    if (!portfolio.regions.includes(region)) {
      problems.push({ path: ['agent', 'images', region], input: agent.images![region], message: `only portfolio regions: ${portfolio.regions.join(', ')}` });
    }
  }
  const missing = portfolio.regions.filter((region) => !agent.images?.[region] && !agent.image);
  if (missing.length) {
    problems.push({ path: ['agent', 'image'], input: agent.image, message: `an image for every portfolio region (agent.image, or agent.images per region); missing: ${missing.join(', ')}` });
    return problems;
  }
  for (const region of portfolio.regions) {
    const image = agentImageFor(config, region);
    const field = agent.images?.[region] ? ['agent', 'images', region] : ['agent', 'image'];
    const ecr = parseEcrImage(image);
    if (!ecr || ecr.region !== region) {
      const where = ecr ? `an image in the ECR of ${ecr.region}` : 'an image outside private ECR';
      problems.push({
        path: field,
        input: image,
        message:
          `a private ECR image in ${region} for the portfolio region ${region} (this is ${where}): the private-link product has no ` +
          `internet path and its ECR interface endpoints reach only the launch region's ECR, so it cannot pull this image in ${region}. ` +
          `Replicate the repository to ${region} (ECR cross-region replication) and name the replica in agent.images.${region}`,
      });
    }
    const domains = egressDomains(config, region);
    const room = MAX_ALLOWED_DOMAINS - MAX_CUSTOMER_DOMAINS - awsServiceDomains().length;
    if (domains.length > room) {
      const vendorRoom = room - (domains.length - agent.vendorDomains.length);
      problems.push({
        path: ['agent', 'vendorDomains'],
        input: `${agent.vendorDomains.length} domains`,
        message:
          `at most ${vendorRoom} in ${region} (the network-firewall allowlist holds ${MAX_ALLOWED_DOMAINS} domains: ${MAX_CUSTOMER_DOMAINS} reserved for ` +
          `the customer's AdditionalAllowedDomains parameter, ${awsServiceDomains().length} for the launch region's AWS endpoints, ` +
          `${domains.length - agent.vendorDomains.length} for the image registry)`,
      });
    }
  }
  return problems;
}
