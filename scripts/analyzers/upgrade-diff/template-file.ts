/** Reads a template snapshot (JSON or YAML) for the upgrade analysis. */
import { readFileSync } from 'node:fs';
import { parse, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';
import type { CfnTemplate } from './types';

export function loadTemplateFile(path: string): CfnTemplate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Template file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    // JSON is a subset of YAML 1.2, but JSON.parse is faster and gives better messages for .json files.
    parsed = /\.json$/i.test(path) ? JSON.parse(text) : parse(text, CFN_YAML_OPTIONS);
  } catch (error) {
    throw new Error(`Template file ${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Template file ${path} must contain a CloudFormation template object; got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  }
  const resources = (parsed as Record<string, unknown>).Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    throw new Error(`Template file ${path} must have a "Resources" map of logical id to resource; found ${resources === undefined ? 'none' : JSON.stringify(resources)}.`);
  }
  return parsed as CfnTemplate;
}

/**
 * Short-form intrinsics (!Ref, !GetAtt, !Sub ...) become their long form so both formats diff alike. Each tag is
 * declared for a scalar, a sequence and a mapping operand, as the yaml package resolves them separately.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];

function longForm(name: string, operand: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: operand };
  // !GetAtt Resource.Attribute is the one short form whose scalar operand is split.
  if (name === 'GetAtt' && typeof operand === 'string') return { 'Fn::GetAtt': operand.split('.') };
  return { [`Fn::${name}`]: operand };
}

function tagsFor(name: string): Tags {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    { tag, collection: 'seq', resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => longForm(name, value.toJSON()) },
    { tag, collection: 'map', resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => longForm(name, value.toJSON()) },
  ];
}

/** Also used to parse template bodies returned by CloudFormation GetTemplate (scripts/operations/template-match.ts). */
export const CFN_YAML_OPTIONS = { customTags: ['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsFor) };
