import { PRODUCTS } from '../products/catalog';
import type { CfnTemplate } from '../scripts/analyzers/upgrade-diff/types';
import { consoleProblems } from '../scripts/verify/checks/console-readiness';
import { selfContainedProblems } from '../scripts/verify/checks/self-contained';
import type { VerifiedTemplate } from '../scripts/verify/types';
import { defaultConfig, productTemplate, releasedTemplates, type CfnTemplate as SupportTemplate } from './support/catalog';

/**
 * Whole-template policies for every product, current and released: what a data engineer sees in the
 * Service Catalog console, and what makes one template launch in any account and region.
 */
const templates: [string, SupportTemplate][] = PRODUCTS.flatMap((p) => [
  [`${p.id} (current code)`, productTemplate(p.id)] as [string, SupportTemplate],
  ...releasedTemplates(p.id).map((r) => [`${p.id} ${r.version}`, r.template] as [string, SupportTemplate]),
]);

/** The same checks `catalog verify` runs (console-readiness, self-contained), so the policy lives in one place. */
describe.each(templates)('%s', (name, template) => {
  const consoleFindings = consoleProblems(template as CfnTemplate);
  const selfContained = selfContainedProblems(verifiedTemplate(name, template), defaultConfig()).map((f) => ({ resource: f.resource, rule: f.rule, message: f.message }));

  test('every parameter has a label, a description and exactly one group', () => {
    expect(consoleFindings.filter((p) => p.rule !== 'parameter-constraint')).toEqual([]);
  });

  test('every parameter is constrained: an AWS type, allowed values or pattern, or bounds', () => {
    expect(consoleFindings.filter((p) => p.rule === 'parameter-constraint')).toEqual([]);
  });

  test('is self-contained: no assets, no bootstrap version, no region-conditioned metadata', () => {
    expect(selfContained.filter((p) => p.rule === 'no-assets' || p.rule === 'no-lookups')).toEqual([]);
  });

  test('hard-codes no account, region or availability zone of its own', () => {
    // Account ids and regions may appear only inside the vendor's configured references (image, vendor role).
    expect(selfContained.filter((p) => p.rule === 'no-account' || p.rule === 'no-region')).toEqual([]);
  });
});

function verifiedTemplate(name: string, template: CfnTemplate | SupportTemplate): VerifiedTemplate {
  const text = JSON.stringify(template);
  return { kind: 'product', name, version: '-', file: '-', text, template: template as CfnTemplate };
}
