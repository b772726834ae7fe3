import type { Template } from '../../scripts/cost/evaluate';
import { describeCondition } from '../../scripts/docs/conditions';

// The shape nat-gateway's NewNatEgressAddress2 has: an "or" of modes inside an "and".
const template = {
  Resources: {},
  Conditions: {
    PerAz: { 'Fn::Equals': [{ Ref: 'NatGatewayMode' }, 'per-az'] },
    Regional: { 'Fn::Equals': [{ Ref: 'NatGatewayMode' }, 'regional'] },
    Two: { 'Fn::Or': [{ Condition: 'PerAz' }, { Condition: 'Regional' }] },
    NewAddress2: { 'Fn::And': [{ Condition: 'Two' }, { 'Fn::Equals': [{ Ref: 'NatEgressAllocationId2' }, ''] }] },
    NotNew: { 'Fn::Not': [{ Condition: 'NewAddress2' }] },
  },
} as unknown as Template;

describe('output conditions in words', () => {
  test('an "or" inside an "and" is grouped, so the sentence has one reading (English and Japanese)', () => {
    expect(describeCondition(template, 'NewAddress2', 'en')).toBe('(`NatGatewayMode` is `per-az` or `NatGatewayMode` is `regional`) and `NatEgressAllocationId2` is empty');
    expect(describeCondition(template, 'NewAddress2', 'ja')).toBe('（`NatGatewayMode` が `per-az`、または `NatGatewayMode` が `regional`）、かつ `NatEgressAllocationId2` が空欄');
  });

  test('a negated "and" becomes an "or" of negations, with its "and" parts grouped', () => {
    expect(describeCondition(template, 'NotNew', 'en')).toBe('(`NatGatewayMode` is not `per-az` and `NatGatewayMode` is not `regional`) or `NatEgressAllocationId2` is given');
  });

  test('a single comparison needs no grouping', () => {
    expect(describeCondition(template, 'Regional', 'en')).toBe('`NatGatewayMode` is `regional`');
  });
});
