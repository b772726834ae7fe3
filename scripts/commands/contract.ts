import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { PRODUCTS, productDefinition } from '../../products/catalog';
import { readReleases, snapshotFile } from '../../products/shared/releases';
import { synthesizeProducts } from '../../products/synthesize';
import { analyzeContract, renderContract, type ContractReport } from '../analyzers/contract';
import { loadTemplateFile } from '../analyzers/upgrade-diff/template-file';
import { CliError } from '../cli-error';

/**
 * `catalog contract (<product> [--version V] | --template FILE) [--promise P] [--json]`: the agent's egress paths per AZ and the
 * product's network promise, proven from the template alone. Exit 0 when the promise holds, 1 when it does not.
 */
export function registerContract(program: Command): void {
  program
    .command('contract')
    .description("Prove a product's network promise from its template: egress paths per AZ (internet, AWS services, return).")
    .argument('[product]', `a product id (${PRODUCTS.map((p) => p.id).join(', ')})`)
    .option('--version <version>', 'a released version (its snapshot); default: the current code')
    .option('--template <file>', 'any CloudFormation template file (JSON or YAML), e.g. a hand-edited copy')
    .option('--promise <product>', `check this product's promise (${PRODUCTS.map((p) => p.id).join(', ')}), e.g. on a template without our Metadata`)
    .option('--json', 'print the report as JSON')
    .action((product: string | undefined, opts: { version?: string; template?: string; promise?: string; json?: boolean }, cmd: Command) => {
      const report = contractReport(product, opts, cmd.optsWithGlobals().config);
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderContract(report)}\n`);
      if (report.verdict === 'cannot-prove') throw new CliError(`${report.template}: the ${report.productId} promise cannot be proven (${report.findings.length} finding(s))`);
      if (!report.holds) throw new CliError(`${report.template}: the ${report.productId} promise does not hold (${report.findings.length} finding(s))`);
    });
}

function contractReport(product: string | undefined, opts: { version?: string; template?: string; promise?: string }, configFile: string): ContractReport {
  if (opts.template && (product || opts.version)) throw new CliError('give either <product> [--version V] or --template FILE, not both');
  const options = { promise: opts.promise };
  if (opts.template) {
    try {
      return analyzeContract(loadTemplateFile(opts.template), path.basename(opts.template), options);
    } catch (e) {
      if ((e as { userFacing?: boolean }).userFacing) throw e;
      throw new CliError((e as Error).message);
    }
  }
  if (!product) throw new CliError(`give a product (${PRODUCTS.map((p) => p.id).join(', ')}) or --template FILE`);
  let definition;
  try {
    definition = productDefinition(product);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (opts.version) {
    const released = readReleases(definition.id).releases.map((r) => r.version);
    if (!released.includes(opts.version)) throw new CliError(`--version: ${definition.id} has no released version ${opts.version}; released: ${released.join(', ')}`);
    return analyzeContract(loadTemplateFile(snapshotFile(definition.id, opts.version)), `${definition.id} ${opts.version}`, options);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-contract-'));
  try {
    const [built] = synthesizeProducts(loadConfig(configFile), outdir, { products: [definition] });
    return analyzeContract(loadTemplateFile(built.templateFile), `${definition.id} ${built.version} (current code)`, options);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
