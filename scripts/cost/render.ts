import { renderTable } from '../format/table';
import type { ProductCost } from './model';

/** USD with two decimals; a missing price shows as "n/a". */
export function usd(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(2);
}

export function renderProductCost(c: ProductCost): string {
  const parameters = Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`);
  return [
    `${c.product} ${c.version} in ${c.region}${parameters.length ? ` (${parameters.join(', ')})` : ''}`,
    renderTable(
      ['line item', 'quantity', 'unit', 'unit USD', 'monthly USD'],
      c.lineItems.map((i) => [i.name, i.quantity, i.unit, i.unitUsd === null ? 'n/a' : String(i.unitUsd), usd(i.monthlyUsd)]),
    ),
    `fixed monthly: ${usd(c.fixedMonthlyUsd)} USD; scheduled runs (${c.runsPerMonth}/month × ${c.runMinutes} min): ${usd(c.runsMonthlyUsd)} USD; total: ${usd(c.monthlyUsd)} USD`,
    ...c.dataRates.map((r) => `per GB: ${r.name} ${r.usdPerGb === null ? 'n/a' : r.usdPerGb} USD (${r.appliesTo})`),
    ...c.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

/** One row per product; its alternatives (other choices with another fixed cost) follow it, named by their values. */
export function renderCostComparison(costs: ProductCost[], alternatives: ProductCost[] = []): string {
  const row = (c: ProductCost, label: string) => [label, c.region, c.billedAzs, usd(c.fixedMonthlyUsd), usd(c.runsMonthlyUsd), usd(c.monthlyUsd)];
  const changed = (c: ProductCost, base: ProductCost) =>
    Object.entries(c.parameters)
      .filter(([k, v]) => base.parameters[k] !== v)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return renderTable(
    ['product', 'region', 'AZs billed', 'fixed USD/month', 'runs USD/month', 'total USD/month'],
    costs.flatMap((c) => [row(c, c.product), ...alternatives.filter((a) => a.product === c.product).map((a) => row(a, `${c.product} (${changed(a, c)})`))]),
  );
}
