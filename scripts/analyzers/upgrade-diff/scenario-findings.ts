/**
 * Resource findings over every upgrade scenario (upgrade-scenarios.ts): each scenario's templates are resolved
 * (resolved-template.ts) and diffed, and the findings are merged per resource, the worst one winning. A finding that
 * holds only in some launches says in which, with their parameter values: a Condition added to an Elastic IP deletes
 * it exactly where the condition is false, and a Mappings entry that changes replaces the VPC only for the key whose
 * entry changed.
 */
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { resolvedTemplate } from './resolved-template';
import { resourceFindings } from './resources';
import type { CfnTemplate, Finding, Severity } from './types';
import { upgradeScenarios } from './upgrade-scenarios';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, breaking: 1, warning: 2, info: 3 };

/** How many launch descriptions a message lists before "and N more". */
const LISTED = 3;

export interface ScenarioFindings {
  readonly findings: Finding[];
  /** How many scenarios were analysed (distinct resolved template pairs may be fewer). */
  readonly scenarios: number;
}

/**
 * Beyond the shared evaluator's limit only a pairwise covering set of launches is analysed: a finding that needs three
 * parameter values together may be missed, so the upgrade cannot be proven compatible.
 */
function incompleteFinding(analysed: number, combinations: number): Finding {
  return {
    severity: 'breaking',
    kind: 'analysis-incomplete',
    name: 'Conditions',
    message: `Only ${analysed} launch scenarios (a pairwise covering set) of ${combinations} combinations of the parameter values that decide the `
      + 'changed Conditions were analysed: the upgrade cannot be proven compatible for the combinations not examined.',
  };
}

/**
 * `maxFindings`: give up (undefined) as soon as the merged findings are certain to be more: they are one per resource
 * (logical id) that has a finding in any scenario, so the resources seen so far are a lower bound.
 */
export function scenarioResourceFindings(from: CfnTemplate, to: CfnTemplate, maxFindings = Infinity): ScenarioFindings | undefined {
  const { scenarios, exhaustive, combinations } = upgradeScenarios(from, to);
  const budget = exhaustive ? maxFindings : maxFindings - 1;
  // A parameter both templates declare holds the value the product was provisioned with, so both sides resolve it by
  // the previous declaration (a new single AllowedValue does not make it that value: such an update is rejected).
  const toWithPreviousParameters = { ...to, Parameters: { ...(to.Parameters ?? {}), ...(from.Parameters ?? {}) } };
  const byPair = new Map<string, Finding[]>();
  const withFindings = new Set<string>();
  const runs: Array<{ description: string; findings: Finding[]; present: ReadonlySet<string> }> = [];
  for (const scenario of scenarios) {
    const before = resolvedTemplate(from, scenario.from);
    const after = resolvedTemplate(toWithPreviousParameters, scenario.to);
    // Many scenarios resolve to the same pair of templates: diff each pair once.
    const key = JSON.stringify([before.Resources, after.Resources]);
    let findings = byPair.get(key);
    if (!findings) {
      findings = resourceFindings(before, after, fullDiff(before, after), to);
      byPair.set(key, findings);
    }
    for (const finding of findings) withFindings.add(finding.logicalId ?? '');
    if (withFindings.size > budget) return undefined;
    const present = new Set([...Object.keys(before.Resources), ...Object.keys(after.Resources)]);
    runs.push({ description: scenario.description, findings, present });
  }
  const findings = merge(runs);
  return { findings: exhaustive ? findings : [...findings, incompleteFinding(scenarios.length, combinations)], scenarios: scenarios.length };
}

function merge(runs: Array<{ description: string; findings: Finding[]; present: ReadonlySet<string> }>): Finding[] {
  const byResource = new Map<string, Array<{ finding: Finding; run: number }>>();
  runs.forEach((run, index) => {
    for (const finding of run.findings) {
      const id = finding.logicalId ?? '';
      byResource.set(id, [...(byResource.get(id) ?? []), { finding, run: index }]);
    }
  });
  return [...byResource.values()].map((occurrences) => {
    // The worst reading wins; the first scenario (the defaults) gives its wording among equals.
    const worst = occurrences.reduce((a, b) => (SEVERITY_ORDER[b.finding.severity] < SEVERITY_ORDER[a.finding.severity] ? b : a));
    const where = occurrences.filter((o) => o.finding.kind === worst.finding.kind && o.finding.severity === worst.finding.severity).map((o) => o.run);
    // Holding wherever the resource exists needs no qualifier: its own Condition already says where that is.
    const existing = runs.filter((run) => run.present.has(worst.finding.logicalId ?? '')).length;
    if (where.length === existing) return worst.finding;
    const descriptions = where.map((i) => runs[i].description);
    return { ...worst.finding, scenarios: descriptions, message: `${worst.finding.message} ${launches(descriptions, runs.length)}` };
  });
}

function launches(descriptions: string[], total: number): string {
  const named = descriptions.slice(0, LISTED).map((d) => (d === '' ? 'the default parameter values' : d));
  const more = descriptions.length > LISTED ? ` and ${descriptions.length - LISTED} more` : '';
  return `This happens only in the launches with ${named.join('; ')}${more} (${descriptions.length} of ${total} scenarios analysed).`;
}
