import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { loadConfig } from '../../config/load';
import type { CatalogConfig } from '../../config/schema';
import { productDefinition } from '../../products/catalog';
import type { ProductId } from '../../products/shared/identity';
import { templateApp } from '../../products/shared/template-app';
import { snapshotFile, readReleases } from '../../products/versioning/release-records';
import { synthesizeCatalog, type CatalogSynthesis } from '../../scripts/catalog-build/synth';
import { cachedJson } from './fixture-cache';

export const DEFAULT_CONFIG = 'config/default.yaml';

export function defaultConfig(): CatalogConfig {
  return loadConfig(DEFAULT_CONFIG);
}

export function tempDir(prefix = 'catalog-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let cached: CatalogSynthesis | undefined;

/** The default catalog synthesized once per test file into a temporary folder. */
export function defaultSynthesis(): CatalogSynthesis {
  cached ??= synthesizeCatalog({ configFile: DEFAULT_CONFIG, outdir: tempDir() });
  return cached;
}

export type CfnTemplate = {
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, Record<string, unknown>>;
  Rules?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[]; Condition?: string }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
};

export function readTemplate(file: string): CfnTemplate {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
}

/**
 * The current (synthesized) template of a product, built alone with the given configuration. Built once per source
 * state and configuration for all test files (fixture-cache.ts); each call gets its own copy.
 */
export function productTemplate(productId: ProductId, config: CatalogConfig = defaultConfig()): CfnTemplate {
  return cachedJson('product-template', { productId, config }, () => synthesizeProductTemplate(productId, config));
}

function synthesizeProductTemplate(productId: ProductId, config: CatalogConfig): CfnTemplate {
  const definition = productDefinition(productId);
  const app = templateApp({ outdir: tempDir() });
  const host = new Stack(app, definition.constructId);
  const stack = definition.create(host, 'Template', { version: 'v0.0.0-test', config });
  app.synth();
  return readTemplate(path.join(app.outdir, stack.templateFile));
}

/** Every released snapshot of a product, oldest first. */
export function releasedTemplates(productId: ProductId): { version: string; template: CfnTemplate }[] {
  return readReleases(productId).releases.map((r) => ({ version: r.version, template: readTemplate(snapshotFile(productId, r.version)) }));
}
