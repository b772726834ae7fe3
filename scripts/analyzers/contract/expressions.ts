/** Reading references and names out of CloudFormation expressions (after `Fn::If` is resolved). */

/** The logical id an expression refers to: `{Ref: X}` or `{Fn::GetAtt: [X, attr]}`, else undefined. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = getAttOf(value);
  return getAtt?.[0];
}

/** `[logicalId, attribute]` of an `Fn::GetAtt` (list or "A.B" form). */
export function getAttOf(value: unknown): [string, string] | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0], String(getAtt[1])];
  if (typeof getAtt === 'string' && getAtt.includes('.')) {
    const i = getAtt.indexOf('.');
    return [getAtt.slice(0, i), getAtt.slice(i + 1)];
  }
  return undefined;
}

/** The elements of a list-valued property (a literal list; a single non-list value counts as one element). */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every logical id referenced anywhere inside an expression. */
export function allReferencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allReferencedIds(v, into));
  else if (value !== null && typeof value === 'object') {
    const id = referencedId(value);
    if (id) into.add(id);
    else Object.values(value).forEach((v) => allReferencedIds(v, into));
  }
  return into;
}

/**
 * A string expression rendered with `${...}` placeholders (`Fn::Sub`, `Fn::Join` and `Ref` of pseudo parameters),
 * e.g. `com.amazonaws.${AWS::Region}.ecr.dkr`; undefined when it cannot be rendered.
 */
export function renderString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `\${${o.Ref}}`;
  const sub = o['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') {
    const vars = (sub[1] ?? {}) as Record<string, unknown>;
    return sub[0].replace(/\$\{([^}!]+)\}/g, (whole, name: string) => renderString(vars[name]) ?? whole);
  }
  const join = o['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(renderString);
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  return undefined;
}

/** The AWS service of a VPC endpoint service name (`com.amazonaws.<region>.ecr.dkr` → `ecr.dkr`), else undefined. */
export function awsServiceOf(serviceName: string | undefined): string | undefined {
  const m = /^com\.amazonaws\.(?:\$\{AWS::Region\}|[a-z]{2}(?:-gov)?-[a-z]+-\d)\.(.+)$/.exec(serviceName ?? '');
  return m?.[1];
}

/** The plain-object elements of a list-valued property (anything else, e.g. null or a string, is skipped). */
export function objectsOf(value: unknown): Record<string, unknown>[] {
  return listOf(value).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
}
