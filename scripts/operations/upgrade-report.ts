/** What `catalog upgrade` prints: one row per provisioned product, the reasons and advice, then the outcome. */
import { renderTable } from '../format/table';
import type { UpgradeAction, UpgradeItem, UpgradeOutcome, UpgradePlan } from './upgrade';
import type { PlanReview } from './upgrade-waves';

const ACTION_LABEL: Record<UpgradeAction, string> = {
  update: 'update',
  skip: 'skip (status)',
  refuse: 'refused: needs --allow-breaking',
  none: 'none (up to date)',
};

export function renderUpgradePlan(plan: UpgradePlan, applying: boolean): string {
  const header = `Upgrade "${plan.product.name}" (${plan.product.id}, ${plan.product.serviceCatalogId}) in ${plan.region} to ${plan.target.version} (${plan.target.artifactId})`;
  if (plan.items.length === 0) return `${header}\n\nNo provisioned products of this product.\n`;
  const lines = [
    header,
    '',
    renderTable(
      ['provisioned product', 'id', 'status', 'current', 'verdict', 'action'],
      plan.items.map((i) => [i.name, i.id, i.status, i.currentVersion ?? '?', i.verdict, ACTION_LABEL[i.action]]),
    ),
  ];
  for (const item of plan.items.filter((i) => i.action !== 'none')) {
    const details = itemDetails(item);
    if (details.length > 0) lines.push('', `${item.name}:`, ...details.map((d) => `  - ${d}`));
  }
  const updates = plan.items.filter((i) => i.action === 'update').length;
  lines.push('', applying ? `Updating ${updates} provisioned product(s).` : `Dry run: ${updates} would be updated. Add --apply with --provisioned NAME or --all to perform it.`);
  return `${lines.join('\n')}\n`;
}

function itemDetails(item: UpgradeItem): string[] {
  const details: string[] = [];
  if (item.verdict === 'breaking' || item.verdict === 'unknown') details.push(...item.reasons.map((r) => `${item.verdict}: ${r}`));
  if (item.advice) details.push(item.advice);
  const p = item.parameters;
  if (item.action === 'update' || item.action === 'refuse') {
    if (p.added.length > 0) details.push(`new parameters take their defaults: ${p.added.join(', ')}`);
    if (p.removed.length > 0) details.push(`parameters the target no longer has: ${p.removed.join(', ')} (their values are dropped)`);
  }
  return details;
}

/**
 * AWS's answer beside ours, per provisioned product: offline verdict, AWS verdict (from the plan's resource
 * changes), whether they agree, and the resources behind each answer.
 */
export function renderPlanReviews(plan: UpgradePlan, reviews: Record<string, PlanReview>, executed: boolean): string {
  const reviewed = plan.items.filter((i) => reviews[i.id] !== undefined);
  if (reviewed.length === 0) return '';
  const fate = executed ? 'each executed unless blocked, then deleted' : 'deleted after reading, none executed';
  const lines = [
    `AWS's answer: provisioned product plans (CloudFormation change sets of the running stacks), ${fate}`,
    '',
    renderTable(
      ['provisioned product', 'offline', 'aws', 'agreement', 'plan'],
      reviewed.map((i) => {
        const r = reviews[i.id];
        return [i.name, i.verdict, r.judgement?.verdict ?? r.status, r.judgement?.agreement ?? '-', r.planId];
      }),
    ),
  ];
  for (const item of reviewed) {
    const r = reviews[item.id];
    const details: string[] = [];
    if (!r.judgement) details.push(`plan ${r.status}: ${r.statusMessage ?? 'no status message'}`);
    for (const b of r.judgement?.blocking ?? []) details.push(`blocks: ${b}`);
    for (const d of r.judgement?.differences ?? []) details.push(`disagree: ${d}`);
    for (const c of r.changes) {
      const replacement = c.action === 'MODIFY' ? ` Replacement ${c.replacement ?? '?'}` : '';
      const scope = c.scope.length > 0 ? ` [${c.scope.join(', ')}]` : '';
      details.push(`AWS: ${c.action} ${c.logicalId} (${c.resourceType ?? '?'})${replacement}${scope}${c.details.length > 0 ? `: ${c.details.join('; ')}` : ''}`);
    }
    if (r.changes.length === 0 && r.judgement) details.push('AWS: no resource changes');
    lines.push('', `${item.name}:`, ...details.map((d) => `  - ${d}`));
  }
  return `${lines.join('\n')}\n`;
}

export function renderUpgradeOutcome(plan: UpgradePlan, outcome: UpgradeOutcome): string {
  const lines: string[] = [];
  const reviews = renderPlanReviews(plan, outcome.reviews, true);
  if (reviews) lines.push(reviews);
  for (const e of outcome.earlier) lines.push(`Earlier run: ${e.name} (${e.id}): ${e.note}`);
  lines.push(`Updated to ${plan.target.version}: ${outcome.updated.map((u) => `${u.name} (record ${u.recordId})`).join(', ') || 'none'}`);
  if (outcome.refused.length > 0) {
    lines.push("Refused by AWS's plan (not executed, plan deleted; --allow-breaking accepts it):");
    for (const r of outcome.refused) lines.push(`  - ${r.name} (${r.id}): ${r.blocking.join('; ')}`);
  }
  if (outcome.failed.length > 0) {
    lines.push('Failed:');
    for (const f of outcome.failed) {
      lines.push(`  - ${f.name} (${f.id})${f.status ? `, now ${f.status}` : ''}: ${f.error}`);
      if (f.advice) lines.push(`    ${f.advice}`);
    }
  }
  if (outcome.failed.length > 0 || outcome.notAttempted.length > 0) {
    lines.push(`Not attempted (stopped ${outcome.stoppedBy ?? 'after the first failing batch'}): ${outcome.notAttempted.map((n) => n.name).join(', ') || 'none'}`);
  }
  for (const p of outcome.plansNotDeleted) lines.push(`Plan not deleted: ${p.planId} of ${p.name}: ${p.error}`);
  const skipped = plan.items.filter((i) => i.action === 'skip');
  if (skipped.length > 0) lines.push(`Skipped (status): ${skipped.map((s) => `${s.name} (${s.status})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `review`: the dry run's plans (--plan without --apply); with --apply they are in the outcome. */
export function upgradeJson(plan: UpgradePlan, outcome?: UpgradeOutcome, review?: UpgradeOutcome): unknown {
  return {
    dryRun: outcome === undefined,
    ...(review ? { plans: { reviews: review.reviews, failed: review.failed, plansNotDeleted: review.plansNotDeleted } } : {}),
    region: plan.region,
    product: plan.product,
    target: plan.target,
    allowBreaking: plan.allowBreaking,
    items: plan.items.map(({ report, ...item }) => ({ ...item, summary: report?.summary })),
    outcome,
  };
}
