/**
 * Errors of the bundled CloudFormation validator that are false positives, each with the reason. Released versions
 * never change, so a false positive on a locked snapshot cannot be fixed in the template; it is listed here instead
 * and reported as a warning. Everything else the validator calls an error fails `catalog verify`.
 */
export interface ValidatorAllowance {
  readonly rule: string;
  readonly product: string;
  readonly resource: string;
  /** The start of the property path the finding is about. */
  readonly property: string;
  readonly reason: string;
}

export const CFN_VALIDATE_ALLOWLIST: readonly ValidatorAllowance[] = [
  {
    rule: 'E1150',
    product: 'existing-network',
    resource: 'AgentComputeEnvironment',
    property: 'Properties.ComputeResources.SecurityGroupIds',
    reason:
      "the validator checks the Fn::Split of ExistingSecurityGroupIds with its default '' although that branch is only taken when the parameter is not empty (condition CreateAgentSecurityGroup)",
  },
];
