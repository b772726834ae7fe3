import { CFN_VALIDATE_ALLOWLIST, type ValidatorAllowance } from '../cfn-validate-allowlist';
import { startCloudFormationValidator, type CfnDiagnostic } from '../cloudformation-validator';
import { isAny } from '../templates';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

/**
 * aws-cdk-lib's bundled CloudFormation validator on every template: the portfolio and launch-role stacks and every
 * product version (it runs on synth for assembly stacks only, never on ProductStack templates). Errors fail, warnings
 * are listed. One engine for the whole run.
 */
export const cloudFormationValidateCheck: VerifyCheck = {
  id: 'cfn-validate',
  description: "aws-cdk-lib's bundled CloudFormation validator (schemas and cfn-lint rules); errors fail, warnings listed",
  applies: isAny,
  open() {
    const validator = startCloudFormationValidator();
    return {
      perTemplate: (t) => validator.validate(t.text, `${t.name} ${t.version}`).flatMap((d) => toFinding(d, t, CFN_VALIDATE_ALLOWLIST)),
      close: () => validator.free(),
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
