/**
 * Resource findings: what an UpdateStack from `from` to `to` would create, delete, replace or update.
 * Impacts come from @aws-cdk/cloudformation-diff (top-level `causesReplacement`, plus its propagation of a
 * replacement to resources that reference the replaced one in a create-only property); nested property
 * types and `additionalReplacementProperties` are added from the service spec (see spec.ts).
 */
import { deepEqual, ResourceImpact, type ResourceDifference, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { describeResource, IDENTITY_RESOURCE_TYPES, isIdentityType } from './identity';
import { additionalReplacementPaths, isStateful, nestedReplacementPaths, type ReplacementPath } from './spec';
import type { Finding, Severity } from './types';

interface Replacement {
  mode: 'yes' | 'maybe';
  paths: string[];
  /** Replaced resources referenced from the paths (cascade), by path. */
  via: Record<string, string[]>;
}

export function resourceFindings(diff: TemplateDiff): Finding[] {
  const added: string[] = [];
  const removed: string[] = [];
  const findings: Finding[] = [];

  diff.resources.forEachDifference((logicalId, change) => {
    if (change.isAddition) added.push(logicalId);
    else if (change.isRemoval) removed.push(logicalId);
    else {
      const finding = updateFinding(logicalId, change);
      if (finding) findings.push(finding);
    }
  });

  const renames = matchRenames(diff, removed, added);
  for (const logicalId of removed) {
    const oldValue = diff.resources.get(logicalId).oldValue!;
    const renamedTo = renames.get(logicalId);
    findings.push(renamedTo ? renameFinding(logicalId, renamedTo, oldValue.Type) : removalFinding(logicalId, oldValue.Type, diff.resources.get(logicalId).changeImpact));
  }
  const renamedTargets = new Set(renames.values());
  for (const logicalId of added.filter((id) => !renamedTargets.has(id))) {
    const type = diff.resources.get(logicalId).newValue!.Type;
    findings.push({ severity: 'info', kind: 'resource-added', logicalId, resourceType: type, message: `New ${describeResource(logicalId, type)} will be created.` });
  }
  return findings;
}

function updateFinding(logicalId: string, change: ResourceDifference): Finding | undefined {
  if (change.resourceTypeChanged) {
    const type = change.oldResourceType!;
    return replacedFinding(logicalId, type, { mode: 'yes', paths: ['Type'], via: {} }, `its type changes to ${change.newResourceType}`);
  }
  const type = change.resourceType!;
  // Resource-level Metadata (aws:cdk:path, cfn_nag notes) changes nothing physical, like the template's.
  const otherChanged = Object.keys(change.otherChanges).filter((key) => key !== 'Metadata');
  const propertiesChanged = Object.keys(change.propertyUpdates);
  if (otherChanged.length === 0 && propertiesChanged.length === 0) return undefined;

  const replacement = replacementOf(type, change);
  if (replacement) {
    const causes = replacement.paths.map((path) => {
      const via = replacement.via[path];
      return via ? `${path} (it references ${via.join(', ')}, which ${via.length > 1 ? 'are' : 'is'} replaced)` : path;
    });
    const because = `${causes.join(', ')} ${causes.length > 1 ? 'change' : 'changes'}`;
    return replacement.mode === 'yes' ? replacedFinding(logicalId, type, replacement, because) : possiblyReplacedFinding(logicalId, type, replacement, because);
  }
  const changedProperties = [...propertiesChanged, ...otherChanged];
  return {
    severity: 'info',
    kind: 'resource-modified',
    logicalId,
    resourceType: type,
    identity: isIdentityType(type),
    changedProperties,
    message: `${describeResource(logicalId, type)} is updated in place (${changedProperties.join(', ')}); its identity is kept.`,
  };
}

/** The worst replacement the changed properties cause, with every path that causes it. */
function replacementOf(type: string, change: ResourceDifference): Replacement | undefined {
  const paths: ReplacementPath[] = [];
  const via: Record<string, string[]> = {};
  for (const [name, property] of Object.entries(change.propertyUpdates)) {
    if (property.changeImpact === ResourceImpact.WILL_REPLACE || property.changeImpact === ResourceImpact.MAY_REPLACE) {
      paths.push({ path: name, mode: property.changeImpact === ResourceImpact.WILL_REPLACE ? 'yes' : 'maybe' });
      const referenced = [...new Set(replacedReferences(property.newValue))].sort();
      if (referenced.length > 0) via[name] = referenced;
    } else {
      paths.push(...nestedReplacementPaths(type, name, property.oldValue, property.newValue));
    }
  }
  paths.push(...additionalReplacementPaths(type, change.oldProperties, change.newProperties));
  const forced = paths.filter((p) => p.mode === 'yes');
  const chosen = forced.length > 0 ? forced : paths;
  if (chosen.length === 0) return undefined;
  const chosenPaths = chosen.map((p) => p.path);
  const chosenVia = Object.fromEntries(Object.entries(via).filter(([path]) => chosenPaths.includes(path)));
  return { mode: forced.length > 0 ? 'yes' : 'maybe', paths: chosenPaths, via: chosenVia };
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

function lossSeverity(type: string): Severity {
  if (isIdentityType(type)) return 'critical';
  // Replacing or deleting a stateful resource (per the spec) loses its data: needs a major version.
  return isStateful(type) ? 'breaking' : 'warning';
}

function consequence(type: string): string {
  if (isIdentityType(type)) return `: ${IDENTITY_RESOURCE_TYPES[type].loss}.`;
  if (isStateful(type)) return ': the data it holds is lost.';
  return '; CloudFormation creates the new one before deleting the old.';
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

function removalFinding(logicalId: string, type: string, impact: ResourceImpact): Finding {
  const identity = isIdentityType(type);
  if (impact === ResourceImpact.WILL_ORPHAN) {
    // DeletionPolicy Retain: the resource survives but leaves the product, so nothing manages or uses it.
    return {
      severity: identity ? 'breaking' : 'warning',
      kind: 'resource-orphaned',
      logicalId,
      resourceType: type,
      identity,
      message: `${describeResource(logicalId, type)} is removed from the template but retained (DeletionPolicy Retain): `
        + 'it stays in the account, no longer managed or used by the product.',
    };
  }
  return {
    severity: lossSeverity(type),
    kind: identity ? 'identity-resource-removed' : 'resource-removed',
    logicalId,
    resourceType: type,
    identity,
    message: `${describeResource(logicalId, type)} would be deleted: it is no longer in the template`
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
