/**
 * Resource findings: what an UpdateStack from `from` to `to` would create, delete, replace or update.
 * Impacts come from @aws-cdk/cloudformation-diff (top-level `causesReplacement`, plus its propagation of a
 * replacement to resources that reference the replaced one in a create-only property); nested property
 * types and `additionalReplacementProperties` are added from the service spec (see spec.ts).
 */
import { deepEqual, fullDiff, ResourceImpact, type ResourceDifference, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { findConflicts, type Creation } from './conflicts';
import { documentedDefault, isDefaultWrittenOut } from './defaults';
import { describeResource, IDENTITY_RESOURCE_TYPES, isIdentityType } from './identity';
import { additionalReplacementPaths, isStateful, nestedReplacementPaths, resourceSpec, type ReplacementPath } from './spec';
import type { CfnTemplate, Finding, Severity, UpdateFailure } from './types';

interface Replacement {
  mode: 'yes' | 'maybe';
  paths: string[];
  /** Replaced resources referenced from the paths (cascade), by path. */
  via: Record<string, string[]>;
  /** Create-only paths that are only added or removed with their documented default: replaced all the same. */
  defaultsWrittenOut: string[];
}

/**
 * `from` and `to` are the templates as one scenario launches them (resolved-template.ts) or as written; `written` is
 * the `to` template as written, so that a resource missing from `to` only because its Condition is false in the
 * scenario is told apart from one removed from the template.
 */
export function resourceFindings(from: CfnTemplate, to: CfnTemplate, diff: TemplateDiff, written: CfnTemplate = to): Finding[] {
  const cascade = cascadeReplacements(from, to, diff);
  const added: string[] = [];
  const removed: string[] = [];
  const updated = new Set<string>();
  diff.resources.forEachDifference((logicalId, change) => {
    if (change.isAddition) added.push(logicalId);
    else if (change.isRemoval) removed.push(logicalId);
    else updated.add(logicalId);
  });
  // Resources unchanged in the template but replaced through a reference to a replaced resource.
  cascade.resources.forEachDifference((logicalId, change) => {
    if (change.isUpdate && !change.resourceTypeChanged && replacementOf(change.resourceType!, change)) updated.add(logicalId);
  });

  const findings: Finding[] = [];
  // What the update creates, by logical id in `to`, with the finding that reports it.
  const creations: Array<Creation & { finding: Finding }> = [];
  for (const logicalId of updated) {
    const change = diff.resources.has(logicalId) ? diff.resources.get(logicalId) : undefined;
    const finding = updateFinding(logicalId, change, cascade.resources.get(logicalId));
    if (!finding) continue;
    findings.push(finding);
    const replaced = finding.kind === 'resource-replaced' || finding.kind === 'identity-resource-replaced';
    const possibly = finding.kind === 'resource-possibly-replaced' || finding.kind === 'identity-resource-possibly-replaced';
    // A type change is a new resource in another namespace: it cannot meet its old copy's scope.
    if ((replaced || possibly) && !cascade.resources.get(logicalId).resourceTypeChanged) {
      creations.push({ logicalId, resourceType: finding.resourceType!, cause: 'replacement', certain: replaced, finding });
    }
  }
  const renames = matchRenames(diff, removed, added);
  for (const logicalId of removed) {
    const oldValue = diff.resources.get(logicalId).oldValue!;
    const renamedTo = renames.get(logicalId);
    const condition = written.Resources[logicalId]?.Condition;
    const gone = typeof condition === 'string' ? `its Condition ${condition} is false in this launch, so it is not in the stack any more` : 'it is no longer in the template';
    const finding = renamedTo ? renameFinding(logicalId, renamedTo, oldValue.Type) : removalFinding(logicalId, oldValue.Type, diff.resources.get(logicalId).changeImpact, gone);
    findings.push(finding);
    if (renamedTo) creations.push({ logicalId: renamedTo, resourceType: oldValue.Type, cause: 'rename', certain: true, finding });
  }
  const renamedTargets = new Set(renames.values());
  for (const logicalId of added.filter((id) => !renamedTargets.has(id))) {
    const type = diff.resources.get(logicalId).newValue!.Type;
    const finding: Finding = { severity: 'info', kind: 'resource-added', logicalId, resourceType: type, message: `New ${describeResource(logicalId, type)} will be created.` };
    findings.push(finding);
    creations.push({ logicalId, resourceType: type, cause: 'addition', certain: true, finding });
  }
  const failures = findConflicts(from, markReplacedReferences(to, replacedIds(cascade)), creations);
  for (const creation of creations) {
    const failure = failures.get(creation.logicalId);
    if (failure) Object.assign(creation.finding, failingFinding(creation.finding, creation, failure));
  }
  return findings;
}

/** Resources the update certainly replaces (their references in `to` stand for new physical resources). */
function replacedIds(diff: TemplateDiff): Set<string> {
  const ids = new Set<string>();
  diff.resources.forEachDifference((logicalId, change) => {
    if (change.isUpdate && (change.resourceTypeChanged || replacementOf(change.resourceType!, change)?.mode === 'yes')) ids.add(logicalId);
  });
  return ids;
}

/**
 * The finding of a creation CloudFormation refuses: at least breaking (the update cannot be performed; it fails and
 * rolls back), and its message says so with the reason.
 */
function failingFinding(finding: Finding, creation: Creation, failure: UpdateFailure): Partial<Finding> {
  const severity: Severity = finding.severity === 'critical' ? 'critical' : 'breaking';
  const holder = failure.conflictsWith === creation.logicalId ? 'the resource it replaces' : `${failure.conflictsWith}, which still exists then`;
  const when = creation.cause === 'replacement'
    ? 'CloudFormation creates the replacement before it deletes the old resource'
    : creation.cause === 'rename'
      ? `CloudFormation creates ${creation.logicalId} before it deletes ${finding.logicalId}`
      : `${creation.logicalId} is created while ${failure.conflictsWith} exists`;
  const verdict = failure.certain ? 'The update will FAIL and roll back' : 'If it is replaced, the update will FAIL and roll back';
  // The create-before-delete order is the reason given below, so the generic sentence about it goes.
  const base = finding.message.endsWith(CREATES_BEFORE_DELETING) ? `${finding.message.slice(0, -CREATES_BEFORE_DELETING.length)}.` : finding.message;
  return {
    severity,
    updateFails: failure,
    message: `${base} ${verdict}: there can be only ${failure.unique}, and ${when}, so the new one conflicts with ${holder} `
      + `(AWS refuses it: ${failure.refusal}; ${failure.source}).`,
  };
}

/**
 * cloudformation-diff cascades a replacement only into top-level create-only properties. A replaced
 * subnet referenced from AWS::Batch::ComputeEnvironment ComputeResources.Subnets ('maybe') is nested, so
 * we mark references to every replaced resource the same way it does (`X (replaced)`) and diff again,
 * until no new replacement appears. Returns the diff with all replacement causes visible.
 */
function cascadeReplacements(from: CfnTemplate, to: CfnTemplate, diff: TemplateDiff): TemplateDiff {
  let current = diff;
  let replaced = new Set<string>();
  for (;;) {
    const next = new Set<string>();
    current.resources.forEachDifference((logicalId, change) => {
      if (change.isUpdate && (change.resourceTypeChanged || replacementOf(change.resourceType!, change)?.mode === 'yes')) next.add(logicalId);
    });
    if ([...next].every((id) => replaced.has(id))) return current;
    replaced = new Set([...replaced, ...next]);
    current = fullDiff(from, markReplacedReferences(to, replaced));
  }
}

function markReplacedReferences(template: CfnTemplate, replaced: Set<string>): CfnTemplate {
  const mark = (value: unknown): unknown => {
    // `${X}` and `${X.Attr}` in a Fn::Sub string (or a resolved symbolic string) name X's new physical resource too.
    if (typeof value === 'string') return value.replace(/\$\{([^!}.]+)(?=[.}])/g, (whole, id: string) => (replaced.has(id) ? `\${${id} (replaced)` : whole));
    if (Array.isArray(value)) return value.map(mark);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, operand] = entries[0];
      if (key === 'Ref' && typeof operand === 'string' && replaced.has(operand)) return { Ref: `${operand} (replaced)` };
      if (key === 'Fn::GetAtt' && Array.isArray(operand) && replaced.has(operand[0])) return { 'Fn::GetAtt': [`${operand[0]}(replaced)`, ...operand.slice(1).map(mark)] };
      if (key === 'Fn::GetAtt' && typeof operand === 'string' && replaced.has(operand.split('.')[0])) {
        const [id, ...rest] = operand.split('.');
        return { 'Fn::GetAtt': [`${id}(replaced)`, ...rest] };
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, mark(inner)]));
  };
  return { ...template, Resources: mark(template.Resources) as CfnTemplate['Resources'] };
}

