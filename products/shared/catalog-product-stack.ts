import { Fn, type CfnParameter } from 'aws-cdk-lib';
import { ProductStack } from 'aws-cdk-lib/aws-servicecatalog';
import type { Construct } from 'constructs';
import type { CatalogConfig } from '../../config/schema';
import { ConsoleParameters } from './console-parameters';
import { DistributionSettings } from './distribution-settings';
import { identityMetadata, type ProductId } from './identity';
import { PRODUCT_ROLE_BOUNDARY_NAME } from './member-account';
import { LOG_RETENTION_DAYS } from './parameter-patterns';

export interface CatalogProductProps {
  readonly productId: ProductId;
  /** The version this template is synthesized as (the latest release of the product). */
  readonly version: string;
  readonly config: CatalogConfig;
  /** One line for the template Description. */
  readonly summary: string;
}

/**
 * A product template of the catalog: a self-contained ProductStack that states its identity in Metadata
 * and groups and labels its parameters for the Service Catalog console.
 */
export class CatalogProductStack extends ProductStack {
  readonly productId: ProductId;
  readonly version: string;
  readonly config: CatalogConfig;
  readonly consoleParameters: ConsoleParameters;
  /** The distribution's settings (agent image, vendor role, egress domains, credentials prefix), read at launch from SSM. */
  readonly distributionSettings: DistributionSettings;
  /**
   * The permissions boundary of every IAM role the product creates: the managed policy the member-account stack creates
   * with the launch role, which lets the launch role create and change only roles that carry it.
   */
  readonly productRoleBoundaryArn = Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${PRODUCT_ROLE_BOUNDARY_NAME}`);
  private retention?: CfnParameter;

  constructor(scope: Construct, id: string, props: CatalogProductProps) {
    // No analytics: the CDKMetadata resource carries a Condition listing region names, which would
    // make the template region-specific.
    super(scope, id, {
      analyticsReporting: false,
      description: `Agent Network Catalog ${props.productId} ${props.version}: ${props.summary}`,
    });
    this.productId = props.productId;
    this.version = props.version;
    this.config = props.config;
    this.consoleParameters = new ConsoleParameters(this);
    this.distributionSettings = new DistributionSettings(this.consoleParameters);
    this.templateOptions.metadata = {
      ...identityMetadata({ productId: props.productId, version: props.version }),
      'AWS::CloudFormation::Interface': this.consoleParameters.interfaceMetadata(),
    };
  }

  /** How long every log group of the product keeps its logs (one parameter shared by all of them). */
  logRetentionDays(): CfnParameter {
    this.retention ??= this.consoleParameters.add('LogRetentionDays', {
      group: 'Logs',
      label: 'Log retention (days)',
      description: 'How many days the agent job logs and the network logs are kept in CloudWatch Logs.',
      type: 'Number',
      default: '90',
      allowedValues: LOG_RETENTION_DAYS,
    });
    return this.retention;
  }
}
