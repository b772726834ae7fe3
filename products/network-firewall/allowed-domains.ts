import { Fn, Token } from 'aws-cdk-lib';

/**
 * The domains the egress firewall lets the agent reach over TLS (SNI) and HTTP (Host): what the agent itself needs
 * (the distribution's egress domains and the AWS endpoints of the launch region) plus the customer's own list.
 */

/** How many domains a customer may add at launch (the AllowedDomains parameter). */
export const MAX_CUSTOMER_DOMAINS = 50;

/**
 * The most domains the allowlist rule group holds, defaults included. Its capacity is derived from this and is fixed
 * when the rule group is created (Network Firewall developer guide, "nwfw-rule-group-capacity"): a later version that
 * changed it would replace the named rule group, which fails. Never lower it; the build fails if the defaults and the
 * customer's maximum no longer fit.
 */
export const MAX_ALLOWED_DOMAINS = 100;

/** Both protocols the domain list inspects; a domain list without HTTP_HOST would let plain HTTP through unchecked. */
export const DOMAIN_TARGET_TYPES = ['TLS_SNI', 'HTTP_HOST'];

/**
 * A domain-list rule group consumes one unit per domain and protocol plus one per protocol (measured, not documented:
 * 99 HTTP-only domains fill a capacity of 100).
 */
export function domainListCapacity(maxDomains: number): number {
  return maxDomains * DOMAIN_TARGET_TYPES.length + DOMAIN_TARGET_TYPES.length;
}

/** One domain as Network Firewall accepts it: lower case, a leading dot for the domain and all its subdomains. */
const DOMAIN = '\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}';

/** Empty, or up to MAX_CUSTOMER_DOMAINS domains separated by commas (no spaces). */
export const CUSTOMER_DOMAINS_PATTERN = `^$|^${DOMAIN}(,${DOMAIN}){0,${MAX_CUSTOMER_DOMAINS - 1}}$`;

/**
 * AWS endpoints the agent's Fargate task calls in the region it is launched in, built with Fn::Sub so the template
 * stays region-agnostic. On platform 1.4 Fargate pulls the image and ships awslogs through the task's own network
 * interface, so those calls cross the firewall too (ECS developer guide, "fargate-task-networking").
 */
export function awsServiceDomains(): string[] {
  return [
    // ECR authorization (GetAuthorizationToken) and the image layers, which ECR serves from its own S3 bucket. Only that
    // bucket: a wildcard on the regional S3 name would open every bucket in the region (ECR user guide, "vpc-endpoints").
    'api.ecr.${AWS::Region}.amazonaws.com',
    'prod-${AWS::Region}-starport-layer-bucket.s3.${AWS::Region}.amazonaws.com',
    'logs.${AWS::Region}.amazonaws.com',
    // The agent assumes the vendor role through the regional STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional).
    'sts.${AWS::Region}.amazonaws.com',
    'ssm.${AWS::Region}.amazonaws.com',
    'secretsmanager.${AWS::Region}.amazonaws.com',
  ].map((domain) => Fn.sub(domain));
}

const DOCKER_HUB = ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com'];

/**
 * The registry the agent image is pulled from: its host name (an ECR registry is named by account and region), or
 * Docker Hub's registry, token and blob hosts for an image without a registry host.
 */
export function imageRegistryDomains(image: string): string[] {
  const first = image.split('/')[0];
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!isHost) return DOCKER_HUB;
  return [first.replace(/:\d+$/, '')];
}

/**
 * The allowlist as a template expression: the distribution's egress domains (a list read at launch from SSM: vendor
 * domains and image registry, products/shared/distribution-values.ts), the launch region's AWS endpoints, and the
 * customer's comma-separated domains when given. Nothing of a configuration is in it, so the template is the same for
 * every distribution. Its size is checked at build time per portfolio region (distributionProblems) against
 * MAX_ALLOWED_DOMAINS, which the rule group's capacity is derived from.
 */
export function allowedDomainsExpression(distributionDomains: string[], customerDomains: string, hasCustomerDomains: string): string[] {
  const own = [Fn.join(',', distributionDomains), ...awsServiceDomains()];
  return Token.asList(
    Fn.conditionIf(hasCustomerDomains, Fn.split(',', Fn.join(',', [...own, customerDomains])), Fn.split(',', Fn.join(',', own))),
  );
}
