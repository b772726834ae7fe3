/** What `catalog adopt` prints: the plan (dry run), the closest version and its diff, and the result. */
import { renderUpgradeReport } from '../analyzers/upgrade-diff';
import type { AdoptionPlan, AdoptionResult } from './adopt';

export function renderAdoptionPlan(plan: AdoptionPlan, applying: boolean): string {
  const lines = [
    `Stack ${plan.stack.name} in ${plan.region}: ${plan.stack.status}`,
    `  ${plan.stack.id}`,
    `Declared identity: ${plan.declaredIdentity ? `${plan.declaredIdentity.productId} ${plan.declaredIdentity.version}` : 'none (no Metadata.AgentNetworkCatalog)'}`,
  ];
  if (plan.match) lines.push(`Matching release: ${plan.match.productId} ${plan.match.version} (${plan.match.level})`);
  if (plan.closest) {
    const c = plan.closest;
    lines.push(
      `No released version matches. Closest: ${c.productId} ${c.version} (${c.report.reasons.length} upgrade finding${c.report.reasons.length === 1 ? '' : 's'}, ${c.differences.length} template difference${c.differences.length === 1 ? '' : 's'} shown)`,
      '',
      renderUpgradeReport(c.report, { from: `${c.productId} ${c.version}`, to: `stack ${plan.stack.name}` }).trimEnd(),
    );
    if (c.differences.length > 0) lines.push('', 'Template differences (normalized, Metadata included):', ...c.differences.map((d) => `  - ${d}`));
  }
  const sc = plan.serviceCatalog;
  if (sc) {
    lines.push('', applying ? 'Performing:' : 'Plan (dry run; add --apply to perform it):');
    let step = 1;
    if (plan.action === 'register-and-import') {
      lines.push(
        sc.versionId
          ? `  ${step++}. reuse version ${sc.versionName} (${sc.versionId}) of "${sc.productName}" (${sc.productId})`
          : `  ${step++}. CreateProvisioningArtifact on "${sc.productName}" (${sc.productId}): Name ${sc.versionName}, Info.ImportFromPhysicalId ${plan.stack.id}`,
      );
    }
    lines.push(
      `  ${step}. ImportAsProvisionedProduct: ProductId ${sc.productId} ("${sc.productName}"), ProvisioningArtifactId ${sc.versionId ? `${sc.versionId} (${sc.versionName})` : `of ${sc.versionName} (from step 1)`}, ` +
        `ProvisionedProductName ${plan.provisionedProductName}, PhysicalId ${plan.stack.id}`,
      '     then wait for the record to succeed. Constraints (launch role, tags) apply from the next update of the provisioned product.',
    );
  }
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  if (plan.reason) lines.push('', `Nothing to import: ${plan.reason}`);
  return `${lines.join('\n')}\n`;
}

export function renderAdoptionResult(plan: AdoptionPlan, result: AdoptionResult): string {
  const lines: string[] = [];
  if (result.registeredVersion) {
    lines.push(`${result.registeredVersion.reused ? 'Reused' : 'Registered'} version ${result.registeredVersion.name} (${result.registeredVersion.id}).`);
  }
  lines.push(
    `Imported stack ${plan.stack.name} as provisioned product "${plan.provisionedProductName}"${result.provisionedProductId ? ` (${result.provisionedProductId})` : ''}: record ${result.record.id} ${result.record.status}.`,
  );
  const productId = plan.match?.productId ?? plan.closest?.productId;
  if (productId) lines.push(`Next: catalog upgrade --product ${productId} --to <version> --provisioned ${plan.provisionedProductName} --region ${plan.region}`);
  return `${lines.join('\n')}\n`;
}

/** The plan for `--json`, with the closest version's report as data. */
export function adoptionJson(plan: AdoptionPlan, result?: AdoptionResult): unknown {
  return {
    dryRun: result === undefined,
    ...plan,
    result: result && {
      registeredVersion: result.registeredVersion,
      provisionedProductId: result.provisionedProductId,
      record: { id: result.record.id, status: result.record.status, errors: result.record.errors },
    },
  };
}
