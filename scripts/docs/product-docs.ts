import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../../products/shared/repo-root';
import { CliError } from '../cli-error';

/**
 * The prose of a product's pages that no template can state: `products/<id>/docs.yaml`, in English and Japanese.
 * Everything else on the pages (parameters, outputs, diagram, cost, versions) is generated.
 */
export const DOC_LANGUAGES = ['en', 'ja'] as const;
export type DocLanguage = (typeof DOC_LANGUAGES)[number];

const proseSchema = z.strictObject({
  title: z.string().min(1),
  /** One line for the decision guide: the security requirement this pattern answers. */
  requirement: z.string().min(1),
  builds: z.string().min(1),
  chooseWhen: z.string().min(1),
});

const docsSchema = z.strictObject({
  /** Position in the decision guide and the comparison table. */
  order: z.number().int(),
  en: proseSchema,
  ja: proseSchema,
});

export type ProductDocs = z.infer<typeof docsSchema>;
export type ProductProse = z.infer<typeof proseSchema>;

export function productDocsFile(productId: string): string {
  return path.join(repoRoot(), 'products', productId, 'docs.yaml');
}

export function readProductDocs(productId: string): ProductDocs {
  const file = productDocsFile(productId);
  const relative = path.relative(repoRoot(), file);
  if (!fs.existsSync(file)) {
    throw new CliError(`${relative} is missing: every product needs its page prose (order, en and ja: title, requirement, builds, chooseWhen)`);
  }
  const parsed = docsSchema.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new CliError(`${relative} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}
