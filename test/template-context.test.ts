import * as fs from 'fs';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { TEMPLATE_CONTEXT, templateApp } from '../products/shared/template-app';
import { synthesizeProducts } from '../products/synthesize';
import { defaultConfig, tempDir } from './support/catalog';

/** What the CDK CLI puts in the environment of the app it runs, plus every recommended feature flag and a stray -c value. */
const CLI_CONTEXT = {
  ...CURRENTLY_RECOMMENDED_FLAGS,
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  somethingElse: 'x',
};

describe('product templates depend only on the code', () => {
  const saved = process.env.CDK_CONTEXT_JSON;
  const dirs: string[] = [];
  beforeEach(() => {
    process.env.CDK_CONTEXT_JSON = JSON.stringify(CLI_CONTEXT);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = saved;
  });
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('templateApp sees the pinned context and nothing of the environment', () => {
    const dir = tempDir();
    dirs.push(dir);
    const context = templateApp({ outdir: dir }).node.getAllContext() as Record<string, unknown>;
    expect(Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined))).toEqual(TEMPLATE_CONTEXT);
  });

  test('with the CLI context in the environment, every product still synthesizes its locked snapshot', () => {
    const dir = tempDir();
    dirs.push(dir);
    // ProductStackHistory (locked) throws when a released version's template would change.
    const built = synthesizeProducts(defaultConfig(), dir);
    for (const product of built) {
      const text = fs.readFileSync(product.templateFile, 'utf8');
      expect(text).not.toContain('aws:cdk:path');
      expect(text).not.toContain('CDKMetadata');
      expect(path.basename(product.templateFile)).toMatch(/\.product\.template\.json$/);
    }
  });
});