/**
 * `change` is the template's own difference (undefined if the resource is unchanged in the template);
 * `cascaded` also carries the effect of references to replaced resources.
 */
function updateFinding(logicalId: string, change: ResourceDifference | undefined, cascaded: ResourceDifference): Finding | undefined {
  if (cascaded.resourceTypeChanged) {
    const type = cascaded.oldResourceType!;
    return replacedFinding(logicalId, type, { mode: 'yes', paths: ['Type'], via: {}, defaultsWrittenOut: [] }, `its type changes to ${cascaded.newResourceType}`);
  }
  const replacement = replacementOf(cascaded.resourceType!, cascaded);
  if (replacement) return replacementFindingOf(logicalId, cascaded.resourceType!, replacement);
  if (!change) return undefined;
  const type = change.resourceType!;
  // Resource-level Metadata (aws:cdk:path, cfn_nag notes) changes nothing physical, like the template's.
  const otherChanged = Object.keys(change.otherChanges).filter((key) => key !== 'Metadata');
  const propertiesChanged = Object.keys(change.propertyUpdates);
  if (otherChanged.length === 0 && propertiesChanged.length === 0) return undefined;
  const changedProperties = [...propertiesChanged, ...otherChanged];
  const defaults = propertiesChanged.filter((name) => writesDefault(type, name, change.propertyUpdates[name].oldValue, change.propertyUpdates[name].newValue));
  return {
    severity: 'info',
    kind: 'resource-modified',
    logicalId,
    resourceType: type,
    identity: isIdentityType(type),
    changedProperties,
    ...(defaults.length > 0 ? { defaultsWrittenOut: defaults } : {}),
    message: `${describeResource(logicalId, type)} is updated in place (${changedProperties.join(', ')}); its identity is kept.`
      + (defaults.length > 0 ? ` ${defaults.join(', ')} ${defaults.length > 1 ? 'are' : 'is'} only written out with ${defaults.length > 1 ? 'their' : 'its'} documented default, so ${defaults.length > 1 ? 'their values do' : 'its value does'} not change.` : ''),
  };
}

