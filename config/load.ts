import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { principalWarnings } from './governance-schema';
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

export interface LoadOptions {
  /**
   * Receives each warning about a configuration that is valid but likely not what was meant (e.g. an IAM_PATTERN
   * that matches IAM Identity Center roles in only one kind of home region), as `<file>: <field>: <message>`.
   * @default printed once per process on stderr as `Warning: …`
   */
  readonly onWarning?: (warning: string) => void;
}

const printed = new Set<string>();

/** Prints a warning on stderr, once per process (a build loads the same configuration several times). */
export function printWarning(warning: string): void {
  if (printed.has(warning)) return;
  printed.add(warning);
  process.stderr.write(`Warning: ${warning}\n`);
}

/** Warnings about a valid configuration; each names the field, what it does and what to write instead. */
export function configWarnings(config: CatalogConfig): string[] {
  return [...principalWarnings(config.principals)];
}

/** Reads, parses (YAML or JSON) and validates a configuration file; warnings go to `options.onWarning`. */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE, options: LoadOptions = {}): CatalogConfig {
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
  return parseConfig(data, file, options);
}

/** Validates already-parsed configuration data; warnings go to `options.onWarning`. */
export function parseConfig(data: unknown, source = '<inline>', options: LoadOptions = {}): CatalogConfig {
  const result = catalogConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  const onWarning = options.onWarning ?? printWarning;
  for (const warning of configWarnings(result.data)) onWarning(`${source}: ${warning}`);
  return result.data;
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
