import type { IConstruct } from 'constructs';
import type { CatalogConfig } from '../../config/schema';
import type { CfnTemplate } from '../analyzers/upgrade-diff/types';

/** One template verify looks at: a product version (current or snapshot) or a stack of the assembly. */
export interface VerifiedTemplate {
  readonly kind: 'product' | 'stack';
  /** Product id or stack name. */
  readonly name: string;
  /** Product version, or '-' for stacks. */
  readonly version: string;
  readonly file: string;
  /** The file's text, read once. */
  readonly text: string;
  readonly template: CfnTemplate;
}

/** Everything checks run on, read once per run. */
export interface VerifyContext {
  readonly config: CatalogConfig;
  readonly templates: readonly VerifiedTemplate[];
  /** Roots of the construct trees of the synthesis (cdk-nag walks them): the catalog app and the products' app. */
  readonly constructRoots: readonly IConstruct[];
}

export type Severity = 'error' | 'warning';

/** One problem found: it names the template, version, resource and rule. */
export interface VerifyFinding {
  readonly check: string;
  readonly severity: Severity;
  readonly template: string;
  readonly version: string;
  /** Logical id or construct path; '-' for the template as a whole. */
  readonly resource: string;
  readonly rule: string;
  readonly message: string;
  /**
   * The reason of the allow-list entry that accepts this finding. Such a finding is not listed: the runner counts it
   * (CheckTiming.allowed). Checks whose allow-listed findings stay listed as warnings (cfn-validate, control-tower)
   * do not set it.
   */
  readonly allowed?: string;
}

/**
 * A verification check, shaped like a cdk-nag rule: an id, a description, and a run. A check either looks at one
 * template at a time (`perTemplate`, timed per template by the runner) or at the whole catalog at once (`all`, for
 * tools that are cheaper in one batch, such as one cfn-guard process over every template).
 */
export interface VerifyCheck {
  readonly id: string;
  readonly description: string;
  /** Which templates it looks at. */
  readonly applies: (t: VerifiedTemplate) => boolean;
  readonly perTemplate?: (t: VerifiedTemplate, context: VerifyContext) => VerifyFinding[];
  /** Like perTemplate, with a costly tool started once before the templates and closed after (e.g. an engine). */
  readonly open?: (context: VerifyContext) => CheckSession;
  readonly all?: (templates: readonly VerifiedTemplate[], context: VerifyContext) => VerifyFinding[];
  /**
   * Like `all`, for a check whose work is another process (cfn-lint, a Python program): the runner starts it before
   * the in-process checks and awaits it after them, so on two cores it runs beside them instead of before them.
   * A check has either this or the in-process members.
   */
  readonly background?: (templates: readonly VerifiedTemplate[], context: VerifyContext) => Promise<VerifyFinding[]>;
}

export interface CheckSession {
  perTemplate(t: VerifiedTemplate): VerifyFinding[];
  close(): void;
}

export interface CheckTiming {
  readonly check: string;
  readonly description: string;
  /** Wall time. */
  readonly ms: number;
  /** CPU time of this process (child processes such as cfn-guard not included; 0 for background checks). */
  readonly cpuMs: number;
  readonly templates: number;
  readonly errors: number;
  readonly warnings: number;
  /** Findings accepted by the check's allow-list: counted, not listed. */
  readonly allowed: number;
  /** Per template, for per-template checks. */
  readonly perTemplate: { template: string; version: string; ms: number }[];
  /** Starting the tool (open sessions only). */
  readonly startupMs?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly ms: number;
  readonly checks: CheckTiming[];
  readonly errors: VerifyFinding[];
  readonly warnings: VerifyFinding[];
  /** Findings accepted by an allow-list (not listed). */
  readonly allowed: number;
}
