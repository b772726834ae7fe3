import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplateFile } from '../../scripts/analyzers/upgrade-diff';

const dir = mkdtempSync(join(tmpdir(), 'upgrade-diff-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadTemplateFile', () => {
  test('reads a JSON template', () => {
    const path = file('a.template.json', JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } }));
    expect(loadTemplateFile(path).Resources.Vpc.Type).toBe('AWS::EC2::VPC');
  });

  test('reads YAML with short-form intrinsics as their long form', () => {
    const path = file('b.yaml', [
      'Resources:',
      '  Subnet:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      '      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]',
      '      Name: !Sub',
      '        - "${Prefix}-a"',
      '        - { Prefix: !Ref AWS::StackName }',
    ].join('\n'));
    expect(loadTemplateFile(path).Resources.Subnet.Properties).toEqual({
      VpcId: { Ref: 'Vpc' },
      CidrBlock: { 'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }] },
      Name: { 'Fn::Sub': ['${Prefix}-a', { Prefix: { Ref: 'AWS::StackName' } }] },
    });
  });

  test('names the file when it cannot be read', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadTemplateFile(path)).toThrow(`Template file ${path} cannot be read`);
  });

  test('names the file when it is not valid JSON', () => {
    const path = file('broken.json', '{ "Resources": ');
    expect(() => loadTemplateFile(path)).toThrow(`Template file ${path} is not valid JSON`);
  });

  test('names the file when it has no Resources map', () => {
    const path = file('no-resources.yaml', 'Parameters:\n  A:\n    Type: String\n');
    expect(() => loadTemplateFile(path)).toThrow(`Template file ${path} must have a "Resources" map of logical id to resource; found none.`);
    const list = file('list.json', '[1, 2]');
    expect(() => loadTemplateFile(list)).toThrow(`Template file ${list} must contain a CloudFormation template object; got an array.`);
  });
});
