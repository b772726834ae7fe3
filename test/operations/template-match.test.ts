import { stringify } from 'yaml';
import { compareTemplates, normalizeTemplate, parseTemplateBody, templateDifferences } from '../../scripts/operations/template-match';
import { V1 } from './fixtures';

const release = { text: V1.text, template: V1.template };
const asStack = (text: string) => ({ text, template: parseTemplateBody(text, 'stack test') });

describe('compareTemplates', () => {
  test('the snapshot text itself is identical (trailing whitespace aside)', () => {
    expect(compareTemplates(asStack(`${V1.text}\n\n`), release)).toBe('identical');
  });

  test('the same template re-indented with keys in reverse order is equivalent, not identical', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    expect(compareTemplates(asStack(JSON.stringify(reversed(V1.template))), release)).toBe('equivalent');
  });

  test('YAML with short-form intrinsics, a scalar DependsOn and an explicit format version is equivalent to its JSON', () => {
    const json = {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'VpcCidr' } } },
        Subnet: { Type: 'AWS::EC2::Subnet', DependsOn: ['Vpc'], Properties: { VpcId: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } } },
      },
    };
    const yaml = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Subnet:',
      '    Type: AWS::EC2::Subnet',
      '    DependsOn: Vpc',
      '    Properties:',
      '      VpcId: !GetAtt Vpc.VpcId',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      CidrBlock: !Ref VpcCidr',
    ].join('\n');
    expect(compareTemplates(asStack(yaml), { text: JSON.stringify(json), template: json })).toBe('equivalent');
  });

  test('Fn::GetAtt as a dotted string equals its list form', () => {
    const dotted = { Resources: { S: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { 'Fn::GetAtt': 'Vpc.VpcId' } } } } };
    const listed = { Resources: { S: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } } } } };
    expect(compareTemplates({ text: JSON.stringify(dotted), template: dotted }, { text: JSON.stringify(listed), template: listed })).toBe('equivalent');
  });

  test('DependsOn order does not matter, list order elsewhere does', () => {
    const base = (dependsOn: string[], ports: number[]) => ({ Resources: { A: { Type: 'T', DependsOn: dependsOn, Properties: { Ports: ports } } } });
    expect(normalizeTemplate(base(['B', 'C'], [1, 2]))).toEqual(normalizeTemplate(base(['C', 'B'], [1, 2])));
    expect(normalizeTemplate(base(['B'], [1, 2]))).not.toEqual(normalizeTemplate(base(['B'], [2, 1])));
  });

  test('a number and a numeric string are different (not normalized)', () => {
    const a = { Resources: { G: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } };
    const b = { Resources: { G: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: '30' } } } };
    expect(compareTemplates({ text: JSON.stringify(a), template: a }, { text: JSON.stringify(b), template: b })).toBe('different');
  });

  test('a template without the catalog identity (a Proton stack) is different, and the difference is named', () => {
    const stripped = JSON.parse(V1.text);
    delete stripped.Metadata.AgentNetworkCatalog;
    const text = stringify(stripped);
    expect(compareTemplates(asStack(text), release)).toBe('different');
    expect(templateDifferences(parseTemplateBody(text, 'stack'), V1.template)).toEqual(['Metadata.AgentNetworkCatalog (only in the release)']);
  });
});

describe('parseTemplateBody', () => {
  test('names the stack and the language when the body cannot be parsed', () => {
    expect(() => parseTemplateBody('{ "Resources": ', 'stack broken')).toThrow(/^The template of stack broken is not valid JSON: /);
    expect(() => parseTemplateBody('- a\n- b', 'stack list')).toThrow('The template of stack list is not a CloudFormation template object.');
  });
});
