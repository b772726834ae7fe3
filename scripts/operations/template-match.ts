/**
 * Does a deployed stack's template match a released product version? ImportAsProvisionedProduct requires
 * "the CloudFormation stack template matches the associated Service Catalog product provisioning artifact"
 * (API reference, ImportAsProvisionedProduct). AWS does not document how strictly it compares, so we report
 * two levels:
 * - `identical`: the text is the snapshot's text (trailing whitespace aside) — what AWS surely accepts;
 * - `equivalent`: the same template after normalizing only what CloudFormation itself treats as identical.
 *
 * Normalized (CloudFormation reads both forms the same way):
 * - JSON vs YAML, whitespace, indentation and key order (maps are unordered in both languages);
 * - YAML short-form intrinsics (`!Ref`, `!GetAtt A.B`, …) vs their long form, and `Fn::GetAtt: "A.B"` vs `["A", "B"]`;
 * - `DependsOn: X` vs `DependsOn: [X]`, and the order of DependsOn entries (a set of dependencies);
 * - `AWSTemplateFormatVersion: "2010-09-09"` vs absent (it is the only valid value).
 * Not normalized, deliberately: list order elsewhere (meaningful in Fn::Join, rules, policies), numbers vs numeric
 * strings (a resource provider may treat them differently), Description and Metadata (part of the artifact; our
 * identity lives in Metadata), anything inside strings (Fn::Sub bodies, policy JSON strings).
 */
import { parse } from 'yaml';
import type { CfnTemplate } from '../analyzers/upgrade-diff';
import { CFN_YAML_OPTIONS } from '../analyzers/upgrade-diff/template-file';
import { OperationError } from './errors';

export type TemplateMatch = 'identical' | 'equivalent' | 'different';

/** Parses a template body as returned by GetTemplate (a JSON or YAML string). */
export function parseTemplateBody(body: string, source: string): CfnTemplate {
  let parsed: unknown;
  const json = body.trimStart().startsWith('{');
  try {
    parsed = json ? JSON.parse(body) : parse(body, CFN_YAML_OPTIONS);
  } catch (error) {
    throw new OperationError(`The template of ${source} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OperationError(`The template of ${source} is not a CloudFormation template object.`);
  }
  return parsed as CfnTemplate;
}

export function compareTemplates(stack: { text: string; template: unknown }, release: { text: string; template: unknown }): TemplateMatch {
  if (stack.text.trimEnd() === release.text.trimEnd()) return 'identical';
  return JSON.stringify(normalizeTemplate(stack.template)) === JSON.stringify(normalizeTemplate(release.template)) ? 'equivalent' : 'different';
}

/** A canonical copy of a template: the normalizations listed above, and every map's keys sorted. */
export function normalizeTemplate(template: unknown): unknown {
  const copy = { ...(template as Record<string, unknown>) };
  if (copy.AWSTemplateFormatVersion === '2010-09-09') delete copy.AWSTemplateFormatVersion;
  const resources = copy.Resources;
  if (resources && typeof resources === 'object' && !Array.isArray(resources)) {
    copy.Resources = Object.fromEntries(
      Object.entries(resources as Record<string, unknown>).map(([id, resource]) => [id, normalizeDependsOn(resource)]),
    );
  }
  return canonical(copy);
}

function normalizeDependsOn(resource: unknown): unknown {
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) return resource;
  const dependsOn = (resource as { DependsOn?: unknown }).DependsOn;
  if (dependsOn === undefined) return resource;
  const list = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  if (!list.every((d) => typeof d === 'string')) return resource;
  return { ...resource, DependsOn: [...new Set(list as string[])].sort() };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(
    entries.map(([key, v]) => [key, key === 'Fn::GetAtt' && typeof v === 'string' && v.includes('.') ? splitGetAtt(v) : canonical(v)]),
  );
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Paths where two normalized templates differ (`Metadata.AgentNetworkCatalog`, `Resources.Vpc.Properties.CidrBlock`),
 * at most `limit` of them. Complements the upgrade analysis, which ignores Metadata.
 */
export function templateDifferences(a: unknown, b: unknown, limit = 20): string[] {
  const found: string[] = [];
  walk(normalizeTemplate(a), normalizeTemplate(b), '', found, limit);
  return found;
}

function walk(a: unknown, b: unknown, path: string, found: string[], limit: number): void {
  if (found.length >= limit) return;
  const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isMap(a) && isMap(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
      const child = path === '' ? key : `${path}.${key}`;
      if (!(key in right)) found.push(`${child} (only in the stack)`);
      else if (!(key in left)) found.push(`${child} (only in the release)`);
      else walk(left[key], right[key], child, found, limit);
      if (found.length >= limit) return;
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) found.push(path === '' ? '(whole template)' : path);
}
