/**
 * AWS's answer beside ours: the resource changes of a provisioned product plan (a CloudFormation change set
 * computed against the real stack) judged with the same identity list as the offline analysis, and compared
 * with the offline report resource by resource.
 *
 * ResourceChange (Action ADD | MODIFY | REMOVE; Replacement TRUE | FALSE | CONDITIONAL, meaningful for MODIFY):
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ResourceChange.html
 * CONDITIONAL is what CloudFormation reports when a property that forces recreation depends on a value it only
 * resolves while the update runs (RequiresRecreation Always with a Dynamic evaluation, e.g. a Ref to a resource that
 * is itself replaced): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html
 * For an identity-bearing resource that is a block too: once the plan runs nobody can take the replacement back,
 * and "maybe" is not an answer an operator can give a partner who allowlisted the address.
 */
import type { ResourceChange } from '@aws-sdk/client-service-catalog';
import type { UpgradeReport } from '../analyzers/upgrade-diff';
import { describeResource, IDENTITY_RESOURCE_TYPES, isIdentityType } from '../analyzers/upgrade-diff/identity';

export interface PlannedChange {
  readonly action: 'ADD' | 'MODIFY' | 'REMOVE';
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType?: string;
  readonly replacement?: 'TRUE' | 'FALSE' | 'CONDITIONAL';
  readonly scope: string[];
  /** Changed attributes as "Properties.CidrBlock (ALWAYS, STATIC)". */
  readonly details: string[];
}

export type AwsVerdict = 'compatible' | 'blocked';

export interface PlanJudgement {
  readonly verdict: AwsVerdict;
  /** Identity-bearing resources AWS replaces (TRUE or CONDITIONAL) or removes: each one blocks. */
  readonly blocking: string[];
  /** Every resource AWS replaces or removes, identity-bearing or not. */
  readonly replaced: string[];
  readonly removed: string[];
  /**
   * Whether AWS replaces and deletes exactly the resources the offline analysis said it would. Resources only: a
   * verdict the offline analysis reached from parameters or outputs is not something a change set can confirm.
   */
  readonly agreement: 'agree' | 'disagree' | 'no offline verdict';
  /** Where the two disagree, one line per resource. */
  readonly differences: string[];
}

export function plannedChanges(changes: readonly ResourceChange[]): PlannedChange[] {
  return changes
    .filter((c) => c.LogicalResourceId !== undefined && c.Action !== undefined)
    .map((c) => ({
      action: c.Action as PlannedChange['action'],
      logicalId: c.LogicalResourceId as string,
      physicalId: c.PhysicalResourceId,
      resourceType: c.ResourceType,
      replacement: c.Replacement,
      scope: [...(c.Scope ?? [])],
      details: (c.Details ?? []).map((d) => {
        const target = [d.Target?.Attribute, d.Target?.Name].filter(Boolean).join('.') || 'attribute';
        const how = [d.Target?.RequiresRecreation, d.Evaluation].filter(Boolean).join(', ');
        return `${target}${how ? ` (${how})` : ''}${d.CausingEntity ? ` caused by ${d.CausingEntity}` : ''}`;
      }),
    }));
}

const isReplaced = (c: PlannedChange) => c.action === 'MODIFY' && (c.replacement === 'TRUE' || c.replacement === 'CONDITIONAL');

export function judgePlan(changes: readonly PlannedChange[], offline: UpgradeReport | undefined): PlanJudgement {
  const replaced = changes.filter(isReplaced);
  const removed = changes.filter((c) => c.action === 'REMOVE');
  const blocking = [...replaced, ...removed]
    .filter((c) => isIdentityType(c.resourceType))
    .map((c) => {
      const what = c.action === 'REMOVE' ? 'deleted' : c.replacement === 'TRUE' ? 'replaced' : 'possibly replaced (CONDITIONAL: decided only while the update runs)';
      return `${describeResource(c.logicalId, c.resourceType)} is ${what}: ${IDENTITY_RESOURCE_TYPES[c.resourceType as string].loss}`;
    });
  const verdict: AwsVerdict = blocking.length > 0 ? 'blocked' : 'compatible';
  const base = { verdict, blocking, replaced: replaced.map((c) => c.logicalId).sort(), removed: removed.map((c) => c.logicalId).sort() };
  if (!offline) return { ...base, agreement: 'no offline verdict', differences: [] };

  const offlineReplaced = new Set<string>();
  const offlineRemoved = new Set<string>();
  for (const finding of offline.reasons) {
    if (!finding.logicalId) continue;
    // A logical-id rename is a replacement for us and a REMOVE (plus an ADD) for CloudFormation.
    if (finding.renamedTo !== undefined) offlineRemoved.add(finding.logicalId);
    else if (/^(identity-)?resource-(possibly-)?replaced$/.test(finding.kind)) offlineReplaced.add(finding.logicalId);
    else if (/^(identity-)?resource-(removed|orphaned)$/.test(finding.kind)) offlineRemoved.add(finding.logicalId);
  }
  const differences: string[] = [];
  const name = (c: PlannedChange) => describeResource(c.logicalId, c.resourceType);
  for (const c of replaced) if (!offlineReplaced.has(c.logicalId)) differences.push(`${name(c)}: AWS replaces it (Replacement ${c.replacement}), the offline analysis did not expect it`);
  for (const c of removed) if (!offlineRemoved.has(c.logicalId)) differences.push(`${name(c)}: AWS deletes it, the offline analysis did not expect it`);
  const awsReplaced = new Set(replaced.map((c) => c.logicalId));
  const awsRemoved = new Set(removed.map((c) => c.logicalId));
  for (const id of [...offlineReplaced].sort()) if (!awsReplaced.has(id)) differences.push(`${id}: the offline analysis expected a replacement, AWS ${awsRemoved.has(id) ? 'deletes it instead' : 'does not replace it'}`);
  for (const id of [...offlineRemoved].sort()) if (!awsRemoved.has(id)) differences.push(`${id}: the offline analysis expected a deletion, AWS does not delete it`);
  return { ...base, agreement: differences.length === 0 ? 'agree' : 'disagree', differences };
}
