import { CfnParameter, type CfnParameterProps, Lazy, type Stack } from 'aws-cdk-lib';

/** A parameter as the Service Catalog console shows it: a label, a group, and a description are required. */
export interface ConsoleParameterProps extends CfnParameterProps {
  /** The console label (AWS::CloudFormation::Interface ParameterLabels). */
  readonly label: string;
  /** The parameter group it is shown under (AWS::CloudFormation::Interface ParameterGroups). */
  readonly group: string;
  readonly description: string;
}

/**
 * Collects labelled, grouped parameters and renders the template's `AWS::CloudFormation::Interface`,
 * which the Service Catalog launch page uses to group and label parameters.
 * The network comes first (it is what distinguishes the products), the shared agent settings last; groups of a
 * product's own come in between, in the order they were first used; the catalog settings (SSM parameter names a data
 * engineer keeps) come after everything.
 */
const GROUP_RANK: Record<string, number> = { Network: 0, 'Agent job': 2, Schedule: 3, 'Vendor access': 4, Logs: 5, 'Catalog settings (set by your platform team)': 6 };
const PRODUCT_GROUP_RANK = 1;

export class ConsoleParameters {
  private readonly groups = new Map<string, string[]>();
  private readonly labels = new Map<string, string>();

  constructor(private readonly stack: Stack) {}

  add(id: string, props: ConsoleParameterProps): CfnParameter {
    const { label, group, ...cfnProps } = props;
    const parameter = new CfnParameter(this.stack, id, cfnProps);
    const members = this.groups.get(group) ?? [];
    members.push(parameter.logicalId);
    this.groups.set(group, members);
    this.labels.set(parameter.logicalId, label);
    return parameter;
  }

  /** The metadata value, resolved lazily so parameters added later are included. */
  interfaceMetadata(): unknown {
    return Lazy.any({
      produce: () => ({
        ParameterGroups: [...this.groups]
          .sort(([a], [b]) => (GROUP_RANK[a] ?? PRODUCT_GROUP_RANK) - (GROUP_RANK[b] ?? PRODUCT_GROUP_RANK))
          .map(([label, parameters]) => ({ Label: { default: label }, Parameters: parameters })),
        ParameterLabels: Object.fromEntries([...this.labels].map(([id, label]) => [id, { default: label }])),
      }),
    });
  }
}
