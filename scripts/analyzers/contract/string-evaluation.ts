/**
 * String and list expressions evaluated for given parameter values: `Ref` of a parameter, `Fn::Join`, `Fn::Split`,
 * `Fn::Select` (after `Fn::If` is resolved). Enough to render a template's Suricata rules string for a launch.
 */
export function evaluateExpression(value: unknown, parameter: (name: string) => string | undefined): string | string[] | undefined {
  const recurse = (v: unknown) => evaluateExpression(v, parameter);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items = value.map(recurse);
    return items.every((i) => typeof i === 'string') ? (items as string[]) : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return parameter(o.Ref);
  const join = o['Fn::Join'];
  if (Array.isArray(join)) {
    const parts = recurse(join[1]);
    return typeof join[0] === 'string' && Array.isArray(parts) ? parts.join(join[0]) : undefined;
  }
  const split = o['Fn::Split'];
  if (Array.isArray(split)) {
    const source = recurse(split[1]);
    return typeof split[0] === 'string' && typeof source === 'string' ? source.split(split[0]) : undefined;
  }
  const select = o['Fn::Select'];
  if (Array.isArray(select)) {
    const list = recurse(select[1]);
    const index = Number(select[0]);
    return Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length ? list[index] : undefined;
  }
  return undefined;
}
