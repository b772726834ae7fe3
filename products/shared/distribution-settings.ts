import type { CfnParameter } from 'aws-cdk-lib';
import type { ConsoleParameters } from './console-parameters';
import { DISTRIBUTION_PARAMETERS } from './member-account';

/** The console group of the distribution settings: shown last, since a data engineer leaves them as they are. */
export const CATALOG_SETTINGS_GROUP = 'Catalog settings (set by your platform team)';

type Setting = keyof typeof DISTRIBUTION_PARAMETERS;

/** Each setting as a template parameter: its logical id, console label, what its SSM parameter holds, and its type. */
const SETTINGS: Record<Setting, { id: string; label: string; holds: string; list?: true }> = {
  agentImage: { id: 'AgentImage', label: 'Agent image (SSM parameter)', holds: 'the agent image URI to run in this region' },
  agentImageRepositoryArn: {
    id: 'AgentImageRepositoryArn',
    label: 'Agent image repository (SSM parameter)',
    holds: 'the ECR repository ARN of that image (the execution role may pull only from it), or "none" for an image outside private ECR',
  },
  vendorRoleArn: { id: 'VendorRoleArn', label: 'Vendor role (SSM parameter)', holds: "the vendor role ARN the agent's job role may assume" },
  egressDomains: {
    id: 'AgentEgressDomains',
    label: 'Agent egress domains (SSM parameter)',
    holds: "the domains the agent must reach (vendor and image registry), allowed by the firewall besides this region's AWS endpoints",
    list: true,
  },
  credentialsPrefix: {
    id: 'DistributionCredentialsPrefix',
    label: 'Default credentials prefix (SSM parameter)',
    holds: 'the credentials name prefix used when "Credentials name prefix" is left empty',
  },
};

/**
 * The distribution's settings as the products read them at launch: template parameters of the Systems Manager
 * parameter types whose value is the fixed name of an SSM parameter (DISTRIBUTION_PARAMETERS) that the member-account
 * stack writes in every launching account and portfolio region. CloudFormation resolves them on every create and
 * update (CloudFormation user guide, "systems-manager-parameter-types"), so a released template names no image, role
 * or domain of any distribution. AllowedValues holds the one fixed name: CloudFormation validates the parameter's key
 * (not its value), so a launch cannot point a setting at another SSM parameter.
 * Parameters are declared only when a product uses them.
 */
export class DistributionSettings {
  private readonly parameters = new Map<Setting, CfnParameter>();

  constructor(private readonly consoleParameters: ConsoleParameters) {}

  agentImage(): string {
    return this.parameter('agentImage').valueAsString;
  }

  agentImageRepositoryArn(): string {
    return this.parameter('agentImageRepositoryArn').valueAsString;
  }

  vendorRoleArn(): string {
    return this.parameter('vendorRoleArn').valueAsString;
  }

  egressDomains(): string[] {
    return this.parameter('egressDomains').valueAsList;
  }

  credentialsPrefix(): string {
    return this.parameter('credentialsPrefix').valueAsString;
  }

  /** The logical id of a setting's template parameter. */
  static logicalId(setting: Setting): string {
    return SETTINGS[setting].id;
  }

  private parameter(setting: Setting): CfnParameter {
    let parameter = this.parameters.get(setting);
    if (!parameter) {
      const { id, label, holds, list } = SETTINGS[setting];
      const name = DISTRIBUTION_PARAMETERS[setting];
      parameter = this.consoleParameters.add(id, {
        group: CATALOG_SETTINGS_GROUP,
        label,
        description:
          `Name of the SSM parameter with ${holds}. Your platform team writes it in this account and region; CloudFormation reads its ` +
          'current value on every launch and update. Keep the default.',
        type: list ? 'AWS::SSM::Parameter::Value<List<String>>' : 'AWS::SSM::Parameter::Value<String>',
        default: name,
        allowedValues: [name],
        constraintDescription: `must be ${name} (set by your platform team)`,
      });
      this.parameters.set(setting, parameter);
    }
    return parameter;
  }
}
