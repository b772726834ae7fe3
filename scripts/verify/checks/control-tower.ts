import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CONTROL_TOWER_ALLOWLIST, type ControlTowerAllowance } from '../control-tower-allowlist';
import { ResultCache } from '../result-cache';
import { isProduct } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
export const CONTROL_TOWER_RULES_DIR = path.join(PACKAGE_DIR, 'rules/control-tower/cfn-guard');
const GUARD_PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * AWS Control Tower proactive controls (cfn-guard rules shipped in @cdklabs/cdk-validator-cfnguard) on every product
 * template, every version. As a CDK plugin it skips ProductStack templates, so its cfn-guard binary runs here: ONE
 * process over all templates (`--data` repeated), with only the rule files that name a resource type the templates
 * contain (cfn-guard parses every rule file once per data file; a rule on an absent type can only be skipped).
 * Findings on the allow-list (control-tower-allowlist.ts, a reason each) are warnings; the rest fail. Templates an
 * earlier run checked with the same rules are not checked again (result-cache.ts).
 */
export const controlTowerCheck: VerifyCheck = {
  id: 'control-tower',
  description: 'AWS Control Tower proactive controls (cfn-guard) on every product template; allow-listed findings are warnings',
  applies: isProduct,
  all: (templates) => runControlTower(templates, CONTROL_TOWER_ALLOWLIST),
};

/** A raw cfn-guard violation of one template, as cached. */
interface GuardViolation {
  readonly control: string;
  readonly resource: string;
  readonly message: string;
}

export function runControlTower(templates: readonly VerifiedTemplate[], allowlist: readonly ControlTowerAllowance[]): VerifyFinding[] {
  if (templates.length === 0) return [];
  const cache = new ResultCache<GuardViolation[]>('control-tower', `${GUARD_PACKAGE_VERSION} ${CONTROL_TOWER_RULES_DIR}`);
  const results = new Map<VerifiedTemplate, GuardViolation[]>();
  const misses: VerifiedTemplate[] = [];
  for (const t of templates) {
    const cached = cache.get(t.text);
    if (cached) results.set(t, cached);
    else misses.push(t);
  }
  for (const [t, violations] of runGuard(misses)) {
    results.set(t, violations);
    cache.set(t.text, violations);
  }
  cache.save();
  return templates.flatMap((t) =>
    (results.get(t) ?? []).map((v) => {
      const allowed = allowlist.find((a) => a.control === v.control && (a.product === '*' || a.product === t.name) && (a.resource === '*' || a.resource === v.resource));
      return {
        check: 'control-tower',
        severity: allowed ? ('warning' as const) : ('error' as const),
        template: t.name,
        version: t.version,
        resource: v.resource,
        rule: v.control,
        message: `${v.message}${allowed ? ` (allowed: ${allowed.reason})` : ''}`,
      };
    }),
  );
}

/** One cfn-guard process over the templates, with the rule files that can apply to them. */
function runGuard(templates: readonly VerifiedTemplate[]): Map<VerifiedTemplate, GuardViolation[]> {
  const results = new Map<VerifiedTemplate, GuardViolation[]>(templates.map((t) => [t, []]));
  const types = new Set(templates.flatMap((t) => Object.values(t.template.Resources).map((r) => r.Type)));
  const rules = ruleFiles().filter((r) => r.types.some((type) => types.has(type)));
  if (templates.length === 0 || rules.length === 0) return results;
  const byFile = new Map(templates.map((t) => [path.resolve(t.file), t]));
  const guard = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: rules.map((r) => r.file), maxBuffer: 256 * 1024 * 1024 });
  const report = guard.validate({ templatePaths: [...byFile.keys()] } as Parameters<CfnGuardValidator['validate']>[0]);
  for (const violation of report.violations) {
    const control = /\[(CT\.[A-Z0-9.-]+)\]/.exec(violation.description)?.[1] ?? violation.ruleName;
    const message = violation.description.split('\n')[0].replace(/^\[[^\]]+\]:\s*/, '');
    for (const resource of violation.violatingResources) {
      const t = byFile.get(path.resolve(resource.templatePath));
      if (t) results.get(t)!.push({ control, resource: resource.resourceLogicalId ?? '-', message });
    }
  }
  return results;
}

let cachedRuleFiles: { file: string; types: string[] }[] | undefined;

/** Every Control Tower rule file with the resource types it names (read once per process). */
function ruleFiles(): { file: string; types: string[] }[] {
  cachedRuleFiles ??= fs
    .readdirSync(CONTROL_TOWER_RULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.guard'))
    .sort()
    .map((f) => {
      const file = path.join(CONTROL_TOWER_RULES_DIR, f);
      const code = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n');
      return { file, types: [...new Set(code.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [])] };
    });
  return cachedRuleFiles;
}
