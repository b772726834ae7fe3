import type { Template } from '../cost/evaluate';
import type { DocLanguage } from './product-docs';

/**
 * A template Condition in words, for "only when …" on an output: `Fn::Equals` of a parameter and a value, `Fn::Not`,
 * `Fn::And`, `Fn::Or` and `Condition` references. Anything else is named by its condition name.
 */
export function describeCondition(template: Template, name: string, lang: DocLanguage): string {
  const words = WORDS[lang];
  // Each part says whether it is an "and" or an "or" of parts, so a mixed expression reads unambiguously:
  // "(`A` is `x` or `A` is `y`) and `B` is empty".
  type Part = { text: string; op?: 'and' | 'or' };
  const visit = (expression: unknown, negated: boolean): Part | undefined => {
    if (typeof expression !== 'object' || expression === null) return undefined;
    const e = expression as Record<string, unknown>;
    if (typeof e.Condition === 'string') return visit(template.Conditions?.[e.Condition], negated);
    const args = Object.values(e)[0];
    if (Array.isArray(e['Fn::Not'])) return visit(e['Fn::Not'][0], !negated);
    if (Array.isArray(e['Fn::And']) || Array.isArray(e['Fn::Or'])) {
      const op = Array.isArray(e['Fn::And']) !== negated ? 'and' : 'or';
      const parts = (args as unknown[]).map((a) => visit(a, negated));
      if (parts.some((p) => p === undefined)) return undefined;
      const texts = (parts as Part[]).map((p) => (p.op && p.op !== op ? words.group(p.text) : p.text));
      return { text: texts.join(op === 'and' ? words.and : words.or), op: parts.length > 1 ? op : (parts[0] as Part).op };
    }
    if (Array.isArray(e['Fn::Equals'])) {
      const [a, b] = e['Fn::Equals'] as unknown[];
      const ref = (x: unknown) => (typeof x === 'object' && x !== null && typeof (x as { Ref?: unknown }).Ref === 'string' ? (x as { Ref: string }).Ref : undefined);
      const parameter = ref(a) ?? ref(b);
      const value = ref(a) ? b : a;
      if (!parameter || typeof value !== 'string') return undefined;
      return { text: words.equals(parameter, value, negated) };
    }
    return undefined;
  };
  return visit(template.Conditions?.[name], false)?.text ?? words.named(name);
}

const WORDS: Record<DocLanguage, { and: string; or: string; group: (t: string) => string; equals: (p: string, v: string, negated: boolean) => string; named: (n: string) => string }> = {
  en: {
    and: ' and ',
    or: ' or ',
    group: (t) => `(${t})`,
    equals: (p, v, negated) => (v === '' ? `\`${p}\` is ${negated ? 'given' : 'empty'}` : `\`${p}\` is ${negated ? 'not ' : ''}\`${v}\``),
    named: (n) => `the template condition \`${n}\` holds`,
  },
  ja: {
    and: '、かつ ',
    or: '、または ',
    group: (t) => `（${t}）`,
    equals: (p, v, negated) => `\`${p}\` が${v === '' ? '空欄' : ` \`${v}\` `}${negated ? '以外' : ''}`.replace(/ $/, ''),
    named: (n) => `テンプレートの条件 \`${n}\` が成り立つ場合`,
  },
};
