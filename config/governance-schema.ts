import { z } from 'zod';
import { PRODUCT_IDS } from '../products/shared/identity';

/**
 * The customer's governance layer in the catalog configuration: organization / OU shares, portfolio principals
 * (IAM ARNs and IAM_PATTERN names), notification and template constraints, and the launch-role StackSet.
 * Every message says what is allowed; the loader adds the field path and the value received.
 */

// Id patterns from the AWS Organizations API reference (Organization.Id, OrganizationalUnit.Id, Root.Id).
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

// IAM names: letters, digits and +=,.@_- (IAM User Guide, "IAM identifiers"); paths are /segment/.../.
const IAM_CHARS = '[\\w+=,.@-]';
const IAM_ARN = new RegExp(`^arn:aws[a-z-]*:iam::\\d{12}:(role|user|group)/(${IAM_CHARS}+/)*${IAM_CHARS}{1,128}$`);
// AssociatePrincipalWithPortfolio, PrincipalType IAM_PATTERN: "arn:partition:iam:::resource-type/resource-id", no
// account id; "*" and "?" only in the resource path and name, never in the resource type.
const IAM_PATTERN = /^arn:aws[a-z-]*:iam:::(role|user|group)\/([\w+=,.@*?-]+\/)*[\w+=,.@*?-]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d):\d{12}:[\w-]{1,256}$/;
// CloudFormation rule names are logical ids: alphanumeric.
const RULE_NAME = /^[A-Za-z0-9]{1,255}$/;

/** Service Catalog: at most 10 IAM_PATTERN principals per portfolio (AssociatePrincipalWithPortfolio). */
export const MAX_IAM_PATTERNS = 10;

export type PrincipalType = 'IAM' | 'IAM_PATTERN';

/** The Service Catalog principal type of a configured principal (validated at load). */
export function principalType(arn: string): PrincipalType {
  return IAM_ARN.test(arn) ? 'IAM' : 'IAM_PATTERN';
}

const PRINCIPAL_ALLOWED =
  'an IAM role, user or group ARN (arn:aws:iam::111122223333:role/Name) or an IAM_PATTERN name without account id ' +
  '(arn:aws:iam:::role/path/Name_*; "*" and "?" only in the path and name)';

const principalSchema = z.string().superRefine((arn, ctx) => {
  if (IAM_PATTERN.test(arn) && /\/[*?]+$/.test(arn)) {
    // A name of wildcards only (role/*, role/path/*) matches every principal of that type in every recipient account.
    ctx.addIssue({ code: 'custom', input: arn, message: 'an IAM_PATTERN name with a fixed part in the name (Name_*), not only wildcards: it would match every principal in the path' });
    return;
  }
  if (IAM_ARN.test(arn) || IAM_PATTERN.test(arn)) return;
  const withAccount = /^arn:aws[a-z-]*:iam::\d{12}:/.test(arn);
  const message =
    withAccount && /[*?]/.test(arn)
      ? 'an IAM_PATTERN name has no account id (arn:aws:iam:::role/path/Name_*); with an account id give an exact ARN without "*" or "?"'
      : /^arn:aws[a-z-]*:iam:::[^/]*[*?]/.test(arn)
        ? 'wildcards only in the path and name of an IAM_PATTERN name, not in the resource type (role, user or group)'
        : PRINCIPAL_ALLOWED;
  ctx.addIssue({ code: 'custom', message, input: arn });
});

export const principalsSchema = z
  .array(principalSchema)
  .default([])
  .refine((p) => new Set(p).size === p.length, 'each principal once')
  .refine(
    (p) => p.filter((arn) => principalType(arn) === 'IAM_PATTERN').length <= MAX_IAM_PATTERNS,
    `at most ${MAX_IAM_PATTERNS} IAM_PATTERN names (Service Catalog limit per portfolio)`,
  );

/** Fields added to `sharing`: shares with AWS Organizations nodes through the CreatePortfolioShare API. */
export const organizationSharingFields = {
  organization: z.string().regex(ORGANIZATION_ID, 'an organization id such as o-a1b2c3d4e5').optional(),
  organizationalUnits: z
    .array(z.string().regex(OU_ID, 'an OU id such as ou-ab12-cd34ef56'))
    .default([])
    .refine((o) => new Set(o).size === o.length, 'each OU once'),
  sharePrincipals: z.boolean().default(false),
};

