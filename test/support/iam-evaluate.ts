/**
 * A small IAM policy evaluator for identity-based policies: what IAM decides for one request (action, resource ARN,
 * request context) against a list of statements. Explicit Deny wins, then any Allow, else implicit deny
 * (IAM user guide, "Policy evaluation logic", single account, no SCP/boundary/session policy).
 *
 * Supported: Effect, Action/NotAction and Resource/NotResource with * and ? wildcards (actions case-insensitive,
 * resources case-sensitive), Condition with the String*, Arn*, Bool and Null operators, the IfExists suffix and the
 * ForAnyValue:/ForAllValues: set prefixes. A key missing from the context: false for positive operators, true for
 * the negated ones (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike), true for ...IfExists. Anything else
 * (another operator, a non-string value) throws, so a policy the evaluator cannot read never passes silently.
 */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface IamRequest {
  readonly action: string;
  /** The resource ARN, or "*" for an action without resource-level permissions. */
  readonly resource: string;
  /** Request context: condition keys present in the request (values are strings or string lists). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Decision = { allowed: true; by: string } | { allowed: false; deniedBy?: string };

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const compiled = new Map<string, RegExp>();
function wildcard(pattern: string, flags = ''): RegExp {
  const cacheKey = `${flags}|${pattern}`;
  const hit = compiled.get(cacheKey);
  if (hit) return hit;
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^$()[\]{}|\\/]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${body}$`, flags);
  compiled.set(cacheKey, re);
  return re;
}

export const actionMatches = (pattern: string, action: string) => wildcard(pattern, 'i').test(action);
const resourceMatches = (pattern: string, resource: string) => pattern === '*' || wildcard(pattern).test(resource);

/** The context value of a key, keys being case-insensitive (IAM user guide, condition keys). */
function contextValues(context: IamRequest['context'], key: string): string[] | undefined {
  if (!context) return undefined;
  const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : list(context[found] as string | string[]);
}

type Matcher = (actual: string, expected: string) => boolean;
const MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  StringEquals: { match: (a, e) => a === e, negated: false },
  StringNotEquals: { match: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { match: (a, e) => wildcard(e).test(a), negated: false },
  StringNotLike: { match: (a, e) => wildcard(e).test(a), negated: true },
  ArnEquals: { match: (a, e) => wildcard(e).test(a), negated: false },
  ArnLike: { match: (a, e) => wildcard(e).test(a), negated: false },
  ArnNotEquals: { match: (a, e) => wildcard(e).test(a), negated: true },
  ArnNotLike: { match: (a, e) => wildcard(e).test(a), negated: true },
  Bool: { match: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
};

function conditionHolds(operatorName: string, key: string, expectedRaw: string | string[] | boolean, context: IamRequest['context']): boolean {
  let operator = operatorName;
  let set: 'any' | 'all' | undefined;
  if (operator.startsWith('ForAnyValue:')) [set, operator] = ['any', operator.slice('ForAnyValue:'.length)];
  else if (operator.startsWith('ForAllValues:')) [set, operator] = ['all', operator.slice('ForAllValues:'.length)];
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const expected = list(expectedRaw).map((e) => {
    if (typeof e === 'boolean') return String(e);
    if (typeof e !== 'string') throw new Error(`condition ${operatorName} ${key}: cannot read the value ${JSON.stringify(e)}`);
    return e;
  });
  const actual = contextValues(context, key);

  if (operator === 'Null') {
    const wantMissing = expected[0].toLowerCase() === 'true';
    return wantMissing === (actual === undefined || actual.length === 0);
  }
  const matcher = MATCHERS[operator];
  if (!matcher) throw new Error(`condition operator ${operatorName} is not supported by the evaluator`);
  if (actual === undefined || actual.length === 0) {
    if (ifExists) return true;
    if (set === 'all') return true;
    return matcher.negated;
  }
  const one = (a: string) => {
    const hit = expected.some((e) => matcher.match(a, e));
    return matcher.negated ? !hit : hit;
  };
  if (set === 'all') return actual.every(one);
  // Single-valued keys and ForAnyValue: some value satisfies the operator. For a negated operator IAM requires that
  // no expected value matches the (single) value, which `one` already expresses.
  return actual.some(one);
}

function statementApplies(s: PolicyStatementJson, request: IamRequest): boolean {
  const actionOk = s.Action !== undefined ? list(s.Action).some((p) => actionMatches(p, request.action)) : !list(s.NotAction).some((p) => actionMatches(p, request.action));
  if (!actionOk) return false;
  const resourceOk =
    s.Resource !== undefined ? list(s.Resource).some((p) => resourceMatches(p, request.resource)) : !list(s.NotResource).some((p) => resourceMatches(p, request.resource));
  if (!resourceOk) return false;
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, request.context)),
  );
}

/** IAM's decision for the request under these statements. */
export function evaluate(statements: readonly PolicyStatementJson[], request: IamRequest): Decision {
  const applying = statements.filter((s) => statementApplies(s, request));
  const deny = applying.find((s) => s.Effect === 'Deny');
  if (deny) return { allowed: false, deniedBy: deny.Sid ?? '(Deny without Sid)' };
  const allow = applying.find((s) => s.Effect === 'Allow');
  return allow ? { allowed: true, by: allow.Sid ?? '(Allow without Sid)' } : { allowed: false };
}

/**
 * A template value with CloudFormation pseudo parameters replaced (Ref, Fn::Join, Fn::Sub with ${AWS::...}); throws
 * on anything else, and on AWS::Region when `region` is not given (a region-agnostic policy must not use it).
 */
export function resolvePseudo(value: unknown, pseudo: { partition: string; account: string; region?: string; stackName?: string }): unknown {
  const ref = (name: string): string => {
    if (name === 'AWS::Partition') return pseudo.partition;
    if (name === 'AWS::AccountId') return pseudo.account;
    if (name === 'AWS::URLSuffix') return 'amazonaws.com';
    if (name === 'AWS::Region' && pseudo.region) return pseudo.region;
    if (name === 'AWS::StackName' && pseudo.stackName) return pseudo.stackName;
    throw new Error(`cannot resolve Ref ${name}${name === 'AWS::Region' ? ' (the launch role must not depend on the region it is deployed in)' : ''}`);
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o) return ref(o.Ref as string);
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return (walk(parts) as unknown[]).map(String).join(sep);
      }
      if ('Fn::Sub' in o && typeof o['Fn::Sub'] === 'string') return (o['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_, n: string) => ref(n));
      const keys = Object.keys(o);
      if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`cannot resolve ${JSON.stringify(o)}`);
      return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
    }
    return v;
  };
  return walk(value);
}
