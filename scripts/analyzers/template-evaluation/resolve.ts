import type { CfnTemplate } from '../upgrade-diff/types';
import { cidrSubnets, formatCidr, parseCidr } from './cidr';
import { ANOTHER_VALUE, resourceExists, type Scenario } from './scenarios';
import { isPlainObject, ListElement, ParameterValue, ResourceValue, Symbolic, textOf, Unresolved, valueKey } from './values';

/**
 * The value of a template expression in one scenario (see values.ts for what a value can be):
 * - `Ref` of a parameter: the scenario's value when the scenario fixes it (its Conditions compare it with a literal),
 *   else a symbolic parameter value; any value the user may give at launch is possible, so the default is not assumed.
 *   A parameter with a single allowed value is that value.
 * - pseudo parameters: symbolic (`AWS::Region`, …); `AWS::NoValue` removes the property or list element (undefined).
 * - `Ref`/`Fn::GetAtt` of a resource: symbolic, except `Fn::GetAtt [X, CidrBlock]` of a subnet or VPC, which is the
 *   resolved `CidrBlock` property (so a literal CIDR and the attribute compare equal). A custom resource's `Ref` or
 *   attribute is unresolved (its Lambda decides it at deploy time); so is a resource that does not exist in the scenario.
 * - `Fn::If` with the scenario's conditions; `Fn::FindInMap` over `Mappings`; `Fn::Select`, `Fn::Join`, `Fn::Sub`,
 *   `Fn::Split`, `Fn::GetAZs`, `Fn::Cidr`, `Fn::Base64`, `Fn::Length`, `Fn::ToJsonString` computed (symbolically when
 *   an input is symbolic).
 * - `Fn::ImportValue`, `Fn::Transform`, `Fn::ForEach::*` and unknown functions: unresolved.
 *
 * `where` names the value for messages (`AgentComputeEnvironment.ComputeResources.Subnets`).
 */
export function resolve(template: CfnTemplate, scenario: Scenario, expression: unknown, where = 'value'): unknown {
  return new Resolver(template, scenario).value(expression, where);
}

/** Resolves many expressions of one template and scenario (caches nothing between calls; cheap to create). */
export class Resolver {
  constructor(
    readonly template: CfnTemplate,
    readonly scenario: Scenario,
  ) {}

  value(node: unknown, where: string, depth = 0): unknown {
    if (depth > 50) return new Unresolved(where, 'the expression nests too deeply (a reference cycle?)');
    if (Array.isArray(node)) {
      return node.map((n, i) => this.value(n, `${where}[${i}]`, depth + 1)).filter((v) => v !== undefined);
    }
    if (!isPlainObject(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], node[keys[0]], where, depth + 1);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (key.startsWith('Fn::ForEach::')) return new Unresolved(`${where}.${key}`, 'Fn::ForEach (AWS::LanguageExtensions) expands at deploy time; this analysis does not expand it');
      const v = this.value(node[key], `${where}.${key}`, depth + 1);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }

