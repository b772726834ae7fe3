import type { ProductId } from '../../products/shared/identity';
import { analyzeContract, type ContractReport } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { releasedTemplates } from '../support/catalog';

/** A deep copy of the latest released template of a product, to break on purpose. */
export function latestTemplate(productId: ProductId): CfnTemplate {
  const released = releasedTemplates(productId);
  return structuredClone(released[released.length - 1].template) as CfnTemplate;
}

/** The contract of a copy of the product's latest template after `change`. */
export function contractAfter(productId: ProductId, change: (t: CfnTemplate) => void): ContractReport {
  const template = latestTemplate(productId);
  change(template);
  return analyzeContract(template, `${productId} (broken copy)`);
}

export const ref = (id: string) => ({ Ref: id });

/** Properties of a resource (throws if the real template lost it: the test is then out of date). */
export function props(template: CfnTemplate, id: string): Record<string, unknown> {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`fixture: ${id} is not in the template`);
  return (resource.Properties ??= {});
}