function replacementFindingOf(logicalId: string, type: string, replacement: Replacement): Finding {
  const causes = replacement.paths.map((path) => {
    const via = replacement.via[path];
    if (via) return `${path} (it references ${via.join(', ')}, which ${via.length > 1 ? 'are' : 'is'} replaced)`;
    // awsdocs/aws-cloudformation-user-guide issue 1276: adding or removing a create-only property replaces, whatever its value.
    if (replacement.defaultsWrittenOut.includes(path)) return `${path} (written out with its documented default; CloudFormation replaces a resource when a create-only property is added or removed, whatever its value)`;
    return path;
  });
  const because = `${causes.join(', ')} ${causes.length > 1 ? 'change' : 'changes'}`;
  return replacement.mode === 'yes' ? replacedFinding(logicalId, type, replacement, because) : possiblyReplacedFinding(logicalId, type, replacement, because);
}

/** The worst replacement the changed properties cause, with every path that causes it. */
function replacementOf(type: string, change: ResourceDifference): Replacement | undefined {
  const paths: ReplacementPath[] = [];
  const via: Record<string, string[]> = {};
  const defaultsWrittenOut: string[] = [];
  for (const [name, property] of Object.entries(change.propertyUpdates)) {
    if (property.changeImpact === ResourceImpact.WILL_REPLACE || property.changeImpact === ResourceImpact.MAY_REPLACE) {
      const mode = property.changeImpact === ResourceImpact.WILL_REPLACE ? 'yes' : 'maybe';
      if (writesDefault(type, name, property.oldValue, property.newValue)) {
        // Conditionally create-only: the value does not change, so neither does the resource. Create-only: replaced anyway.
        if (mode === 'maybe') continue;
        defaultsWrittenOut.push(name);
      }
      paths.push({ path: name, mode });
      const referenced = [...new Set(replacedReferences(property.newValue))].sort();
      if (referenced.length > 0) via[name] = referenced;
    } else {
      for (const nested of nestedReplacementPaths(type, name, property.oldValue, property.newValue)) {
        paths.push(nested);
        const referenced = [...new Set(replacedReferences(valueAtPath(change.newProperties, nested.path)))].sort();
        if (referenced.length > 0) via[nested.path] = referenced;
      }
    }
  }
  paths.push(...additionalReplacementPaths(type, change.oldProperties, change.newProperties));
  const forced = paths.filter((p) => p.mode === 'yes');
  const chosen = forced.length > 0 ? forced : paths;
  if (chosen.length === 0) return undefined;
  const chosenPaths = chosen.map((p) => p.path);
  const chosenVia = Object.fromEntries(Object.entries(via).filter(([path]) => chosenPaths.includes(path)));
  return { mode: forced.length > 0 ? 'yes' : 'maybe', paths: chosenPaths, via: chosenVia, defaultsWrittenOut: defaultsWrittenOut.filter((p) => chosenPaths.includes(p)) };
}

