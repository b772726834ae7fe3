import { PRODUCTS } from '../products/catalog';
import { productTemplate, releasedTemplates, type CfnTemplate } from './support/catalog';

/**
 * Whole-template policies for every product, current and released: what a data engineer sees in the
 * Service Catalog console, and what makes one template launch in any account and region.
 */
const templates: [string, CfnTemplate][] = PRODUCTS.flatMap((p) => [
  [`${p.id} (current code)`, productTemplate(p.id)] as [string, CfnTemplate],
  ...releasedTemplates(p.id).map((r) => [`${p.id} ${r.version}`, r.template] as [string, CfnTemplate]),
]);

type Interface = { ParameterGroups: { Label: { default: string }; Parameters: string[] }[]; ParameterLabels: Record<string, { default: string }> };

describe.each(templates)('%s', (_name, template) => {
  const ui = template.Metadata?.['AWS::CloudFormation::Interface'] as Interface;
  const parameters = Object.entries(template.Parameters ?? {});

  test('every parameter has a label, a description and exactly one group', () => {
    const grouped = ui.ParameterGroups.flatMap((g) => g.Parameters);
    for (const [name, p] of parameters) {
      expect([name, ui.ParameterLabels[name]?.default]).toEqual([name, expect.stringMatching(/\S/)]);
      expect([name, typeof p.Description === 'string' && (p.Description as string).length > 10]).toEqual([name, true]);
      expect([name, grouped.filter((g) => g === name).length]).toEqual([name, 1]);
    }
    expect(grouped.sort()).toEqual(parameters.map(([n]) => n).sort());
  });

  test('every parameter is constrained: an AWS type, allowed values or pattern, or bounds', () => {
    for (const [name, p] of parameters) {
      const constrained =
        String(p.Type).startsWith('AWS::') ||
        String(p.Type).startsWith('List<AWS::') ||
        p.AllowedValues !== undefined ||
        p.AllowedPattern !== undefined ||
        (p.Type === 'Number' && p.MinValue !== undefined && p.MaxValue !== undefined);
      expect([name, constrained]).toEqual([name, true]);
    }
  });

  test('is self-contained: no assets, no bootstrap version, no region-conditioned metadata', () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/cdk-[a-z0-9]+-assets|AssetParameters|BootstrapVersion|CDKMetadata|aws:cdk:/);
  });

  test('hard-codes no account, region or availability zone of its own', () => {
    // What deploys: resources, conditions, mappings, rules and outputs (parameter descriptions may cite examples).
    // Account ids and regions may appear only inside the vendor's configured references (image, vendor role).
    const { Resources, Conditions, Mappings, Rules, Outputs } = template;
    const text = JSON.stringify({ Resources, Conditions, Mappings, Rules, Outputs })
      .replace(/\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com[^"]*/g, '<image>')
      .replace(/arn:aws[a-z-]*:(iam|ecr):[a-z0-9-]*:\d{12}:[^"]*/g, '<vendor-arn>');
    expect(text.match(/\b\d{12}\b/g) ?? []).toEqual([]);
    expect(text.match(/\b[a-z]{2}(-gov)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d[a-z]?\b/g) ?? []).toEqual([]);
  });
});
