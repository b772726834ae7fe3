import type { CatalogConfig } from '../../../config/schema';
import { configuredImages } from '../../../products/shared/distribution-values';
import { isProduct } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

/**
 * A product template launches in any account and region: no CDK assets or bootstrap references, no values a context
 * lookup froze into it (resource ids such as vpc-0abc…), no account id, region or AZ name of its own. Only what
 * deploys is read (resources, conditions, mappings, rules, outputs; parameter descriptions may cite examples), and the
 * vendor references of the configuration (agent image, vendor role ARN) are allowed.
 */
export const selfContainedCheck: VerifyCheck = {
  id: 'self-contained',
  description: 'no assets, no lookups, no hard-coded account, region or AZ in product templates',
  applies: isProduct,
  perTemplate: (t, context) => selfContainedProblems(t, context.config),
};

const RULES: { rule: string; pattern: RegExp; what: string }[] = [
  { rule: 'no-assets', pattern: /cdk-[a-z0-9]+-assets|AssetParameters|BootstrapVersion|CDKMetadata|aws:cdk:/g, what: 'a CDK asset, bootstrap or metadata reference' },
  { rule: 'no-lookups', pattern: /\b(vpc|subnet|sg|rtb|igw|nat|eipalloc|vpce|ami|pl|tgw)-[0-9a-f]{8,17}\b/g, what: 'a resource id frozen into the template (context lookup?)' },
  { rule: 'no-account', pattern: /\b\d{12}\b/g, what: 'a hard-coded account id' },
  {
    rule: 'no-region',
    pattern: /\b[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d[a-z]?\b/g,
    what: 'a hard-coded region or availability zone',
  },
];

export function selfContainedProblems(t: VerifiedTemplate, config: Pick<CatalogConfig, 'agent'>): VerifyFinding[] {
  const findings: VerifyFinding[] = [];
  const sections = { Resources: t.template.Resources, Conditions: t.template.Conditions, Mappings: t.template.Mappings, Rules: t.template.Rules, Outputs: t.template.Outputs };
  for (const [section, content] of Object.entries(sections)) {
    for (const [id, value] of Object.entries(content ?? {})) {
      const text = allowVendorReferences(JSON.stringify(value), config);
      for (const { rule, pattern, what } of RULES) {
        for (const match of new Set(text.match(pattern) ?? [])) {
          findings.push({ check: 'self-contained', severity: 'error', template: t.name, version: t.version, resource: section === 'Resources' ? id : `${section}.${id}`, rule, message: `"${match}": ${what}` });
        }
      }
    }
  }
  return findings;
}

/** The configured vendor references, and the image / vendor role of earlier configurations in older snapshots. */
function allowVendorReferences(text: string, config: Pick<CatalogConfig, 'agent'>): string {
  let allowed = text.split(config.agent.vendorRoleArn).join('<vendor-role>');
  for (const image of configuredImages(config)) allowed = allowed.split(image).join('<image>').split(image.split('/')[0]).join('<image-registry>');
  return allowed
    .replace(/\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^"]*/g, '<image>')
    // An ECR registry host alone (an earlier configuration's image registry in an older allowlist snapshot).
    .replace(/\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/g, '<image-registry>')
    .replace(/arn:aws[a-z-]*:(iam|ecr):[a-z0-9-]*:\d{12}:[^"]*/g, '<vendor-arn>');
}
