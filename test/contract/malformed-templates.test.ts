import { PRODUCT_IDS } from '../../products/shared/identity';
import { analyzeContract, ContractError } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { contractAfter, latestTemplate } from './fixtures';

const refused = (template: unknown) => {
  try {
    analyzeContract(template as CfnTemplate, 'bad.yaml', { promise: 'nat-gateway' });
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

// Class 9: a malformed template gets a clear error naming the path; no crash, no finding with an empty name.
describe('malformed templates', () => {
  test.each([
    [{ Resources: { A: null } }, 'bad.yaml: not a template this analysis can read: Resources.A is null; each resource must be an object with a Type'],
    [{ Resources: { A: { Type: 7 } } }, 'bad.yaml: not a template this analysis can read: Resources.A.Type is number 7; expected a resource type such as AWS::EC2::Subnet'],
    [{ Resources: { A: { Type: 'AWS::EC2::Subnet', Properties: 'x' } } }, 'bad.yaml: not a template this analysis can read: Resources.A.Properties is string "x"; expected an object'],
    [{ Resources: [] }, 'bad.yaml: not a template this analysis can read: Resources is a list; expected an object of resources'],
    [{}, 'bad.yaml: not a template this analysis can read: Resources is missing; expected an object of resources'],
    [{ Resources: {}, Conditions: 'x' }, 'bad.yaml: not a template this analysis can read: Conditions is string "x"; expected an object'],
    [{ Resources: {}, Parameters: { P: { Type: 'String', AllowedValues: 'a' } } }, 'bad.yaml: not a template this analysis can read: Parameters.P.AllowedValues is string "a"; expected a list'],
    [null, 'bad.yaml: not a template this analysis can read: the template is null; expected an object with Resources'],
  ])('%j is refused with the path', (template, message) => {
    expect(refused(template)).toBe(message);
  });

  test('wrong types inside properties of every product never crash and never give a nameless finding', () => {
    const bad: unknown[] = [null, 7, 'x', [], {}, [null], { Ref: 'Nowhere' }, { 'Fn::GetAtt': 'NoDot' }, { 'Fn::Select': [9, []] }];
    for (const productId of PRODUCT_IDS) {
      const properties = Object.entries(latestTemplate(productId).Resources).flatMap(([id, r]) => Object.keys(r.Properties ?? {}).map((p) => [id, p] as const));
      properties.forEach(([id, property], i) => {
        const value = bad[i % bad.length];
        const report = contractAfter(productId, (t) => {
          t.Resources[id].Properties![property] = structuredClone(value);
        });
        for (const finding of report.findings) expect(finding).toMatch(/^[A-Za-z]/);
      });
    }
  });

  test('public-ip without a job definition names the compute environment', () => {
    const report = contractAfter('public-ip', (t) => {
      delete t.Resources.AgentJobDefinition;
      for (const [id, r] of Object.entries(t.Resources)) if (JSON.stringify(r).includes('AgentJobDefinition')) delete t.Resources[id];
    });
    expect(report.findings).toContain(
      'AgentComputeEnvironment (no AWS::Batch::JobDefinition): assignPublicIp is DISABLED (default); a task in a public subnet without a public IP cannot use the internet gateway and there is no NAT',
    );
  });
});
