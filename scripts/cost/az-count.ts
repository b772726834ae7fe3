import { TemplateEvaluator, type ParameterValues, type Template } from './evaluate';
import { countBilledQuantities } from './quantities';

/**
 * `--az-count N` without a per-product table. The billed AZ spread of a template is the number of distinct
 * availability zones its per-AZ billed resources sit in (NAT gateways, interface endpoint network interfaces,
 * Network Firewall endpoints). A parameter is AZ-count-like when changing it alone, over its allowed values (or
 * a Number range of at most 16 values), changes that spread — e.g. NatGatewayMode single|per-az, EndpointAzCount
 * 1|2. For N, each such parameter takes the value under which the template spans N zones (its default when that
 * already does). Parameters that merely toggle a resource in the same zones are left alone.
 */
export interface AzCountParameter {
  readonly name: string;
  /** Spread for each candidate value, in candidate order. */
  readonly spreads: { readonly value: string; readonly azs: number }[];
}

const MAX_NUMBER_CANDIDATES = 16;

export function billedAzSpread(evaluator: TemplateEvaluator): number {
  const q = countBilledQuantities(evaluator);
  return new Set([...q.natGateways.map((n) => n.az), ...q.regionalNatGatewayAzs.map((n) => n.az), ...q.interfaceEndpoints.flatMap((e) => e.azs), ...q.firewallEndpoints.map((f) => f.az)]).size;
}

export function azCountParameters(template: Template, base: ParameterValues = {}): AzCountParameter[] {
  const found: AzCountParameter[] = [];
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (name in base) continue;
    const values = candidateValues(parameter);
    if (values.length < 2) continue;
    const spreads = values.map((value) => ({ value, azs: billedAzSpread(new TemplateEvaluator(template, { ...base, [name]: value })) }));
    if (new Set(spreads.map((s) => s.azs)).size > 1) found.push({ name, spreads });
  }
  return found;
}

/** The parameter values that make the template span `azCount` zones, or an explanation why it cannot. */
export function parametersForAzCount(
  template: Template,
  azCount: number,
  base: ParameterValues = {},
): { values: ParameterValues; parameters: AzCountParameter[]; problem?: string } {
  const parameters = azCountParameters(template, base);
  const values: ParameterValues = {};
  for (const p of parameters) {
    const defaultValue = String(template.Parameters?.[p.name]?.Default ?? '');
    const match = p.spreads.find((s) => s.value === defaultValue && s.azs === azCount) ?? p.spreads.find((s) => s.azs === azCount);
    if (!match) {
      const options = p.spreads.map((s) => `${p.name}=${s.value} spans ${s.azs}`).join(', ');
      return { values, parameters, problem: `cannot span ${azCount} AZs (${options})` };
    }
    values[p.name] = match.value;
  }
  return { values, parameters };
}

function candidateValues(parameter: { Type: string; AllowedValues?: unknown[]; MinValue?: unknown; MaxValue?: unknown }): string[] {
  if (parameter.AllowedValues) return parameter.AllowedValues.map(String);
  if (parameter.Type === 'Number' && parameter.MinValue !== undefined && parameter.MaxValue !== undefined) {
    const [min, max] = [Number(parameter.MinValue), Number(parameter.MaxValue)];
    if (Number.isInteger(min) && Number.isInteger(max) && max - min < MAX_NUMBER_CANDIDATES) {
      return Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
    }
  }
  return [];
}
