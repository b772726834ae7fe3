import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../../products/shared/repo-root';
import { CliError } from '../cli-error';

/**
 * What a product's pages say that no template can state: `products/<id>/docs.yaml`, in English and Japanese — the
 * page prose, the Japanese description of every launch parameter and output (keyed by logical id), the Japanese
 * release notes, and cost variants worth showing. Descriptions that several products share live in
 * `scripts/docs/data/shared.yaml` (a product's own entry wins). Everything else on the pages is generated.
 */
export const DOC_LANGUAGES = ['en', 'ja'] as const;
export type DocLanguage = (typeof DOC_LANGUAGES)[number];

const proseSchema = z.strictObject({
  title: z.string().min(1),
  /** One line for the decision guide: the security requirement this pattern answers. */
  requirement: z.string().min(1),
  builds: z.string().min(1),
  chooseWhen: z.string().min(1),
  /** After launching: what to allowlist where. */
  allowlist: z.string().min(1),
  /** What happens to the Elastic IPs (the egress addresses) on update and on termination. */
  elasticIps: z.string().min(1),
  /** What the "Check-the-network" self-service action checks for this pattern, and what a finding means. */
  networkCheck: z.string().min(1),
});

/** One parameter or output: `ja` is required; `en` overrides the template's Description on the English page. */
const describedSchema = z.strictObject({
  label: z.string().min(1).optional(),
  ja: z.string().min(1),
  en: z.string().min(1).optional(),
});

const descriptionsSchema = z.record(z.string(), describedSchema).default({});

const docsSchema = z.strictObject({
  /** Position in the decision guide and the comparison table. */
  order: z.number().int(),
  en: proseSchema,
  ja: proseSchema,
  parameters: descriptionsSchema,
  outputs: descriptionsSchema,
  /** Japanese release notes per version (the English notes are releases.json's). */
  releases: z.record(z.string(), z.strictObject({ ja: z.string().min(1) })).default({}),
  /** Launch choices whose cost the page shows beside the defaults. */
  costVariants: z
    .array(z.strictObject({ parameters: z.record(z.string(), z.string()), en: z.string().min(1), ja: z.string().min(1) }))
    .default([]),
});

const sharedSchema = z.strictObject({
  /** Japanese names of the console's parameter groups (AWS::CloudFormation::Interface labels). */
  groups: z.record(z.string(), z.string().min(1)),
  parameters: descriptionsSchema,
  outputs: descriptionsSchema,
});

export type ProductDocs = z.infer<typeof docsSchema>;
export type ProductProse = z.infer<typeof proseSchema>;
export type Described = z.infer<typeof describedSchema>;
export type SharedDocs = z.infer<typeof sharedSchema>;

export function productDocsFile(productId: string): string {
  return path.join(repoRoot(), 'products', productId, 'docs.yaml');
}

export function sharedDocsFile(): string {
  return path.join(repoRoot(), 'scripts', 'docs', 'data', 'shared.yaml');
}

function readYaml<T>(file: string, schema: z.ZodType<T>, what: string): T {
  const relative = path.relative(repoRoot(), file);
  if (!fs.existsSync(file)) throw new CliError(`${relative} is missing: ${what}`);
  const parsed = schema.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new CliError(`${relative} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}

export function readProductDocs(productId: string): ProductDocs {
  return readYaml(
    productDocsFile(productId),
    docsSchema,
    'every product needs its page prose (order; en and ja: title, requirement, builds, chooseWhen, allowlist, elasticIps, networkCheck) and the Japanese descriptions of its parameters and outputs',
  );
}

export function readSharedDocs(): SharedDocs {
  return readYaml(sharedDocsFile(), sharedSchema, 'the descriptions shared by the products (groups, parameters, outputs)');
}