// CloudFormation rule-specific intrinsic functions that return a boolean (CloudFormation User Guide, "Rules").
export const RULE_CONDITION_FUNCTIONS = ['Fn::And', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::Not', 'Fn::Or'];

const ruleCondition = z
  .record(z.string(), z.unknown())
  .refine(
    (c) => Object.keys(c).length === 1 && RULE_CONDITION_FUNCTIONS.includes(Object.keys(c)[0]),
    `one rule function: ${RULE_CONDITION_FUNCTIONS.join(', ')}`,
  );

const templateRuleSchema = z.strictObject({
  RuleCondition: ruleCondition.optional(),
  Assertions: z
    .array(
      z.strictObject({
        Assert: ruleCondition,
        AssertDescription: z.string().min(1, 'a non-empty description the user sees when the assertion fails').max(1024).optional(),
      }),
    )
    .min(1, 'at least one assertion'),
});

/** Record keys checked with a message of ours (zod reports a bad record key only as "Invalid key in record"). */
function keysAllowed(allowed: (key: string) => boolean, message: string) {
  return (record: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const key of Object.keys(record).filter((k) => !allowed(k))) ctx.addIssue({ code: 'custom', path: [key], input: key, message });
  };
}

const rulesOfProduct = z.record(z.string(), templateRuleSchema).superRefine(keysAllowed((k) => RULE_NAME.test(k), 'a rule name of letters and digits'));
export type TemplateRule = z.infer<typeof templateRuleSchema>;

const topicArn = z.string().regex(SNS_TOPIC_ARN, 'an SNS topic ARN such as arn:aws:sns:ap-northeast-1:111122223333:catalog-events');

export const constraintsSchema = z.strictObject({
  /**
   * SNS topic(s) for a notification constraint on every product: one ARN (one portfolio region), or one per
   * portfolio region keyed by region (a topic lives in one region).
   */
  notificationTopicArn: z
    .union([topicArn, z.record(z.string().regex(REGION, 'an AWS region name'), topicArn)], {
      error: 'an SNS topic ARN, or a map from each portfolio region to an SNS topic ARN in that region',
    })
    .optional(),
  /** Template constraints: CloudFormation Rules per product id, each applied to every version of the product. */
  templateRules: z
    .record(z.string(), rulesOfProduct)
    .default({})
    .superRefine(keysAllowed((k) => (PRODUCT_IDS as readonly string[]).includes(k), `a product id: ${PRODUCT_IDS.join(', ')}`)),
});

export type ConstraintsConfig = z.infer<typeof constraintsSchema>;

/** Fields added to `launchRole`: the launch-role stack as a service-managed StackSet. */
export const launchRoleStackSetSchema = z.strictObject({
  /** OUs (or the root r-...) whose accounts get the launch role; new accounts in them get it automatically. */
  organizationalUnits: z
    .array(z.string().refine((id) => OU_ID.test(id) || ROOT_ID.test(id), 'an OU id such as ou-ab12-cd34ef56 or the root id r-ab12'))
    .min(1, 'at least one OU or root id')
    .refine((o) => new Set(o).size === o.length, 'each OU once'),
  /**
   * The one region of the stack instances. IAM is global: the same named role in a second region of an account
   * would fail ("already exists"). @default the first portfolio region
   */
  region: z.string().regex(REGION, 'an AWS region name such as ap-northeast-1').optional(),
  /** SELF from the management account, DELEGATED_ADMIN from a CloudFormation StackSets delegated administrator. */
  callAs: z.enum(['SELF', 'DELEGATED_ADMIN']).default('SELF'),
  retainStacksOnAccountRemoval: z.boolean().default(false),
  maxConcurrentPercentage: z.number().int().min(1, 'a percentage 1-100').max(100, 'a percentage 1-100').default(25),
  failureTolerancePercentage: z.number().int().min(0, 'a percentage 0-100').max(100, 'a percentage 0-100').default(10),
});

export type LaunchRoleStackSetConfig = z.infer<typeof launchRoleStackSetSchema>;

/** What the cross-field checks read; a structural subset of the whole configuration. */
interface GovernanceView {
  portfolio: { regions: string[] };
  sharing: { organization?: string; organizationalUnits: string[]; sharePrincipals: boolean };
  principals: string[];
  constraints: ConstraintsConfig;
  launchRole: { stackSet?: LaunchRoleStackSetConfig };
}

/**
 * Checks that span sections; added to the top-level schema with superRefine. Zod runs it even when a field failed
 * its own check (then the field holds the raw input), so every read is defensive and a field that failed is skipped.
 */
