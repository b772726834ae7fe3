/**
 * A template as one scenario launches it, for the diff engine: only the resources that exist in the scenario, each
 * property replaced by its value (Mappings looked up, parameters the scenario fixes filled in, Fn::If chosen,
 * Fn::Select/Join/Sub/Cidr computed) by the shared evaluator. Two expressions that differ as written but give the same
 * value then compare equal, and the same expression that gives another value (a Mappings entry changed) differs.
 *
 * Values known only at launch stay symbolic and compare by identity: a reference to a resource or a parameter the
 * scenario leaves free stays `{Ref}`/`{Fn::GetAtt}` (so replacement cascades still see it); any other symbolic value
 * (the region, an AZ of Fn::GetAZs) becomes its canonical key. A property with a value the template cannot give
 * (Fn::ImportValue, a custom resource's attribute, a Mappings entry keyed by a value known only at launch) is kept as
 * written, with its Fn::If chosen and the Mappings tables it reads copied in: compared as written, and any change in
 * such a table counts as a change of the value.
 */
import { findUnresolved, ParameterValue, resolveConditions, resourceExists, Resolver, ResourceValue, Symbolic, valueKey, type Scenario } from '../template-evaluation';
import type { CfnResource, CfnTemplate } from './types';

export function resolvedTemplate(template: CfnTemplate, scenario: Scenario): CfnTemplate {
  const resolver = new Resolver(template, scenario);
  const resources: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!resourceExists(resource, scenario)) continue;
    // The Condition is decided (the resource exists); the other attributes may hold Fn::If (DeletionPolicy).
    const { Properties: properties, ...attributes } = resource;
    delete attributes.Condition;
    const copy = resolveConditions(attributes, scenario) as CfnResource;
    if (properties && typeof properties === 'object') {
      copy.Properties = Object.fromEntries(
        Object.entries(properties).flatMap(([name, expression]) => {
          const value = resolvedProperty(resolver, expression, `${logicalId}.Properties.${name}`, scenario);
          return value === undefined ? [] : [[name, value]];
        }),
      );
    }
    resources[logicalId] = copy;
  }
  // Only Resources differ per scenario; parameters, outputs and sections are compared as written, once (analyze.ts).
  return { ...template, Resources: resources };
}

function resolvedProperty(resolver: Resolver, expression: unknown, where: string, scenario: Scenario): unknown {
  const value = resolver.value(expression, where);
  if (findUnresolved(value)) return withMappingTables(resolveConditions(expression, scenario), resolver.template);
  return asTemplateValue(value);
}

/** Each `Fn::FindInMap` with the whole table it reads as a last operand, so that a changed table is a changed value. */
function withMappingTables(expression: unknown, template: CfnTemplate): unknown {
  if (Array.isArray(expression)) return expression.map((e) => withMappingTables(e, template));
  if (expression === null || typeof expression !== 'object') return expression;
  const lookup = (expression as Record<string, unknown>)['Fn::FindInMap'];
  if (Array.isArray(lookup) && typeof lookup[0] === 'string') return { 'Fn::FindInMap': [...lookup, { table: template.Mappings?.[lookup[0]] ?? null }] };
  return Object.fromEntries(Object.entries(expression).map(([k, v]) => [k, withMappingTables(v, template)]));
}

/** A resolved value written back as template JSON the diff engine compares. */
function asTemplateValue(value: unknown): unknown {
  if (value instanceof ResourceValue) return value.attribute ? { 'Fn::GetAtt': [value.id, value.attribute] } : { Ref: value.id };
  if (value instanceof ParameterValue) return { Ref: value.parameter };
  if (value instanceof Symbolic) return valueKey(value);
  if (Array.isArray(value)) return value.map(asTemplateValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asTemplateValue(v)]));
  return value;
}
