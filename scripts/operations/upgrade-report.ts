/** What `catalog upgrade` prints: one row per provisioned product, the reasons and advice, then the outcome. */
import { renderTable } from '../format/table';
import type { UpgradeAction, UpgradeItem, UpgradeOutcome, UpgradePlan } from './upgrade';

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

export function renderUpgradeOutcome(plan: UpgradePlan, outcome: UpgradeOutcome): string {
  const lines = [
    `Updated to ${plan.target.version}: ${outcome.updated.map((u) => `${u.name} (record ${u.recordId})`).join(', ') || 'none'}`,
  ];
  if (outcome.failed.length > 0) {
    lines.push('Failed:');
    for (const f of outcome.failed) {
      lines.push(`  - ${f.name} (${f.id})${f.status ? `, now ${f.status}` : ''}: ${f.error}`);
      if (f.advice) lines.push(`    ${f.advice}`);
    }
    lines.push(`Not attempted (stopped after the first failing batch): ${outcome.notAttempted.map((n) => n.name).join(', ') || 'none'}`);
  }
  const skipped = plan.items.filter((i) => i.action === 'skip');
  if (skipped.length > 0) lines.push(`Skipped (status): ${skipped.map((s) => `${s.name} (${s.status})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function upgradeJson(plan: UpgradePlan, outcome?: UpgradeOutcome): unknown {
  return {
    dryRun: outcome === undefined,
    region: plan.region,
    product: plan.product,
    target: plan.target,
    allowBreaking: plan.allowBreaking,
    items: plan.items.map(({ report, ...item }) => ({ ...item, summary: report?.summary })),
    outcome,
  };
}
