import type { CatalogSynthesis } from '../catalog-build/synth';
import { cdkNagCheck } from './checks/cdk-nag';
import { cfnLintCheck } from './checks/cfn-lint';
import { cloudFormationValidateCheck } from './checks/cloudformation-validate';
import { consoleReadinessCheck } from './checks/console-readiness';
import { controlTowerCheck } from './checks/control-tower';
import { limitsCheck } from './checks/limits';
import { networkContractCheck } from './checks/network-contract';
import { selfContainedCheck } from './checks/self-contained';
import { versionHistoryCheck } from './checks/version-history';
import { runChecks } from './runner';
import { verifyContextOf } from './templates';
import type { VerifyCheck, VerifyReport } from './types';

/** The checks of `catalog verify`, in report order (issue 4; cfn-lint: issue 12). */
export const CHECKS: readonly VerifyCheck[] = [
  cloudFormationValidateCheck,
  cfnLintCheck,
  cdkNagCheck,
  controlTowerCheck,
  limitsCheck,
  consoleReadinessCheck,
  selfContainedCheck,
  networkContractCheck,
  versionHistoryCheck,
];

/** Verifies a synthesis (never synthesizing again): every check over every template it applies to. */
export function verifyCatalog(synthesis: CatalogSynthesis, checks: readonly VerifyCheck[] = CHECKS): Promise<VerifyReport> {
  return runChecks(checks, verifyContextOf(synthesis));
}

export { renderVerifyReport } from './report';
export type { VerifyFinding, VerifyReport } from './types';
