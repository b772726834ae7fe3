/**
 * Types of the offline upgrade-safety report. Everything here is plain JSON so `catalog diff --json`
 * can print a report as is and CI can compare it.
 */

/** A CloudFormation template as read from a snapshot (JSON or YAML). Only `Resources` is mandatory. */
export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, CfnParameter>;
  Rules?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Transform?: unknown;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: unknown;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html */
export interface CfnParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinValue?: number | string;
  MaxValue?: number | string;
  MinLength?: number | string;
  MaxLength?: number | string;
  [key: string]: unknown;
}

export interface CfnOutput {
  Value: unknown;
  Export?: { Name: unknown };
  [key: string]: unknown;
}

/** critical: an identity a customer relies on (egress IP, VPC/subnet ids, log history) is lost. */
export type Severity = 'critical' | 'breaking' | 'warning' | 'info';

export type ResourceFindingKind =
  | 'resource-added'
  | 'resource-removed'
  | 'resource-orphaned'
  | 'resource-modified'
  | 'resource-replaced'
  | 'resource-possibly-replaced'
  | 'identity-resource-replaced'
  | 'identity-resource-possibly-replaced'
  | 'identity-resource-removed';

export type ParameterFindingKind =
  | 'parameter-added-required'
  | 'parameter-added-optional'
  | 'parameter-removed'
  | 'parameter-type-changed'
  | 'parameter-allowed-values-narrowed'
  | 'parameter-constraint-tightened'
  | 'parameter-constraint-relaxed'
  | 'parameter-default-changed';

export type OutputFindingKind = 'output-added' | 'output-removed' | 'output-changed' | 'output-export-changed';

export type TemplateFindingKind = 'rules-changed' | 'description-changed' | 'template-section-changed' | 'analysis-incomplete';

export type FindingKind = ResourceFindingKind | ParameterFindingKind | OutputFindingKind | TemplateFindingKind;

export interface Finding {
  severity: Severity;
  kind: FindingKind;
  /** Resource logical id (resource findings). For a rename this is the old id. */
  logicalId?: string;
  /** Parameter, output, rule or template-section name (non-resource findings). */
  name?: string;
  resourceType?: string;
  /** True when the resource type is in IDENTITY_RESOURCE_TYPES. */
  identity?: boolean;
  /** Property paths whose change forces (or may force) replacement, e.g. `CidrBlock`, `ComputeResources.Subnets`. */
  replacementPaths?: string[];
  /** Resources being replaced that this one references in a create-only property (replacement cascades). */
  replacedDependencies?: string[];
  /** For a logical-id rename: the new logical id that takes over. */
  renamedTo?: string;
  /** Properties (or resource attributes such as DeletionPolicy) changed in place. */
  changedProperties?: string[];
  /**
   * Properties one side omits and the other writes with their documented default (defaults.ts): the value does not
   * change, so a conditionally create-only one among them does not replace the resource.
   */
  defaultsWrittenOut?: string[];
  /**
   * The launches (parameter values, '' for the defaults) in which this finding holds, when it does not hold in every
   * scenario analysed (scenario-findings.ts).
   */
  scenarios?: string[];
  /** Set when CloudFormation would refuse this change and fail (and roll back) the whole update. */
  updateFails?: UpdateFailure;
  before?: unknown;
  after?: unknown;
  /** One sentence for the release notes, naming what changes and what the operator should expect. */
  message: string;
}

/** Why an update fails: what it creates conflicts with a resource that still exists (unique-scope.ts). */
export interface UpdateFailure {
  /** The logical id (in the template provisioned now) of the resource that still holds the scope. */
  conflictsWith: string;
  /** What must be unique, e.g. "one flow log per resource, traffic type and log destination". */
  unique: string;
  /** The refusal as AWS words it. */
  refusal: string;
  source: string;
  /** false when the creation itself is only possible (a 'maybe' replacement): the update may fail. */
  certain: boolean;
}

export interface UpgradeSummary {
  added: number;
  removed: number;
  modified: number;
  replaced: number;
  possiblyReplaced: number;
}

export interface UpgradeReport {
  verdict: 'compatible' | 'breaking';
  /** How many launch scenarios (parameter values that decide the Conditions and Mappings lookups) were analysed. */
  scenarios: number;
  /** All findings, most severe first. */
  reasons: Finding[];
  summary: UpgradeSummary;
}
