import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { catalogConfigSchema, type CatalogConfig } from './schema';

/** The configuration used when none is chosen. */
export const DEFAULT_CONFIG_FILE = path.join('config', 'default.yaml');

/** A configuration that cannot be used; the message lists every problem, one per line. */
export class ConfigError extends Error {
  readonly userFacing = true;
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid catalog configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads, parses (YAML or JSON) and validates a configuration file. */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): CatalogConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message}`]);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new ConfigError(file, [`not valid YAML/JSON: ${(e as Error).message}`]);
  }
  return parseConfig(data, file);
}

/** Validates already-parsed configuration data. */
export function parseConfig(data: unknown, source = '<inline>'): CatalogConfig {
  const result = catalogConfigSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(source, result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${field}: unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowedKeys(issue.path).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `${field}: required (${issue.expected}) but missing`
        : `${field}: got ${show(issue.input)}, expected ${issue.expected}`;
    default:
      return `${field}: got ${show(issue.input)}, allowed: ${issue.message}`;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The field names the schema allows at a path, for "unknown field" messages. */
function allowedKeys(fieldPath: PropertyKey[]): string[] {
  let schema: z.core.$ZodType = catalogConfigSchema;
  for (const key of fieldPath) {
    const shape = objectShape(schema);
    if (!shape || !(String(key) in shape)) return [];
    schema = shape[String(key)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | undefined {
  let def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
  while (def.innerType || def.in) def = (def.innerType ?? def.in)!._zod.def as typeof def;
  return def.type === 'object' ? def.shape : undefined;
}
