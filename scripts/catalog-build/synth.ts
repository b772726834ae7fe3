import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { loadConfig } from '../../config/load';
import type { CatalogConfig } from '../../config/schema';
import { buildCatalogApp, type CatalogApp } from '../../portfolios/catalog-app';
import { cdkJsonContext } from '../../portfolios/cdk-context';
import { checkSnapshotUnchanged } from '../../products/versioning/release-records';

/** One synthesized template of the catalog: a product version or a stack of the assembly. */
export interface TemplateEntry {
  readonly kind: 'product' | 'stack';
  /** Product id, or stack name. */
  readonly name: string;
  /** Product version, or '-' for stacks. */
  readonly version: string;
  /** Path of the template file (in cdk.out). */
  readonly file: string;
  readonly bytes: number;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  /** True for the version the product code synthesizes now (the latest release). */
  readonly current: boolean;
}

export interface CatalogSynthesis {
  readonly config: CatalogConfig;
  readonly configFile: string;
  readonly outdir: string;
  readonly catalog: CatalogApp;
  readonly assembly: CloudAssembly;
  readonly templates: TemplateEntry[];
  /** Released versions a portfolio region does not offer, and why (the portfolio stacks' info annotations). */
  readonly notOffered: string[];
  readonly seconds: number;
}

/**
 * Synthesizes the whole catalog into `outdir`: every product's current version, every released version from its
 * snapshot (staged as assets of the portfolio stacks), one portfolio stack per region and the launch-role stack.
 */
export function synthesizeCatalog(options: { configFile: string; outdir?: string }): CatalogSynthesis {
  const started = process.hrtime.bigint();
  const config = loadConfig(options.configFile);
  const outdir = path.resolve(options.outdir ?? 'cdk.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  // `catalog verify` runs the CloudFormation validator once over every template (portfolio and products), so the
  // per-synth run of it is switched off here.
  // cdk.json's context (the feature flags), as the CDK CLI would pass it.
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...cdkJsonContext(), config: options.configFile } });
  const catalog = buildCatalogApp(config, app);
  const assembly = app.synth();
  const templates = [...productTemplates(catalog, outdir), ...stackTemplates(assembly)];
  const notOffered = assembly.stacks.flatMap((s) => s.messages.filter((m) => m.level === 'info' && / is not offered in /.test(String(m.entry.data))).map((m) => String(m.entry.data)));
  return { config, configFile: options.configFile, outdir, catalog, assembly, templates, notOffered, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function productTemplates(catalog: CatalogApp, outdir: string): TemplateEntry[] {
  // Staged copies of the snapshots in cdk.out, found by content hash (the release manifest records it).
  const staged = new Map<string, string>();
  for (const f of fs.readdirSync(outdir).filter((n) => n.startsWith('asset.') && n.endsWith('.json'))) {
    staged.set(crypto.createHash('sha256').update(fs.readFileSync(path.join(outdir, f))).digest('hex'), path.join(outdir, f));
  }
  return catalog.products.flatMap((built) =>
    (built.manifest?.releases ?? []).map((release) => {
      const current = release.version === built.version;
      // A version no portfolio region offers (its snapshot embeds other distribution values) is not staged: still
      // listed and verified, from its committed snapshot (checked unchanged).
      const file = current ? built.templateFile : (staged.get(release.templateSha256) ?? checkSnapshotUnchanged(built.definition.id, release));
      return describe('product', built.definition.id, release.version, file, current);
    }),
  );
}

function stackTemplates(assembly: CloudAssembly): TemplateEntry[] {
  return assembly.stacks.map((s) => describe('stack', s.stackName, '-', path.join(assembly.directory, s.templateFile), false));
}

function describe(kind: TemplateEntry['kind'], name: string, version: string, file: string, current: boolean): TemplateEntry {
  const text = fs.readFileSync(file, 'utf8');
  const template = JSON.parse(text) as { Resources?: object; Parameters?: object; Outputs?: object };
  const count = (o?: object) => Object.keys(o ?? {}).length;
  return {
    kind,
    name,
    version,
    file,
    bytes: Buffer.byteLength(text),
    resources: count(template.Resources),
    parameters: count(template.Parameters),
    outputs: count(template.Outputs),
    current,
  };
}
