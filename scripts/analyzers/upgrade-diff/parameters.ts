/**
 * Parameter findings. An update of a provisioned product re-uses each parameter's previous value
 * (UpdateProvisionedProduct `UsePreviousValue`, which the console pre-fills), so what breaks is a value
 * that is missing, no longer accepted, or has nowhere to go.
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_UpdateProvisioningParameter.html
 */
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { defaultConsequences } from './default-consequences';
import type { CfnParameter, CfnTemplate, Finding } from './types';

/** `to`: the new template, to name what a changed default switches on or off (optional for callers without it). */
export function parameterFindings(diff: TemplateDiff, to?: CfnTemplate): Finding[] {
  const findings: Finding[] = [];
  diff.parameters.forEachDifference((name, change) => {
    const before = change.oldValue as CfnParameter | undefined;
    const after = change.newValue as CfnParameter | undefined;
    if (!before && after) findings.push(addedFinding(name, after));
    else if (before && !after) findings.push(removedFinding(name, before));
    else if (before && after) findings.push(...changedFindings(name, before, after, to));
  });
  return findings;
}

function addedFinding(name: string, after: CfnParameter): Finding {
  if (after.Default === undefined) {
    // No previous value and no default: the update is rejected until someone supplies a value.
    return {
      severity: 'breaking',
      kind: 'parameter-added-required',
      name,
      after,
      message: `New required parameter ${name} (${after.Type}) has no default: every update of an existing product must supply a value.`,
    };
  }
  if (String(after.Type).startsWith('AWS::SSM::Parameter::Value<')) {
    // CloudFormation resolves the SSM parameter on the update and rejects it, changing nothing, when the parameter does
    // not exist in the account and region (CloudFormation user guide, "systems-manager-parameter-types").
    return {
      severity: 'warning',
      kind: 'parameter-added-optional',
      name,
      after,
      message:
        `New optional parameter ${name} (${after.Type}) reads the SSM parameter ${show(after.Default)} on existing products: ` +
        'it must exist in the account and region before the update, or CloudFormation rejects the update (nothing changes).',
    };
  }
  return {
    severity: 'info',
    kind: 'parameter-added-optional',
    name,
    after,
    message: `New optional parameter ${name} (${after.Type}) defaults to ${show(after.Default)} on existing products.`,
  };
}

/**
 * Breaking, not tolerated: CloudFormation rejects an update that passes a parameter the template does not
 * declare ("Parameters: [X] do not exist in the template"), so any caller replaying the previous parameter
 * set with UsePreviousValue (our `catalog upgrade`, customer automation) fails validation; and the
 * customer's chosen value silently stops applying.
 */
function removedFinding(name: string, before: CfnParameter): Finding {
  return {
    severity: 'breaking',
    kind: 'parameter-removed',
    name,
    before,
    message: `Parameter ${name} is removed: updates that pass its previous value fail validation, and the value customers chose no longer applies.`,
  };
}

function changedFindings(name: string, before: CfnParameter, after: CfnParameter, to?: CfnTemplate): Finding[] {
  const findings: Finding[] = [];
  if (before.Type !== after.Type) {
    findings.push({
      severity: 'breaking',
      kind: 'parameter-type-changed',
      name,
      before: before.Type,
      after: after.Type,
      message: `Parameter ${name} changes type from ${before.Type} to ${after.Type}: previous values may no longer be valid.`,
    });
  }
  findings.push(...allowedValuesFindings(name, before, after));
  findings.push(...patternFindings(name, before, after));
  for (const [key, tighterWhen] of BOUNDS) findings.push(...boundFindings(name, key, tighterWhen, before, after));
  findings.push(...defaultFindings(name, before, after, to));
  return findings;
}

function allowedValuesFindings(name: string, before: CfnParameter, after: CfnParameter): Finding[] {
  const oldValues = before.AllowedValues;
  const newValues = after.AllowedValues;
  if (newValues && (!oldValues || oldValues.some((v) => !includes(newValues, v)))) {
    const dropped = oldValues ? oldValues.filter((v) => !includes(newValues, v)) : undefined;
    return [{
      severity: 'breaking',
      kind: 'parameter-allowed-values-narrowed',
      name,
      before: oldValues,
      after: newValues,
      message: dropped
        ? `Parameter ${name} no longer allows ${dropped.map(show).join(', ')}: products provisioned with ${dropped.length > 1 ? 'those values' : 'that value'} cannot update until it is changed.`
        : `Parameter ${name} is now restricted to ${newValues.map(show).join(', ')}: products provisioned with any other value cannot update.`,
    }];
  }
  if (oldValues && (!newValues || newValues.length > oldValues.length)) {
    return [{ severity: 'info', kind: 'parameter-constraint-relaxed', name, before: oldValues, after: newValues, message: `Parameter ${name} accepts more values than before.` }];
  }
  return [];
}

