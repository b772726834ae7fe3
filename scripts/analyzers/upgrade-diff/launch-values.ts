/**
 * An update with parameter values: what a provisioned product launched with some values becomes when it is updated,
 * possibly with other values. Conditions are decided for each side's values (every other parameter at its default),
 * so a resource whose condition turns false is deleted and one whose condition turns true is created — which is how
 * changing a mode parameter replaces resources whose mode is create-only (nat-gateway NatGatewayMode: a zonal NAT
 * gateway and the regional one are different resources; AWS::EC2::NatGateway AvailabilityMode is create-only).
 */
import { resolveConditions, resourceExists, scenarioForValues } from '../template-evaluation';
import type { CfnTemplate } from './types';

/** `Name=value` pairs as given on the command line, checked against a template's parameters. */
export function parseLaunchValues(pairs: readonly string[], flag: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`${flag} ${JSON.stringify(pair)}: expected Name=value, e.g. ${flag} NatGatewayMode=regional`);
    values.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return values;
}

/** Refuses a parameter the template does not declare or a value outside its AllowedValues, naming what is allowed. */
export function checkLaunchValues(template: CfnTemplate, values: ReadonlyMap<string, string>, flag: string, label: string): void {
  const parameters = template.Parameters ?? {};
  for (const [name, value] of values) {
    const parameter = parameters[name];
    if (!parameter) throw new Error(`${flag} ${name}: ${label} has no parameter ${name}; parameters: ${Object.keys(parameters).join(', ')}`);
    const allowed = parameter.AllowedValues?.map(String);
    if (allowed && !allowed.includes(value)) throw new Error(`${flag} ${name}=${value}: not an allowed value of ${name} in ${label}; allowed: ${allowed.join(', ')}`);
  }
}

/**
 * The template as CloudFormation creates it for these values: resources and outputs whose condition is false left
 * out, every `Fn::If` decided, the Conditions section gone (nothing refers to it any more).
 */
export function templateForLaunch(template: CfnTemplate, values: ReadonlyMap<string, string>): CfnTemplate {
  const scenario = scenarioForValues(template, values);
  const decide = <T extends object>(entries: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.entries(entries)
        .filter(([, entry]) => resourceExists(entry as { Condition?: unknown }, scenario))
        .map(([id, entry]) => {
          const rest: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
          delete rest.Condition;
          return [id, resolveConditions(rest, scenario) as T];
        }),
    );
  const rest: CfnTemplate = { ...template };
  delete rest.Conditions;
  return { ...rest, Resources: decide(template.Resources), ...(template.Outputs ? { Outputs: decide(template.Outputs) } : {}) };
}
