import type { Command } from 'commander';
import { PRODUCTS } from '../../products/catalog';
import { synthesizeCurrentProducts } from '../catalog-build/current-templates';
import { CliError } from '../cli-error';
import { costAlternatives } from '../cost/alternatives';
import { costProduct, DEFAULT_RUN_MINUTES } from '../cost/model';
import { loadPriceTable, priceRegions, regionPrices } from '../cost/prices';
import { renderCostComparison, renderProductCost } from '../cost/render';

interface CostOptions {
  product?: string;
  region: string;
  azCount?: string;
  runMinutes: string;
  parameter: string[];
  json?: boolean;
}

/** `catalog cost`: the monthly cost of each product (its current version) from the committed price table. */
export function registerCost(program: Command): void {
  program
    .command('cost')
    .description(
      'Monthly cost (730 h) of each product as synthesized: quantities counted from its template under the parameter defaults, ' +
        'priced from scripts/cost/prices.json, plus the Fargate cost of the scheduled runs.',
    )
    .option('--product <id>', 'only this product')
    .option('--region <region>', 'region of the price table', 'ap-northeast-1')
    .option('--az-count <n>', 'set the AZ-count-like parameters (e.g. NatGatewayMode, EndpointAzCount) so billed resources span N AZs')
    .option('--run-minutes <minutes>', 'duration of one agent run', String(DEFAULT_RUN_MINUTES))
    .option('--parameter <name=value>', 'launch parameter value instead of the default (repeatable; needs --product)', collect, [])
    .option('--json', 'print the cost reports as JSON')
    .action((opts: CostOptions, cmd: Command) => {
      const table = loadPriceTable();
      regionPrices(table, opts.region);
      const azCount = opts.azCount === undefined ? undefined : positiveInteger('--az-count', opts.azCount);
      const runMinutes = positiveInteger('--run-minutes', opts.runMinutes);
      if (opts.product !== undefined && !PRODUCTS.some((p) => p.id === opts.product)) {
        throw new CliError(`--product ${opts.product}: unknown product; products: ${PRODUCTS.map((p) => p.id).join(', ')}`);
      }
      if (opts.parameter.length > 0 && opts.product === undefined) throw new CliError('--parameter needs --product: parameters differ between products');
      const parameters = Object.fromEntries(opts.parameter.map(parseParameter));

      const selected = PRODUCTS.filter((p) => opts.product === undefined || p.id === opts.product);
      const products = synthesizeCurrentProducts(cmd.optsWithGlobals().config, selected);
      const costs = products.map((p) =>
        costProduct({ id: p.definition.id, version: p.version, template: p.template }, table, { region: opts.region, azCount, runMinutes, parameters }),
      );
      const alternatives = products.flatMap((p, i) =>
        costAlternatives({ id: p.definition.id, version: p.version, template: p.template }, table, { region: opts.region, runMinutes, parameters }, costs[i]),
      );
      if (opts.json) {
        const report = { region: opts.region, hoursPerMonth: table.hoursPerMonth, regions: priceRegions(table), products: costs, alternatives };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${[...costs.map(renderProductCost), renderCostComparison(costs, alternatives)].join('\n\n')}\n`);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new CliError(`${flag} ${value}: expected a positive whole number`);
  return Number(value);
}

function parseParameter(text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new CliError(`--parameter ${text}: expected NAME=VALUE, e.g. --parameter EndpointAzCount=1`);
  return [text.slice(0, i), text.slice(i + 1)];
}
