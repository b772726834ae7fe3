import { isAny } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

/** A TagOption of the portfolio: CloudFormation's own resource, or ours that adopts an existing key+value (portfolios/governance). */
const TAG_OPTION_TYPES = ['AWS::ServiceCatalog::TagOption', 'Custom::PortfolioTagOption'];

/**
 * Service quotas a template or the portfolio must stay under. CloudFormation: template body 1 MB from S3 (Service
 * Catalog reads product templates from S3), 500 resources, 200 parameters, 200 outputs (CloudFormation user guide,
 * "cloudformation-limits"). Service Catalog: 100 versions (provisioning artifacts) per product, 25 TagOptions per
 * portfolio and 10 IAM_PATTERN principals per portfolio (Service Catalog admin guide, "limits").
 */
export const LIMITS = {
  templateBytes: 1024 * 1024,
  resources: 500,
  parameters: 200,
  outputs: 200,
  versionsPerProduct: 100,
  iamPatternPrincipals: 10,
  tagOptions: 25,
} as const;

export const limitsCheck: VerifyCheck = {
  id: 'limits',
  description: 'CloudFormation and Service Catalog quotas: size, resources, parameters, outputs, versions, IAM_PATTERN principals, TagOptions',
  applies: isAny,
  all: (templates) => versionLimits(templates),
  perTemplate: (t) => templateLimits(t),
};

function templateLimits(t: VerifiedTemplate): VerifyFinding[] {
  const findings: VerifyFinding[] = [];
  const over = (rule: string, value: number, limit: number, what: string) => {
    if (value > limit) findings.push({ check: 'limits', severity: 'error', template: t.name, version: t.version, resource: '-', rule, message: `${value} ${what}; the limit is ${limit}` });
  };
  over('template-size', Buffer.byteLength(t.text), LIMITS.templateBytes, 'bytes');
  over('resources', Object.keys(t.template.Resources).length, LIMITS.resources, 'resources');
  over('parameters', Object.keys(t.template.Parameters ?? {}).length, LIMITS.parameters, 'parameters');
  over('outputs', Object.keys(t.template.Outputs ?? {}).length, LIMITS.outputs, 'outputs');
  if (t.kind === 'stack') {
    const resources = Object.values(t.template.Resources);
    const patterns = resources.filter((r) => r.Type === 'AWS::ServiceCatalog::PortfolioPrincipalAssociation' && r.Properties?.PrincipalType === 'IAM_PATTERN');
    over('iam-pattern-principals', patterns.length, LIMITS.iamPatternPrincipals, 'IAM_PATTERN principals in the portfolio');
    over('tag-options', resources.filter((r) => TAG_OPTION_TYPES.includes(r.Type)).length, LIMITS.tagOptions, 'TagOptions');
  }
  return findings;
}

function versionLimits(templates: readonly VerifiedTemplate[]): VerifyFinding[] {
  const versions = new Map<string, number>();
  for (const t of templates) if (t.kind === 'product') versions.set(t.name, (versions.get(t.name) ?? 0) + 1);
  return [...versions]
    .filter(([, n]) => n > LIMITS.versionsPerProduct)
    .map(([name, n]) => ({
      check: 'limits',
      severity: 'error' as const,
      template: name,
      version: '*',
      resource: '-',
      rule: 'versions-per-product',
      message: `${n} retained versions; a product may have at most ${LIMITS.versionsPerProduct}: mark old versions inactive and stop retaining them`,
    }));
}
