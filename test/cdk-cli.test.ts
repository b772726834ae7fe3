/**
 * The CDK CLI is a client of the app like any user's: it hands the app its own context (path metadata, asset
 * metadata, version reporting, bundling) and cdk.json's feature flags. These tests run the real CLI
 * (node_modules/aws-cdk) the way the README's deploy steps do, for every committed configuration, and compare what it
 * synthesizes with `catalog synth`. The CLI runs cdk.json's app (node dist/portfolios/app.js): jest's global setup
 * compiles dist/ from the sources under test first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { cdkJsonContext } from '../portfolios/cdk-context';
import { synthesizeCatalog } from '../scripts/catalog-build/synth';
import { tempDir } from './support/catalog';

const ROOT = path.resolve(__dirname, '..');
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const CONFIGS = ['config/default.yaml', ...fs.readdirSync(path.join(ROOT, 'config/examples')).map((f) => `config/examples/${f}`)];

function cdk(args: string[]): { status: number; stdout: string; stderr: string } {
  // No credentials and no region: nothing may depend on an AWS account.
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_REGION: '', AWS_DEFAULT_REGION: '', CDK_DISABLE_VERSION_CHECK: '1' };
  const r = spawnSync(process.execPath, [CDK, ...args, '--no-notices'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** What only the CLI adds to a stack template: construct paths, asset metadata (for SAM), the CDKMetadata resource. */
function withoutCliMetadata(file: string): unknown {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete template.Resources.CDKMetadata;
  for (const resource of Object.values<{ Metadata?: Record<string, unknown> }>(template.Resources)) {
    for (const key of Object.keys(resource.Metadata ?? {})) {
      if (key === 'aws:cdk:path' || key.startsWith('aws:asset:')) delete resource.Metadata![key];
    }
    if (resource.Metadata && Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
  }
  delete template.Conditions?.CDKMetadataAvailable;
  if (template.Conditions && Object.keys(template.Conditions).length === 0) delete template.Conditions;
  return template;
}

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe.each(CONFIGS)('npx cdk with %s', (configFile) => {
  let cliOut: string;
  let catalogOut: string;

  beforeAll(() => {
    cliOut = tempDir('catalog-test-cli-');
    outdirs.push(cliOut);
    const synth = cdk(['synth', '-q', '-o', cliOut, '-c', `config=${configFile}`]);
    if (synth.status !== 0) throw new Error(`cdk synth failed for ${configFile}:\n${synth.stderr}`);
    catalogOut = tempDir('catalog-test-cli-');
    outdirs.push(catalogOut);
    synthesizeCatalog({ configFile, outdir: catalogOut });
  }, 180_000);

  test('cdk synth writes every product template byte-identical to catalog synth (and so to the locked snapshots)', () => {
    const products = fs.readdirSync(path.join(catalogOut, 'product-templates')).filter((f) => f.endsWith('.product.template.json'));
    expect(products).toHaveLength(5);
    for (const file of products) {
      const cli = fs.readFileSync(path.join(cliOut, 'product-templates', file), 'utf8');
      expect(cli).not.toContain('aws:cdk:path');
      expect(cli).toBe(fs.readFileSync(path.join(catalogOut, 'product-templates', file), 'utf8'));
    }
    // The released versions the portfolio offers are staged as the same asset files by both.
    const assets = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('asset.') && f.endsWith('.json')).sort();
    expect(assets(cliOut)).toEqual(assets(catalogOut));
  });

  test('cdk synth and catalog synth give the same stacks, but for what only the CLI adds', () => {
    const stacks = fs.readdirSync(catalogOut).filter((f) => f.endsWith('.template.json'));
    expect(stacks.length).toBeGreaterThanOrEqual(2);
    for (const file of stacks) {
      expect(withoutCliMetadata(path.join(cliOut, file))).toEqual(withoutCliMetadata(path.join(catalogOut, file)));
    }
  });

  test('cdk ls lists one portfolio stack per region and the launch-role stack(s)', () => {
    // From the assembly cdk synth wrote (the same app run again would only repeat the synthesis above).
    const ls = cdk(['ls', '--app', cliOut]);
    expect(ls.status).toBe(0);
    const expected = fs.readdirSync(catalogOut).filter((f) => f.endsWith('.template.json')).map((f) => f.replace('.template.json', ''));
    expect(ls.stdout.trim().split('\n').sort()).toEqual(expected.sort());
  });

  test('cdk diff against a template works offline (no credentials) and finds no difference with itself', () => {
    const stack = fs.readdirSync(cliOut).find((f) => f.startsWith('AgentNetworkCatalog-') && f.endsWith('.template.json'))!;
    const diff = cdk(['diff', '--app', cliOut, '--template', path.join(cliOut, stack), stack.replace('.template.json', ''), '--fail']);
    expect(diff.status).toBe(0);
    expect(diff.stdout + diff.stderr).toMatch(/There were no differences|Number of stacks with differences: 0/);
  });
});

describe('feature flags', () => {
  test('cdk.json decides every feature flag: the CLI reports none unconfigured', () => {
    // `cdk flags` is marked unstable in the pinned CLI; its verdict line is what a user reads.
    const flags = cdk(['flags', '--unstable=flags']);
    expect(flags.status).toBe(0);
    expect(flags.stdout + flags.stderr).toMatch(/All feature flags are already set to their recommended values/);
    const context = cdkJsonContext();
    expect(Object.keys(CURRENTLY_RECOMMENDED_FLAGS).filter((key) => !(key in context))).toEqual([]);
  });

  test('cdk deploy is usable at --help level', () => {
    const help = cdk(['deploy', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--require-approval/);
  });
});