export function checkGovernance(config: GovernanceView, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  const { sharing, portfolio } = config;
  if (!Array.isArray(portfolio?.regions) || typeof sharing !== 'object' || typeof config.constraints !== 'object') return;

  // CreatePortfolioShare: "SharePrincipals ... only supported for ... ORGANIZATION or ORGANIZATIONAL_UNIT".
  if (sharing.sharePrincipals === true && sharing.organization === undefined && !sharing.organizationalUnits?.length) {
    issue(['sharing', 'sharePrincipals'], true, 'true only with an organization or OU share (sharing.organization / sharing.organizationalUnits)');
  }

  const topics = config.constraints.notificationTopicArn;
  if (typeof topics === 'string') {
    const region = SNS_TOPIC_ARN.exec(topics)?.[1];
    if (region && (portfolio.regions.length !== 1 || region !== portfolio.regions[0])) {
      issue(['constraints', 'notificationTopicArn'], topics, `a topic in the portfolio region; with several regions a map {region: topic ARN} for each of ${portfolio.regions.join(', ')}`);
    }
  } else if (topics && typeof topics === 'object') {
    const missing = portfolio.regions.filter((region) => !(region in topics));
    if (missing.length) issue(['constraints', 'notificationTopicArn'], topics, `a topic ARN for every portfolio region; missing: ${missing.join(', ')}`);
    for (const [region, arn] of Object.entries(topics)) {
      const topicRegion = SNS_TOPIC_ARN.exec(String(arn))?.[1];
      if (!portfolio.regions.includes(region)) issue(['constraints', 'notificationTopicArn', region], arn, `only portfolio regions: ${portfolio.regions.join(', ')}`);
      else if (topicRegion && topicRegion !== region) issue(['constraints', 'notificationTopicArn', region], arn, `a topic in ${region}`);
    }
  }
}

/**
 * IAM Identity Center creates its permission-set roles under /aws-reserved/sso.amazonaws.com/ when its home region is
 * us-east-1, and under /aws-reserved/sso.amazonaws.com/<region>/ in every other region (AWS re:Post "AWS Identity
 * Center assumed role principals"; AWS Containers blog "A quick path to Amazon EKS single sign-on using AWS SSO":
 * "If you configure SSO in a Region other than us-east-1, add the Region after sso.amazonaws.com").
 */
const SSO_PATH = 'aws-reserved/sso.amazonaws.com/';
const SSO_NAME_PREFIX = 'AWSReservedSSO_';
const REGION_IN_PATH = /sso\.amazonaws\.com\/([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d)\//;

/**
 * Does an IAM_PATTERN match an ARN? AssociatePrincipalWithPortfolio: "?" matches zero or one character, "*" any number
 * of characters, and "*" also matches "/" (role/*\/Name_? matches role/pathA/pathB/Name_1 and role/pathA/Name_1).
 */
export function iamPatternMatches(pattern: string, arn: string): boolean {
  const source = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.?' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(arn);
}

/**
 * Warnings (not rejections) about principals: an IAM_PATTERN meant for IAM Identity Center roles that matches only one
 * of the two path forms, so it matches nothing in an organization whose Identity Center lives in the other kind of
 * region. Each warning names the field, the pattern and a pattern that matches both forms.
 */
export function principalWarnings(principals: readonly string[]): string[] {
  const warnings: string[] = [];
  principals.forEach((pattern, i) => {
    if (principalType(pattern) !== 'IAM_PATTERN' || !/^arn:aws[a-z-]*:iam:::role\//.test(pattern)) return;
    if (!pattern.includes('sso.amazonaws.com') && !pattern.includes(SSO_NAME_PREFIX)) return;
    const partition = /^arn:(aws[a-z-]*):/.exec(pattern)![1];
    // A role name the pattern is meant for: its last segment with the wildcards matching nothing.
    const name = pattern.slice(pattern.lastIndexOf('/') + 1).replace(/[*?]/g, '');
    const fixedRegion = REGION_IN_PATH.exec(pattern)?.[1];
    const region = fixedRegion ?? 'eu-west-1';
    const usEast1 = iamPatternMatches(pattern, `arn:${partition}:iam:::role/${SSO_PATH}${name}`);
    const regional = iamPatternMatches(pattern, `arn:${partition}:iam:::role/${SSO_PATH}${region}/${name}`);
    if (usEast1 && regional) return;
    const both = `arn:${partition}:iam:::role/${SSO_PATH}*${name}*`;
    const matches = usEast1
      ? `matches IAM Identity Center roles only when Identity Center's home region is us-east-1 (path /${SSO_PATH})`
      : regional && fixedRegion
        ? `matches IAM Identity Center roles only when Identity Center's home region is ${fixedRegion} (path /${SSO_PATH}${fixedRegion}/)`
        : regional
        ? `matches IAM Identity Center roles only when Identity Center's home region is not us-east-1 (path /${SSO_PATH}<region>/)`
        : `matches neither IAM Identity Center role path (/${SSO_PATH} in us-east-1, /${SSO_PATH}<region>/ elsewhere)`;
    warnings.push(
      `principals.${i}: ${JSON.stringify(pattern)} ${matches}; to match both write ${both} ("*" also matches "/" in an IAM_PATTERN)`,
    );
  });
  return warnings;
}
