import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BootstraplessSynthesizer, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type { Construct } from 'constructs';
import type { LaunchRoleStackSetConfig } from '../config/governance-schema';
import type { CatalogConfig } from '../config/schema';
import { templateApp } from '../products/shared/template-app';
import { featureFlagsOf } from './cdk-context';
import { GovernanceError } from './governance/template-rules';
import { LaunchRoleStack } from './launch-role-stack';

/** CreateStackSet: "TemplateBody ... Minimum length of 1. Maximum length of 51,200" (bytes). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

export interface LaunchRoleStackSetStackProps extends StackProps {
  /** The launch role's name (the portfolio's launch constraint refers to it by this local name). */
  readonly roleName: string;
  readonly stackSet: LaunchRoleStackSetConfig;
  /** The configuration the member-account template is built from (portfolio regions, distribution values). */
  readonly config: CatalogConfig;
}

/**
 * The launch role in every account of the configured OUs: a service-managed StackSet with automatic deployment,
 * so an account that joins one of the OUs gets the role without anyone deploying anything. Deploy this stack in
 * the management account, or in a CloudFormation StackSets delegated administrator (callAs DELEGATED_ADMIN).
 *
 * The role's template travels inline as TemplateBody (no asset bucket readable by every member account is needed):
 * it is the launch-role stack synthesized without CDK bootstrap references, since member accounts are not
 * bootstrapped. Service-managed StackSets never deploy to the management account itself: deploy
 * `AgentNetworkCatalogLaunchRole` there (and in the portfolio account) by hand if products are launched there.
 */
export class LaunchRoleStackSetStack extends Stack {
  readonly stackSet: cloudformation.CfnStackSet;
  readonly templateBody: string;

  constructor(scope: Construct, id: string, props: LaunchRoleStackSetStackProps) {
    super(scope, id, props);
    const { stackSet: settings } = props;
    this.templateBody = launchRoleTemplateBody(props.roleName, props.config, featureFlagsOf(this));

    this.stackSet = new cloudformation.CfnStackSet(this, 'LaunchRoleStackSet', {
      stackSetName: 'AgentNetworkCatalogLaunchRole',
      description: `Service Catalog launch role ${props.roleName} and distribution parameters of the Agent Network Catalog, in every account of the target OUs and every portfolio region`,
      permissionModel: 'SERVICE_MANAGED',
      callAs: settings.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: settings.retainStacksOnAccountRemoval },
      // The role has a fixed name.
      capabilities: ['CAPABILITY_NAMED_IAM'],
      // Queue operations instead of failing when one is already running (e.g. an auto-deployment).
      managedExecution: { Active: true },
      operationPreferences: {
        maxConcurrentPercentage: settings.maxConcurrentPercentage,
        failureTolerancePercentage: settings.failureTolerancePercentage,
      },
      // Every portfolio region: each needs its distribution parameters. The template creates the (global) role and
      // boundary only in the launch-role region (settings.region, default the first portfolio region).
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: settings.organizationalUnits }, regions: [...props.config.portfolio.regions] }],
      templateBody: this.templateBody,
    });

    new CfnOutput(this, 'LaunchRoleStackSetId', { value: this.stackSet.attrStackSetId, description: 'The launch-role StackSet' });
  }
}

/**
 * The launch-role template as a self-contained body: synthesized in a throw-away app with the bootstrapless
 * synthesizer (no BootstrapVersion parameter or rule, assets refused), minified.
 */
export function launchRoleTemplateBody(roleName: string, config: CatalogConfig, featureFlags: Readonly<Record<string, unknown>> = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'launch-role-'));
  try {
    // The same feature flags as the app's own launch-role stack, none of the CLI's metadata.
    const app = templateApp({ outdir, featureFlags });
    new LaunchRoleStack(app, 'LaunchRole', {
      roleName,
      config,
      synthesizer: new BootstraplessSynthesizer(),
      description: 'Service Catalog launch role for the Agent Network Catalog (deployed by the AgentNetworkCatalogLaunchRole StackSet)',
    });
    const body = JSON.stringify(app.synth().getStackByName('LaunchRole').template);
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_TEMPLATE_BODY_BYTES) {
      throw new GovernanceError(
        `The launch-role template is ${bytes} bytes; a StackSet TemplateBody allows ${MAX_TEMPLATE_BODY_BYTES}. Deploy it per account instead (cdk deploy AgentNetworkCatalogLaunchRole).`,
      );
    }
    return body;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
