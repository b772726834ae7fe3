import { CFN_VALIDATE_ALLOWLIST, type ValidatorAllowance } from '../cfn-validate-allowlist';
import { cloudFormationValidatorVersion, startCloudFormationValidator, type CfnDiagnostic, type CloudFormationValidator } from '../cloudformation-validator';
import { ResultCache } from '../result-cache';
import { isAny } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

/**
 * aws-cdk-lib's bundled CloudFormation validator on every template: the portfolio and launch-role stacks and every
 * product version (it runs on synth for assembly stacks only, never on ProductStack templates). Errors fail, warnings
 * are listed. One engine for the whole run, started only for templates an earlier run has not validated (result-cache.ts).
 */
export const cloudFormationValidateCheck: VerifyCheck = {
  id: 'cfn-validate',
  description: "aws-cdk-lib's bundled CloudFormation validator (schemas and cfn-lint rules); errors fail, warnings listed",
  applies: isAny,
  open() {
    // The engine starts (seconds) only when a template is not in the cache of earlier runs.
    const cache = new ResultCache<CfnDiagnostic[]>('cfn-validate', `${cloudFormationValidatorVersion()} warn`);
    let validator: CloudFormationValidator | undefined;
    return {
      perTemplate: (t) => {
        let diagnostics = cache.get(t.text);
        if (!diagnostics) {
          validator ??= startCloudFormationValidator();
          diagnostics = validator.validate(t.text, `${t.name} ${t.version}`);
          cache.set(t.text, diagnostics);
        }
        return diagnostics.flatMap((d) => toFinding(d, t, CFN_VALIDATE_ALLOWLIST));
      },
      close: () => {
        validator?.free();
        cache.save();
      },
    };
  },
};

/** WARN is listed; ERROR and FATAL fail unless allow-listed (then listed with the reason). INFO is not reported. */
export function toFinding(d: CfnDiagnostic, t: VerifiedTemplate, allowlist: readonly ValidatorAllowance[]): VerifyFinding[] {
  if (d.severity !== 'ERROR' && d.severity !== 'FATAL' && d.severity !== 'WARN') return [];
  const allowed = allowlist.find((a) => a.rule === d.ruleId && a.product === t.name && a.resource === d.logicalId && (d.propertyPath ?? '').startsWith(a.property));
  const message = d.propertyPath ? `${d.propertyPath}: ${d.message}` : d.message;
  return [
    {
      check: 'cfn-validate',
      severity: d.severity === 'WARN' || allowed ? 'warning' : 'error',
      template: t.name,
      version: t.version,
      resource: d.logicalId ?? '-',
      rule: d.ruleId,
      message: allowed ? `${message} (allowed: ${allowed.reason})` : message,
    },
  ];
}