/** One side omits top-level `name` and the other writes its documented default. */
function writesDefault(type: string, name: string, oldValue: unknown, newValue: unknown): boolean {
  return isDefaultWrittenOut(documentedDefault(type, name, resourceSpec(type)?.properties[name]), oldValue, newValue);
}

/**
 * cloudformation-diff marks a reference to a replaced resource by rewriting it to `X (replaced)` (Ref) or
 * `X(replaced)` (Fn::GetAtt) in its working copy; find those markers to name the cause of a cascade.
 */
function replacedReferences(value: unknown): string[] {
  if (typeof value === 'string') {
    const match = /^(.+?) ?\(replaced\)$/.exec(value);
    return match ? [match[1]] : [];
  }
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(replacedReferences);
  return [];
}

/** Value at a spec path such as `ComputeResources.Subnets` or `Rules[0].Action`. */
function valueAtPath(root: unknown, path: string): unknown {
  return path.split(/\.|(?=\[)/).reduce<unknown>((value, segment) => {
    if (typeof value !== 'object' || value === null) return undefined;
    const index = /^\[(\d+)\]$/.exec(segment);
    return index ? (value as unknown[])[Number(index[1])] : (value as Record<string, unknown>)[segment];
  }, root);
}

function lossSeverity(type: string): Severity {
  if (isIdentityType(type)) return 'critical';
  // Replacing or deleting a stateful resource (per the spec) loses its data: needs a major version.
  return isStateful(type) ? 'breaking' : 'warning';
}

const CREATES_BEFORE_DELETING = '; CloudFormation creates the new one before deleting the old.';

function consequence(type: string): string {
  if (isIdentityType(type)) return `: ${IDENTITY_RESOURCE_TYPES[type].loss}.`;
  if (isStateful(type)) return ': the data it holds is lost.';
  return CREATES_BEFORE_DELETING;
}

function replacedFinding(logicalId: string, type: string, replacement: Replacement, because: string): Finding {
  const identity = isIdentityType(type);
  const dependencies = [...new Set(Object.values(replacement.via).flat())].sort();
  return {
    severity: lossSeverity(type),
    kind: identity ? 'identity-resource-replaced' : 'resource-replaced',
    logicalId,
    resourceType: type,
    identity,
    replacementPaths: replacement.paths,
    ...(dependencies.length > 0 ? { replacedDependencies: dependencies } : {}),
    message: `${describeResource(logicalId, type)} would be replaced because ${because}${consequence(type)}`,
  };
}

function possiblyReplacedFinding(logicalId: string, type: string, replacement: Replacement, because: string): Finding {
  const identity = isIdentityType(type);
  return {
    severity: identity ? 'breaking' : 'warning',
    kind: identity ? 'identity-resource-possibly-replaced' : 'resource-possibly-replaced',
    logicalId,
    resourceType: type,
    identity,
    replacementPaths: replacement.paths,
    message: `${describeResource(logicalId, type)} may be replaced because ${because} (the resource specification says replacement depends on the values)`
      + (identity ? `; if it is, ${IDENTITY_RESOURCE_TYPES[type].loss}.` : '.'),
  };
}

function renameFinding(logicalId: string, renamedTo: string, type: string): Finding {
  const identity = isIdentityType(type);
  return {
    severity: lossSeverity(type),
    kind: identity ? 'identity-resource-replaced' : 'resource-replaced',
    logicalId,
    renamedTo,
    resourceType: type,
    identity,
    replacementPaths: [],
    message: `${describeResource(logicalId, type)} would be replaced: its logical id changes to ${renamedTo}, so CloudFormation creates `
      + `a new resource and deletes the old one${consequence(type)}`,
  };
}

function removalFinding(logicalId: string, type: string, impact: ResourceImpact, gone: string): Finding {
  const identity = isIdentityType(type);
  if (impact === ResourceImpact.WILL_ORPHAN) {
    // DeletionPolicy Retain: the resource survives but leaves the product, so nothing manages or uses it.
    return {
      severity: identity ? 'breaking' : 'warning',
      kind: 'resource-orphaned',
      logicalId,
      resourceType: type,
      identity,
      message: `${describeResource(logicalId, type)} leaves the stack (${gone}) but is retained (DeletionPolicy Retain): `
        + 'it stays in the account, no longer managed or used by the product.',
    };
  }
  return {
    severity: lossSeverity(type),
    kind: identity ? 'identity-resource-removed' : 'resource-removed',
    logicalId,
    resourceType: type,
    identity,
    message: `${describeResource(logicalId, type)} would be deleted: ${gone}`
      + (identity ? `, and ${IDENTITY_RESOURCE_TYPES[type].loss}.` : isStateful(type) ? ', and the data it holds is lost.' : '.'),
  };
}

/**
 * A logical id that disappears while another of the same type appears is a rename to CloudFormation:
 * it creates the new resource and deletes the old one. Pair identical property sets first, then a
 * lone removed/added pair of the same type.
 */
function matchRenames(diff: TemplateDiff, removed: string[], added: string[]): Map<string, string> {
  const renames = new Map<string, string>();
  const free = new Set(added);
  const typeOf = (id: string) => (diff.resources.get(id).oldValue ?? diff.resources.get(id).newValue)!.Type;
  for (const oldId of removed) {
    const oldValue = diff.resources.get(oldId).oldValue!;
    const twin = [...free].find((newId) => typeOf(newId) === oldValue.Type && deepEqual(oldValue.Properties, diff.resources.get(newId).newValue!.Properties));
    if (twin) {
      renames.set(oldId, twin);
      free.delete(twin);
    }
  }
  for (const oldId of removed.filter((id) => !renames.has(id))) {
    const type = typeOf(oldId);
    const sameTypeRemoved = removed.filter((id) => !renames.has(id) && typeOf(id) === type);
    const sameTypeAdded = [...free].filter((id) => typeOf(id) === type);
    if (sameTypeRemoved.length === 1 && sameTypeAdded.length === 1) {
      renames.set(oldId, sameTypeAdded[0]);
      free.delete(sameTypeAdded[0]);
    }
  }
  return renames;
}
