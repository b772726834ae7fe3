import { enumerateScenarios, findUnresolved, resolve, resourceExists, sameValue, Symbolic, Unresolved, type Scenario } from '../../scripts/analyzers/template-evaluation';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';

const template: CfnTemplate = {
  Parameters: {
    VpcCidr: { Type: 'String', Default: '10.0.0.0/16' },
    Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
    Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' },
  },
  Mappings: { Sizes: { dev: { Cidr: '10.1.0.0/16' }, prod: { Cidr: '10.2.0.0/16' } }, Same: { 'us-east-1': { Bits: 8 }, 'eu-west-1': { Bits: 8 } } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Cidr'] } } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: { 'Fn::Select': [1, { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }] } } },
    ProdOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' },
    Lookup: { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn' } },
  },
};

const scenarioWhere = (prod: boolean): Scenario => enumerateScenarios(template).find((s) => s.conditions.get('IsProd') === prod)!;
const value = (expression: unknown, prod = false) => resolve(template, scenarioWhere(prod), expression);

describe('template evaluation: one value resolver for contract and diff', () => {
  test('the first scenario is the default launch; each condition value gets its scenario', () => {
    const scenarios = enumerateScenarios(template);
    expect(scenarios.map((s) => [s.conditions.get('IsProd'), s.description])).toEqual([
      [false, ''],
      [true, 'Env="prod"'],
    ]);
  });

  test('Mappings are looked up with the scenario value of the key; Fn::Cidr is computed', () => {
    expect(value({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] })).toBe('10.1.0.0/16');
    expect(value({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, true)).toBe('10.2.0.0/16');
    expect(value({ 'Fn::GetAtt': ['Subnet', 'CidrBlock'] })).toBe('10.0.1.0/24');
    expect(value({ 'Fn::Cidr': ['2001:db8::/56', 2, 64] })).toEqual(['2001:db8::/64', '2001:db8:0:1::/64']);
    // Keyed by the region: known when every region gives the same value.
    expect(value({ 'Fn::FindInMap': ['Same', { Ref: 'AWS::Region' }, 'Bits'] })).toBe(8);
  });

  test('a free parameter is symbolic, never its default; equal symbolic expressions are equal values', () => {
    const cidr = value({ 'Fn::Select': [0, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 2, 8] }] });
    expect(cidr).toBeInstanceOf(Symbolic);
    expect(sameValue(cidr, value({ 'Fn::Select': ['0', { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, '2', '8'] }] }))).toBe(true);
    expect(sameValue(cidr, value({ 'Fn::Select': [1, { 'Fn::Cidr': [{ Ref: 'VpcCidr' }, 2, 8] }] }))).toBe(false);
    expect(sameValue(cidr, '10.0.0.0/24')).toBe(false);
  });

  test("Fn::GetAZs '' and Fn::GetAZs {Ref: AWS::Region} are the same list", () => {
    const a = value({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(sameValue(a, value({ 'Fn::Select': [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] }))).toBe(true);
    expect(sameValue(a, value({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }))).toBe(false);
  });

  test('Fn::If follows the scenario; AWS::NoValue drops the element; Sub and Join render symbolic parts', () => {
    expect(value(['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }])).toEqual(['a']);
    expect(value(['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }], true)).toEqual(['a', 'b']);
    const name = value({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }) as Symbolic;
    expect(name.text).toBe('com.amazonaws.${AWS::Region}.s3');
    expect(sameValue(name, value({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] }))).toBe(true);
  });

  test('what cannot be known is unresolved, naming the value and why', () => {
    const imported = findUnresolved(resolve(template, scenarioWhere(false), [{ Ref: 'Subnet' }, { 'Fn::ImportValue': 'SharedSubnet' }], 'Subnets'));
    expect(String(imported)).toBe('Subnets[1]: Fn::ImportValue SharedSubnet: exported by another stack, not known from this template');
    expect(String(value({ 'Fn::GetAtt': ['Lookup', 'SubnetId'] }))).toBe('value: Lookup.SubnetId: set by custom resource Lookup (its Lambda) at deploy time');
    expect(value({ 'Fn::GetAtt': ['ProdOnly', 'TopicArn'] })).toBeInstanceOf(Unresolved);
    expect(value({ 'Fn::Frobnicate': 1 })).toBeInstanceOf(Unresolved);
    expect(value({ 'Fn::ForEach::Subnets': [] })).toBeInstanceOf(Unresolved);
  });

  test('resource Condition decides existence; malformed resources do not exist', () => {
    expect(resourceExists(template.Resources.ProdOnly, scenarioWhere(false))).toBe(false);
    expect(resourceExists(template.Resources.ProdOnly, scenarioWhere(true))).toBe(true);
    expect(resourceExists(null, scenarioWhere(true))).toBe(false);
  });
});
