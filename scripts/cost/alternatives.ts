import { azCountParameters } from './az-count';
import type { ParameterValues, Template } from './evaluate';
import { costProduct, type CostOptions, type ProductCost } from './model';
import type { PriceTable } from './prices';

/**
 * The other choices that change what a product bills every hour, costed beside the default launch. A parameter with
 * AllowedValues qualifies when another value changes the fixed monthly cost — e.g. private-link's CredentialStores,
 * whose parameter-store-and-secrets-manager adds the Secrets Manager endpoint. Parameters that change the AZ spread
 * (NatGatewayMode, EndpointAzCount) are --az-count's, not alternatives; per-run choices (FARGATE_SPOT) are left out.
 */
export function costAlternatives(
  product: { id: string; version: string; template: Template },
  table: PriceTable,
  options: CostOptions,
  base: ProductCost,
): ProductCost[] {
  const given: ParameterValues = { ...(options.parameters ?? {}), ...base.parameters };
  const spreadParameters = new Set(azCountParameters(product.template, given).map((p) => p.name));
  const alternatives: ProductCost[] = [];
  for (const [name, parameter] of Object.entries(product.template.Parameters ?? {})) {
    if (name in given || spreadParameters.has(name) || !parameter.AllowedValues) continue;
    const current = String(parameter.Default ?? '');
    for (const value of parameter.AllowedValues.map(String).filter((v) => v !== current)) {
      const cost = costProduct(product, table, { ...options, azCount: undefined, parameters: { ...given, [name]: value } });
      if (cost.fixedMonthlyUsd !== base.fixedMonthlyUsd) alternatives.push(cost);
    }
  }
  return alternatives;
}