  private intrinsic(fn: string, arg: unknown, where: string, depth: number): unknown {
    const sub = (n: unknown, part: string) => this.value(n, `${where} (${fn} ${part})`, depth);
    switch (fn) {
      case 'Ref':
        return this.ref(arg, where);
      case 'Condition':
        return typeof arg === 'string' ? (this.scenario.conditions.get(arg) ?? new Unresolved(where, `unknown condition ${arg}`)) : new Unresolved(where, 'Condition must name a condition');
      case 'Fn::GetAtt':
        return this.getAtt(arg, where, depth);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unresolved(where, 'Fn::If needs [condition, value if true, value if false]');
        const chosen = this.scenario.conditions.get(arg[0]);
        if (chosen === undefined) return new Unresolved(where, `Fn::If names condition ${arg[0]}, which the template does not define`);
        return this.value(chosen ? arg[1] : arg[2], where, depth);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, where, depth);
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(where, 'Fn::Select needs [index, list]');
        const index = sub(arg[0], 'index');
        const list = sub(arg[1], 'list');
        if (index instanceof Unresolved) return index;
        if (list instanceof Unresolved) return list;
        const i = Number(textOf(index));
        if (!Number.isInteger(i) || i < 0) return index instanceof Symbolic ? new Unresolved(where, `Fn::Select index ${index.text} is not known`) : new Unresolved(where, `Fn::Select index ${JSON.stringify(index)} is not a number`);
        if (Array.isArray(list)) return i < list.length ? list[i] : new Unresolved(where, `Fn::Select index ${i} is past the end of a list of ${list.length}`);
        if (list instanceof Symbolic) return new ListElement(list, i);
        return new Unresolved(where, 'Fn::Select of something that is not a list');
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return new Unresolved(where, 'Fn::Join needs [delimiter, list]');
        const list = sub(arg[1], 'list');
        if (list instanceof Unresolved) return list;
        if (list instanceof Symbolic) return new Symbolic(`join(${JSON.stringify(arg[0])},${list.key})`, `\${join ${list.text}}`);
        if (!Array.isArray(list)) return new Unresolved(where, 'Fn::Join of something that is not a list');
        return joinParts(list, arg[0], where);
      }
      case 'Fn::Sub':
        return this.fnSub(arg, where, depth);
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return new Unresolved(where, 'Fn::Split needs [delimiter, string]');
        const s = sub(arg[1], 'string');
        if (s instanceof Unresolved) return s;
        if (typeof s === 'string') return s.split(arg[0]);
        if (s instanceof Symbolic) return new Symbolic(`split(${JSON.stringify(arg[0])},${s.key})`, s.text, true);
        return new Unresolved(where, 'Fn::Split of something that is not a string');
      }
      case 'Fn::GetAZs': {
        const region = sub(arg, 'region');
        if (region instanceof Unresolved) return region;
        // '' is the stack's region, the same as Ref AWS::Region.
        const key = region === '' || (region instanceof Symbolic && region.key === 'AWS::Region') ? 'AWS::Region' : valueKey(region);
        return new Symbolic(`azs(${key})`, key === 'AWS::Region' ? 'AZs' : `AZs of ${textOf(region) ?? key}`, true);
      }
      case 'Fn::Cidr': {
        if (!Array.isArray(arg) || arg.length !== 3) return new Unresolved(where, 'Fn::Cidr needs [ipBlock, count, cidrBits]');
        const [block, count, bits] = arg.map((a, i) => sub(a, ['ipBlock', 'count', 'cidrBits'][i]));
        for (const v of [block, count, bits]) if (v instanceof Unresolved) return v;
        const parsed = typeof block === 'string' ? parseCidr(block) : undefined;
        const n = Number(textOf(count));
        const b = Number(textOf(bits));
        if (parsed && Number.isInteger(n) && Number.isInteger(b)) {
          const subnets = cidrSubnets(parsed, n, b);
          return subnets ? subnets.map(formatCidr) : new Unresolved(where, `Fn::Cidr cannot make ${n} blocks of ${b} host bits in ${String(block)}`);
        }
        if (typeof block === 'string') return new Unresolved(where, `Fn::Cidr ipBlock ${JSON.stringify(block)} is not a CIDR block`);
        return new Symbolic(`cidr(${valueKey(block)},${valueKey(count)},${valueKey(bits)})`, `\${Cidr ${textOf(block) ?? valueKey(block)}}`, true);
      }
      case 'Fn::Base64': {
        const s = sub(arg, 'string');
        return typeof s === 'string' ? Buffer.from(s).toString('base64') : s instanceof Symbolic ? new Symbolic(`base64(${s.key})`, `\${base64 ${s.text}}`) : s;
      }
      case 'Fn::Length': {
        const list = sub(arg, 'list');
        if (Array.isArray(list)) return list.length;
        return list instanceof Unresolved ? list : new Unresolved(where, 'Fn::Length of a list whose length is not known');
      }
      case 'Fn::ToJsonString': {
        const v = sub(arg, 'value');
        return v instanceof Unresolved ? v : new Symbolic(`json(${valueKey(v)})`, '${json}');
      }
      case 'Fn::ImportValue': {
        const name = sub(arg, 'name');
        return new Unresolved(where, `Fn::ImportValue ${textOf(name) ?? valueKey(name)}: exported by another stack, not known from this template`);
      }
      case 'Fn::Transform':
        return new Unresolved(where, 'Fn::Transform: a macro rewrites this value at deploy time');
      default:
        return new Unresolved(where, `${fn} is a function this analysis does not evaluate`);
    }
  }

  private ref(arg: unknown, where: string): unknown {
    if (typeof arg !== 'string') return new Unresolved(where, `Ref of ${JSON.stringify(arg)}, not a name`);
    if (arg === 'AWS::NoValue') return undefined;
    if (arg.startsWith('AWS::')) return arg === 'AWS::NotificationARNs' ? new Symbolic(arg, `\${${arg}}`, true) : new Symbolic(arg, `\${${arg}}`);
    const parameter = this.template.Parameters?.[arg];
    if (parameter) return this.parameter(arg);
    const resource = this.template.Resources?.[arg];
    if (resource) return this.resource(arg, undefined, where);
    return new Unresolved(where, `Ref ${arg}: no parameter or resource of that name`);
  }

  private parameter(name: string): unknown {
    const parameter = this.template.Parameters![name];
    const isList = /^List<|^CommaDelimitedList$/.test(String(parameter.Type)) || /^AWS::SSM::Parameter::Value<List</.test(String(parameter.Type));
    let value = this.scenario.parameters?.get(name);
    if (value === undefined && Array.isArray(parameter.AllowedValues) && parameter.AllowedValues.length === 1) value = String(parameter.AllowedValues[0]);
    if (value === undefined || value === ANOTHER_VALUE) return new ParameterValue(name, isList);
    return isList ? value.split(',').map((v) => v.trim()) : value;
  }

  private resource(id: string, attribute: string | undefined, where: string): unknown {
    const resource = this.template.Resources[id];
    if (!isPlainObject(resource)) return new Unresolved(where, `${id} is not a resource object`);
    if (!resourceExists(resource as { Condition?: unknown }, this.scenario)) {
      return new Unresolved(where, `${attribute ? `Fn::GetAtt ${id}.${attribute}` : `Ref ${id}`}: ${id} is not created in this scenario (Condition ${String(resource.Condition)} is false)`);
    }
    const type = String(resource.Type);
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      return new Unresolved(where, `${attribute ? `${id}.${attribute}` : `Ref ${id}`}: set by custom resource ${id} (its Lambda) at deploy time`);
    }
    return new ResourceValue(id, attribute);
  }

  private getAtt(arg: unknown, where: string, depth: number): unknown {
    let id: unknown;
    let attribute: unknown;
    if (typeof arg === 'string' && arg.includes('.')) [id, attribute] = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
    else if (Array.isArray(arg) && arg.length === 2) [id, attribute] = [arg[0], this.value(arg[1], where, depth)];
    if (typeof id !== 'string' || typeof attribute !== 'string') return new Unresolved(where, `Fn::GetAtt needs [resource, attribute], got ${JSON.stringify(arg)}`);
    if (!this.template.Resources?.[id]) return new Unresolved(where, `Fn::GetAtt ${id}.${attribute}: no resource ${id}`);
    const reference = this.resource(id, attribute, where);
    if (reference instanceof Unresolved) return reference;
    const resource = this.template.Resources[id];
    // A subnet's or VPC's CidrBlock attribute is its CidrBlock property: compared by value with literal CIDRs.
    if (attribute === 'CidrBlock' && (resource.Type === 'AWS::EC2::Subnet' || resource.Type === 'AWS::EC2::VPC') && resource.Properties?.CidrBlock !== undefined) {
      return this.value(resource.Properties.CidrBlock, `${id}.CidrBlock`, depth);
    }
    return reference;
  }

  private findInMap(arg: unknown, where: string, depth: number): unknown {
    if (!Array.isArray(arg) || arg.length < 3) return new Unresolved(where, 'Fn::FindInMap needs [map, top-level key, second-level key]');
    const fallback = isPlainObject(arg[3]) && 'DefaultValue' in arg[3] ? arg[3].DefaultValue : undefined;
    const keys = arg.slice(0, 3).map((k, i) => this.value(k, `${where} (Fn::FindInMap key ${i + 1})`, depth));
    for (const k of keys) if (k instanceof Unresolved) return k;
    const map = isPlainObject(keys[0]) ? undefined : this.template.Mappings?.[String(textOf(keys[0]))];
    if (!isPlainObject(map)) return new Unresolved(where, `Fn::FindInMap: no mapping ${textOf(keys[0]) ?? valueKey(keys[0])}`);
    const lookup = (top: string): unknown => {
      const second = (map as Record<string, unknown>)[top];
      const value = isPlainObject(second) ? second[String(textOf(keys[2]))] : undefined;
      return value === undefined ? (fallback === undefined ? undefined : this.value(fallback, where, depth)) : this.value(value, where, depth);
    };
    if (typeof textOf(keys[2]) !== 'string' || keys[2] instanceof Symbolic) {
      return new Unresolved(where, `Fn::FindInMap ${String(textOf(keys[0]))}: second-level key ${valueKey(keys[2])} is not known`);
    }
    if (keys[1] instanceof Symbolic) {
      // Keyed by something known only at launch (e.g. the region): known only when every entry gives the same value.
      const values = Object.keys(map).map(lookup);
      if (values.length && values.every((v) => v !== undefined && valueKey(v) === valueKey(values[0]))) return values[0];
      return new Unresolved(where, `Fn::FindInMap ${String(textOf(keys[0]))} keyed by ${keys[1].text}: the value differs per key and the key is known only at launch`);
    }
    const value = lookup(String(textOf(keys[1])));
    return value === undefined ? new Unresolved(where, `Fn::FindInMap ${String(textOf(keys[0]))}: no entry ${String(textOf(keys[1]))}.${String(textOf(keys[2]))}`) : value;
  }

  private fnSub(arg: unknown, where: string, depth: number): unknown {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) && typeof arg[0] === 'string' ? [arg[0], arg[1] ?? {}] : [undefined, undefined];
    if (text === undefined || !isPlainObject(vars)) return new Unresolved(where, 'Fn::Sub needs a string or [string, variables]');
    const parts: unknown[] = [];
    let last = 0;
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(text.slice(last, m.index));
      last = m.index! + m[0].length;
      const name = m[1];
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      if (name in vars) parts.push(this.value(vars[name], `${where} (Fn::Sub \${${name}})`, depth));
      else if (name.includes('.')) parts.push(this.getAtt(name, where, depth));
      else parts.push(this.ref(name, where));
    }
    parts.push(text.slice(last));
    return joinParts(parts, '', where);
  }
}

/** Strings joined; symbolic parts make a symbolic string whose text shows them as `${...}`. */
function joinParts(parts: unknown[], delimiter: string, where: string): unknown {
  for (const p of parts) if (p instanceof Unresolved) return p;
  const texts = parts.map(textOf);
  if (texts.some((t) => t === undefined)) return new Unresolved(where, 'joins a value that is not a string');
  const text = texts.join(delimiter);
  const symbolic = parts.filter((p) => p instanceof Symbolic);
  if (symbolic.length === 1 && texts.length === parts.length && parts.every((p) => p === '' || p instanceof Symbolic) && !delimiter) return symbolic[0];
  return parts.some((p) => p instanceof Symbolic) ? new Symbolic(`str:${text}`, text) : text;
}
