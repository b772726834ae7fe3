import { z } from 'zod';
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

const portfolioSchema = z.strictObject({
  displayName: z.string().min(1, 'a non-empty name').max(100, 'at most 100 characters'),
  providerName: z.string().min(1, 'a non-empty provider name').max(50, 'at most 50 characters'),
  description: z.string().max(2000, 'at most 2000 characters').default(''),
  /** Who customers contact: the products' support fields and the documents' "Getting help" section. */
  support: z
    .strictObject({
      email: z.email('an e-mail address').optional(),
      url: z.url('a URL such as https://support.example.com').optional(),
      description: z.string().max(8191, 'at most 8191 characters').optional(),
    })
    .optional(),
  regions: z
    .array(z.string().regex(REGION, 'an AWS region name such as ap-northeast-1 or us-east-1'))
    .min(1, 'at least one region')
    .refine((r) => new Set(r).size === r.length, 'each region once'),
});

const agentSchema = z.strictObject({
  image: z
    .string()
    .regex(IMAGE_URI, 'an image reference with a tag or digest, e.g. 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/agent:1.0.0'),
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
}).superRefine(checkGovernance);

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
