import { z } from 'zod';
import { checkDistribution } from './distribution-check';
import { checkGovernance, constraintsSchema, launchRoleStackSetSchema, organizationSharingFields, principalsSchema } from './governance-schema';

/**
 * The catalog configuration: what a platform team edits instead of code.
 * Every rule carries a message that says what is allowed; the loader adds the field path and the value.
 */

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
// Image references: [registry/]repository[:tag][@sha256:digest]. A tag or a digest is required (no implicit :latest).
const IMAGE_URI = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._/-][a-z0-9]+)*(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})(@sha256:[a-f0-9]{64})?$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// SSM parameter names and Secrets Manager names share this alphabet; no leading slash (we add it for SSM).
const CREDENTIALS_PREFIX = /^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,99}$/;
const DOMAIN = /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TAG_KEY = /^[\w.:/=+@ -]{1,128}$/;
const TAG_VALUE = /^[\w.:/=+@ -]{1,256}$/;

export const MAX_TAG_OPTIONS = 25;

// aws-cdk-lib's CloudFormationProduct checks SupportEmail with /^[\w\d.%+\-]+@[a-z\d.\-]+\.[a-z]{2,4}$/i (and throws at
// synth): the same rule here, so a configuration that would fail there is refused with the field named.
const SUPPORT_EMAIL = /^[\w\d.%+-]+@[a-z\d.-]+\.[a-z]{2,4}$/i;
// CreateProduct: "^https?:\/\// is the pattern used to validate SupportUrl"; we accept https only.
const SUPPORT_URL = /^https:\/\/[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$/;

/** Product contact fields (CreateProduct API reference): Owner and Distributor at most 8191 characters each. */
const PRODUCT_TEXT_MAX = 8191;

/**
 * What the Service Catalog console shows under "Support" on every product page (CreateProduct SupportEmail,
 * SupportUrl, SupportDescription).
 */
const supportSchema = z.strictObject({
  email: z
    .string()
    .max(254, 'an email address of at most 254 characters')
    .regex(SUPPORT_EMAIL, 'an email address such as support@example.com (a top-level domain of 2-4 letters: aws-cdk-lib checks SupportEmail so)')
    .optional(),
  url: z
    .string()
    .max(2083, 'an https URL of at most 2083 characters')
    .regex(SUPPORT_URL, 'an https URL such as https://support.example.com/agent (no spaces)')
    .optional(),
  description: z
    .string()
    .min(1, 'a non-empty text, or leave the field out')
    .max(PRODUCT_TEXT_MAX, `at most ${PRODUCT_TEXT_MAX} characters`)
    .optional(),
});

const portfolioSchema = z.strictObject({
  displayName: z.string().min(1, 'a non-empty name').max(100, 'at most 100 characters'),
  providerName: z.string().min(1, 'a non-empty provider name').max(50, 'at most 50 characters'),
  description: z.string().max(2000, 'at most 2000 characters').default(''),
  /** The product owner the console shows (CreateProduct Owner). @default providerName */
  owner: z.string().min(1, 'a non-empty owner name, or leave the field out for providerName').max(PRODUCT_TEXT_MAX, `at most ${PRODUCT_TEXT_MAX} characters`).optional(),
  /** The product's distributor (vendor) the console shows (CreateProduct Distributor). @default providerName */
  distributor: z
    .string()
    .min(1, 'a non-empty distributor name, or leave the field out for providerName')
    .max(PRODUCT_TEXT_MAX, `at most ${PRODUCT_TEXT_MAX} characters`)
    .optional(),
  support: supportSchema.optional(),
  regions: z
    .array(z.string().regex(REGION, 'an AWS region name such as ap-northeast-1 or us-east-1'))
    .min(1, 'at least one region')
    .refine((r) => new Set(r).size === r.length, 'each region once'),
});

const imageSchema = z
  .string()
  .regex(IMAGE_URI, 'an image reference with a tag or digest, e.g. 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/agent:1.0.0');

const agentSchema = z.strictObject({
  /** The agent image of every portfolio region that `images` does not name. */
  image: imageSchema.optional(),
  /** The agent image per portfolio region (typically each region's ECR replica of the image). */
  images: z.record(z.string().regex(REGION, 'an AWS region name such as ap-northeast-1 or us-east-1'), imageSchema).optional(),
  vendorRoleArn: z.string().regex(ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::111122223333:role/VendorAccess'),
  credentialsPrefix: z
    .string()
    .regex(CREDENTIALS_PREFIX, 'a Parameter Store / Secrets Manager name prefix of letters, digits and _ . - / (no leading slash, at most 100 characters)'),
  vendorDomains: z
    .array(z.string().regex(DOMAIN, 'a lower-case domain name, optionally with a leading dot for its subdomains (.vendor.example)'))
    .default([]),
});

const launchRoleSchema = z.strictObject({
  name: z.string().regex(ROLE_NAME, 'an IAM role name of 1-64 characters from letters, digits and +=,.@_-'),
  stackSet: launchRoleStackSetSchema.optional(),
});

const tagOptionsSchema = z
  .record(
    z.string().regex(TAG_KEY, 'a tag key of 1-128 characters'),
    z.array(z.string().regex(TAG_VALUE, 'a tag value of 1-256 characters')).min(1, 'at least one value'),
  )
  .default({})
  .refine(
    (t) => Object.values(t).reduce((n, values) => n + values.length, 0) <= MAX_TAG_OPTIONS,
    `at most ${MAX_TAG_OPTIONS} TagOption values in all (Service Catalog: 25 TagOptions per resource)`,
  );

const sharingSchema = z.strictObject({
  accounts: z
    .array(z.string().regex(ACCOUNT_ID, 'a 12-digit AWS account id (quote it in YAML)'))
    .default([])
    .refine((a) => new Set(a).size === a.length, 'each account once'),
  shareTagOptions: z.boolean().default(true),
  ...organizationSharingFields,
});

export const catalogConfigSchema = z.strictObject({
  portfolio: portfolioSchema,
  agent: agentSchema,
  launchRole: launchRoleSchema,
  tagOptions: tagOptionsSchema,
  sharing: sharingSchema.prefault({}),
  principals: principalsSchema,
  constraints: constraintsSchema.prefault({}),
})
  .superRefine(checkGovernance)
  // Only on well-formed images and regions: a malformed one is reported once, by its own field.
  .superRefine((config, ctx) => {
    const images = [config.agent?.image, ...Object.values(config.agent?.images ?? {})].filter((i) => i !== undefined);
    const regions = [...(config.portfolio?.regions ?? []), ...Object.keys(config.agent?.images ?? {})];
    if (images.every((i) => IMAGE_URI.test(String(i))) && regions.every((r) => REGION.test(String(r)))) checkDistribution(config, ctx);
  });

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