function patternFindings(name: string, before: CfnParameter, after: CfnParameter): Finding[] {
  if (before.AllowedPattern === after.AllowedPattern) return [];
  if (after.AllowedPattern === undefined) {
    return [{ severity: 'info', kind: 'parameter-constraint-relaxed', name, before: before.AllowedPattern, message: `Parameter ${name} drops its AllowedPattern.` }];
  }
  const alternatives = topLevelAlternatives(after.AllowedPattern);
  if (before.AllowedPattern !== undefined && alternatives.length > 1 && alternatives.includes(before.AllowedPattern)) {
    // `new|old`: the old pattern is one whole alternative of the new one, so every value it accepted still matches.
    const added = alternatives.filter((a) => a !== before.AllowedPattern).join(' | ');
    return [{
      severity: 'info',
      kind: 'parameter-constraint-relaxed',
      name,
      before: before.AllowedPattern,
      after: after.AllowedPattern,
      message: `Parameter ${name} AllowedPattern also accepts ${added}: the previous pattern is one of its alternatives, so previous values still match.`,
    }];
  }
  // A new or different regular expression cannot be proven to accept every previously valid value.
  return [{
    severity: 'breaking',
    kind: 'parameter-constraint-tightened',
    name,
    before: before.AllowedPattern,
    after: after.AllowedPattern,
    message: `Parameter ${name} AllowedPattern changes to ${after.AllowedPattern}: previous values that do not match fail the update.`,
  }];
}

type BoundKey = 'MinValue' | 'MaxValue' | 'MinLength' | 'MaxLength';
/** For each bound, whether new-vs-old is tighter: a higher minimum or a lower maximum. */
const BOUNDS: ReadonlyArray<[BoundKey, (oldBound: number, newBound: number) => boolean]> = [
  ['MinValue', (o, n) => n > o],
  ['MaxValue', (o, n) => n < o],
  ['MinLength', (o, n) => n > o],
  ['MaxLength', (o, n) => n < o],
];

function boundFindings(name: string, key: BoundKey, tighter: (o: number, n: number) => boolean, before: CfnParameter, after: CfnParameter): Finding[] {
  const oldBound = before[key] === undefined ? undefined : Number(before[key]);
  const newBound = after[key] === undefined ? undefined : Number(after[key]);
  if (oldBound === newBound) return [];
  if (newBound !== undefined && (oldBound === undefined || tighter(oldBound, newBound))) {
    return [{
      severity: 'breaking',
      kind: 'parameter-constraint-tightened',
      name,
      before: oldBound,
      after: newBound,
      message: `Parameter ${name} ${key} tightens from ${oldBound ?? 'none'} to ${newBound}: previous values outside the new bound fail the update.`,
    }];
  }
  return [{ severity: 'info', kind: 'parameter-constraint-relaxed', name, before: oldBound, after: newBound, message: `Parameter ${name} ${key} relaxes from ${oldBound} to ${newBound ?? 'none'}.` }];
}

function defaultFindings(name: string, before: CfnParameter, after: CfnParameter, to?: CfnTemplate): Finding[] {
  if (JSON.stringify(before.Default) === JSON.stringify(after.Default)) return [];
  if (before.Default === undefined) {
    return [{ severity: 'info', kind: 'parameter-default-changed', name, after: after.Default, message: `Parameter ${name} gains a default (${show(after.Default)}).` }];
  }
  const message = after.Default === undefined
    ? `Parameter ${name} loses its default (${show(before.Default)}): existing products keep their value on update; new launches must supply one.`
    : `Default of parameter ${name} changes from ${show(before.Default)} to ${show(after.Default)}: existing products keep their previous value on update; new launches get the new default.` +
      omittedValueConsequence(name, before.Default, after.Default, to);
  return [{ severity: 'warning', kind: 'parameter-default-changed', name, before: before.Default, after: after.Default, message }];
}

/** What an update that omits the parameter (no UsePreviousValue) would switch on or off under the new default. */
function omittedValueConsequence(name: string, oldDefault: unknown, newDefault: unknown, to?: CfnTemplate): string {
  if (!to) return '';
  const { removed, added } = defaultConsequences(to, name, oldDefault, newDefault);
  if (removed.length === 0 && added.length === 0) return '';
  const parts = [
    ...(removed.length ? [`deletes ${removed.join(', ')} from a product that had ${name}=${show(oldDefault)}`] : []),
    ...(added.length ? [`adds ${added.join(', ')}`] : []),
  ];
  return (
    ` Keep it with UsePreviousValue (catalog upgrade and the console do): an update that passes no value for ${name} takes the new default and ` +
    `${parts.join(' and ')}.`
  );
}

/** AllowedValues compare as CloudFormation does: as strings (a Number parameter lists 1 or "1"). */
function includes(values: unknown[], value: unknown): boolean {
  return values.some((v) => String(v) === String(value));
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** The alternatives of a regular expression's top-level `|` (not inside groups or classes, not escaped). */
function topLevelAlternatives(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}
