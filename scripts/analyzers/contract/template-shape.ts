/**
 * The shape a template must have before its network can be read: a `Resources` object whose entries are objects
 * with a string `Type` and, if present, object `Properties`; object `Parameters`, `Conditions`, `Mappings` and
 * `Outputs`. Anything else is refused with the path of the first bad value, instead of failing somewhere inside.
 */
export function templateShapeErrors(template: unknown): string[] {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return [`the template is ${describe(template)}; expected an object with Resources`];
  const t = template as Record<string, unknown>;
  const errors: string[] = [];
  if (!isObject(t.Resources)) errors.push(`Resources is ${describe(t.Resources)}; expected an object of resources`);
  for (const section of ['Parameters', 'Conditions', 'Mappings', 'Outputs', 'Metadata']) {
    if (t[section] !== undefined && !isObject(t[section])) errors.push(`${section} is ${describe(t[section])}; expected an object`);
  }
  for (const [id, resource] of Object.entries(isObject(t.Resources) ? t.Resources : {})) {
    if (id.startsWith('Fn::ForEach::')) continue;
    if (!isObject(resource)) {
      errors.push(`Resources.${id} is ${describe(resource)}; each resource must be an object with a Type`);
      continue;
    }
    if (typeof resource.Type !== 'string' || resource.Type === '') errors.push(`Resources.${id}.Type is ${describe(resource.Type)}; expected a resource type such as AWS::EC2::Subnet`);
    if (resource.Properties !== undefined && !isObject(resource.Properties)) errors.push(`Resources.${id}.Properties is ${describe(resource.Properties)}; expected an object`);
    if (resource.Condition !== undefined && typeof resource.Condition !== 'string') errors.push(`Resources.${id}.Condition is ${describe(resource.Condition)}; expected a condition name`);
  }
  for (const [name, parameter] of Object.entries(isObject(t.Parameters) ? t.Parameters : {})) {
    if (!isObject(parameter)) errors.push(`Parameters.${name} is ${describe(parameter)}; expected an object with a Type`);
    else if (parameter.AllowedValues !== undefined && !Array.isArray(parameter.AllowedValues)) errors.push(`Parameters.${name}.AllowedValues is ${describe(parameter.AllowedValues)}; expected a list`);
  }
  for (const [name, output] of Object.entries(isObject(t.Outputs) ? t.Outputs : {})) {
    if (!isObject(output)) errors.push(`Outputs.${name} is ${describe(output)}; expected an object with a Value`);
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
