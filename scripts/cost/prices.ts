import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { repoRoot } from '../../products/shared/repo-root';
import { CliError } from '../cli-error';

/**
 * The committed price table (`scripts/cost/prices.json`): per region, each price with the AWS pricing page it comes
 * from and the date it was checked. A price nobody could source is `null` with a note; the model then reports the
 * line as unpriced instead of inventing a number.
 */

export const PRICE_KEYS = [
  'natGatewayHour',
  'natGatewayGb',
  'regionalNatGatewayAzHour',
  'regionalNatGatewayGb',
  'publicIpv4Hour',
  'interfaceEndpointAzHour',
  'interfaceEndpointGb',
  'gatewayEndpointHour',
  'firewallEndpointHour',
  'firewallGb',
  'fargateVcpuHour',
  'fargateGbHour',
  'fargateSpotVcpuHour',
  'fargateSpotGbHour',
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const priceSchema = z.strictObject({
  usd: z.number().nonnegative().nullable(),
  source: z.url('the URL of the AWS pricing page'),
  checked: z.string().regex(DATE, 'the date the price was checked, YYYY-MM-DD'),
  note: z.string().optional(),
});

const tableSchema = z.strictObject({
  description: z.string(),
  hoursPerMonth: z.number().positive(),
  hoursPerMonthSource: z.string(),
  rules: z.strictObject({
    natWaiverWithFirewall: z.strictObject({ description: z.string(), source: z.url(), checked: z.string().regex(DATE), note: z.string().optional() }),
  }),
  regions: z.record(z.string(), z.strictObject(Object.fromEntries(PRICE_KEYS.map((k) => [k, priceSchema])) as Record<PriceKey, typeof priceSchema>)),
});

export type Price = z.infer<typeof priceSchema>;
export type PriceTable = z.infer<typeof tableSchema>;
export type RegionPrices = Record<PriceKey, Price>;

export function pricesFile(): string {
  return path.join(repoRoot(), 'scripts', 'cost', 'prices.json');
}

let cached: PriceTable | undefined;

export function loadPriceTable(file = pricesFile()): PriceTable {
  if (file === pricesFile() && cached) return cached;
  const parsed = tableSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new CliError(`${path.relative(process.cwd(), file)} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  if (file === pricesFile()) cached = parsed.data;
  return parsed.data;
}

export function priceRegions(table: PriceTable): string[] {
  return Object.keys(table.regions).sort();
}

/** The prices of one region; an unknown region is a user error that lists the regions the table has. */
export function regionPrices(table: PriceTable, region: string): RegionPrices {
  const prices = table.regions[region];
  if (!prices) {
    throw new CliError(`--region ${region}: no prices for this region in scripts/cost/prices.json; regions with prices: ${priceRegions(table).join(', ')}`);
  }
  return prices;
}
