/**
 * The per-analysis memo (templateIndex): a result is shared only between scenarios that agree on everything the
 * resource can depend on, and computations for different purposes never share a result.
 */
import { templateIndex } from '../../scripts/analyzers/contract/network-model';
import type { Scenario } from '../../scripts/analyzers/template-evaluation';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';

const template: CfnTemplate = {
  Parameters: { Destinations: { Type: 'String', Default: '' }, Unused: { Type: 'String', Default: 'a' } },
  Conditions: { HasDestinations: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Destinations' }, ''] }] }, Other: { 'Fn::Equals': [{ Ref: 'Unused' }, 'b'] } },
  Resources: {
    Rules: { Type: 'AWS::NetworkFirewall::RuleGroup', Properties: { RuleGroup: { RulesSource: { RulesString: { 'Fn::If': ['HasDestinations', { Ref: 'Destinations' }, 'none'] } } } } },
  },
};

const scenario = (conditions: Record<string, boolean>, parameters: Record<string, string>): Scenario => ({
  conditions: new Map(Object.entries(conditions)),
  parameters: new Map(Object.entries(parameters)),
  description: '',
});

describe('templateIndex.read', () => {
  test('computes again when a condition or a referenced parameter differs, not when an unrelated one does', () => {
    const index = templateIndex(template);
    let computed = 0;
    const read = (s: Scenario) => index.read('Rules', s, () => ++computed);
    expect(read(scenario({ HasDestinations: false, Other: false }, { Destinations: '' }))).toBe(1);
    expect(read(scenario({ HasDestinations: false, Other: true }, { Destinations: '' }))).toBe(1);
    expect(read(scenario({ HasDestinations: true, Other: false }, { Destinations: '' }))).toBe(2);
    expect(read(scenario({ HasDestinations: true, Other: false }, { Destinations: '10.0.0.1/32:5432' }))).toBe(3);
    // A free parameter (no value: symbolic) is not the empty string.
    expect(read(scenario({ HasDestinations: true, Other: false }, {}))).toBe(4);
    expect(read(scenario({ HasDestinations: true, Other: false }, { Destinations: '' }))).toBe(2);
  });

  test('different purposes about one resource are kept apart', () => {
    const index = templateIndex(template);
    const s = scenario({ HasDestinations: false, Other: false }, {});
    expect(index.read('Rules', s, () => 'reading')).toBe('reading');
    expect(index.read('Rules', s, () => 'rules', 'rules-string')).toBe('rules');
    expect(index.read('Rules', s, () => 'again')).toBe('reading');
  });
});
