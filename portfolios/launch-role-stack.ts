import { Aws, CfnCondition, CfnMapping, CfnOutput, CfnRule, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { CatalogConfig } from '../config/schema';
import { distributionValues } from '../products/shared/distribution-values';
import { DISTRIBUTION_PARAMETERS, DISTRIBUTION_PARAMETER_PATH, PRODUCT_ROLE_BOUNDARY_NAME } from '../products/shared/member-account';
import { ActionDocuments } from './actions/action-documents';
import { GovernanceError } from './governance/template-rules';
import { launchRoleStatements, productRoleBoundaryStatements } from './launch-role/launch-role-policy';
import { selfServiceActionStatements } from './launch-role/self-service-action-policy';

export interface LaunchRoleStackProps extends StackProps {
  /** The role name the portfolio's launch constraint names (a local role name: the same in every account). */
  readonly roleName: string;
  /** Portfolio regions, distribution values (per region) and the launch-role StackSet's region. */
  readonly config: CatalogConfig;
}

/** Logical ids the tests and the StackSet read. */
export const MEMBER_ACCOUNT_IDS = {
  distributionMapping: 'Distribution',
  regionRule: 'PortfolioRegion',
  roleCondition: 'IsLaunchRoleRegion',
} as const;

/**
 * The member-account stack: one environment-agnostic template deployed in every account that launches the
 * products AND in every portfolio region (directly, or through the launch-role StackSet).
 *
 * - In every region: the distribution's SSM parameters (products/shared/member-account.ts) with this region's values,
 *   chosen at deploy time from a mapping keyed by AWS::Region; a Rule refuses a region that is not a portfolio region.
 * - In the launch-role region only (IAM is global: a named role or managed policy in a second region would
 *   collide): the Service Catalog launch role and the permissions boundary every product role must carry.
 *
 * The role's permissions are in portfolios/launch-role/launch-role-policy.ts (least privilege across the portfolio
 * regions; audited against CloudFormation's handler permissions by test/governance/launch-role-permissions.test.ts).
 */
export class LaunchRoleStack extends Stack {
  readonly role: iam.Role;
  readonly boundary: iam.ManagedPolicy;
  /** The one region that creates the IAM role and boundary. */
  readonly roleRegion: string;

  constructor(scope: Construct, id: string, props: LaunchRoleStackProps) {
    super(scope, id, props);
    const { config } = props;
    const regions = config.portfolio.regions;
    this.roleRegion = config.launchRole.stackSet?.region ?? regions[0];
    if (!regions.includes(this.roleRegion)) {
      throw new GovernanceError(
        `launchRole.stackSet.region ${this.roleRegion} is not a portfolio region (${regions.join(', ')}): the launch role would be created nowhere the products launch.`,
      );
    }

    // (a) Distribution parameters, every region.
    const values = distributionValues(config);
    const keys = Object.keys(DISTRIBUTION_PARAMETERS) as (keyof typeof DISTRIBUTION_PARAMETERS)[];
    const mapping = new CfnMapping(this, MEMBER_ACCOUNT_IDS.distributionMapping, {
      mapping: Object.fromEntries(
        regions.map((region) => [region, Object.fromEntries(keys.map((k) => [k, [values[region][k]].flat().join(',')]))]),
      ),
    });
    new CfnRule(this, MEMBER_ACCOUNT_IDS.regionRule, {
      assertions: [
        {
          assert: Fn.conditionContains(regions, Aws.REGION),
          assertDescription: `The Agent Network Catalog member-account stack deploys only to the portfolio regions: ${regions.join(', ')}`,
        },
      ],
    });
    for (const key of keys) {
      const list = Array.isArray(values[regions[0]][key]);
      new ssm.CfnParameter(this, `Distribution${key[0].toUpperCase()}${key.slice(1)}`, {
        name: DISTRIBUTION_PARAMETERS[key],
        type: list ? 'StringList' : 'String',
        value: mapping.findInMap(Aws.REGION, key),
        description: `Agent Network Catalog distribution setting ${key} (read by the products at launch)`,
      });
    }

    // The self-service actions' runbooks, every region: an action names its document in the provisioned product's account.
    new ActionDocuments(this, 'SelfServiceActionDocuments');

    // (b) IAM, one region.
    const isRoleRegion = new CfnCondition(this, MEMBER_ACCOUNT_IDS.roleCondition, { expression: Fn.conditionEquals(Aws.REGION, this.roleRegion) });
    const boundaryArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PRODUCT_ROLE_BOUNDARY_NAME}`;
    const context = { regions, partition: Aws.PARTITION, account: Aws.ACCOUNT_ID, boundaryArn, distributionPath: DISTRIBUTION_PARAMETER_PATH };

    this.boundary = new iam.ManagedPolicy(this, 'ProductRoleBoundary', {
      managedPolicyName: PRODUCT_ROLE_BOUNDARY_NAME,
      description: 'Permissions boundary of every IAM role an Agent Network Catalog product creates (the launch role may create roles only with it)',
      statements: productRoleBoundaryStatements({ ...context, distributions: Object.values(values) }),
    });
    this.role = new iam.Role(this, 'LaunchRole', {
      roleName: props.roleName,
      description: 'Service Catalog launch role for the Agent Network Catalog products',
      // Confused-deputy guard: only Service Catalog, and SSM Automation running the self-service actions, acting for
      // this account (Systems Manager user guide, "automation-setup-iam": the automation service role trusts ssm.amazonaws.com).
      assumedBy: new iam.CompositePrincipal(
        ...['servicecatalog.amazonaws.com', 'ssm.amazonaws.com'].map((service) => new iam.ServicePrincipal(service, { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } })),
      ),
      inlinePolicies: {
        LaunchAgentNetworkProducts: new iam.PolicyDocument({ statements: launchRoleStatements(context) }),
      },
    });
    // A managed policy of its own: the role's inline policies may hold 10,240 characters in total (IAM quotas, "role
    // policy size"), which the launch statements of several portfolio regions nearly fill.
    const actionsPolicy = new iam.ManagedPolicy(this, 'SelfServiceActionsPolicy', {
      description: 'What the Agent Network Catalog self-service actions (run with the launch role) call',
      statements: selfServiceActionStatements({ ...context, launchRoleArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${props.roleName}` }),
      roles: [this.role],
    });
    for (const resource of [this.boundary.node.defaultChild, this.role.node.defaultChild, actionsPolicy.node.defaultChild] as iam.CfnRole[]) {
      resource.cfnOptions.condition = isRoleRegion;
    }
    const roleOutput = new CfnOutput(this, 'LaunchRoleArn', { value: this.role.roleArn, description: 'The launch role (same name in every account).' });
    roleOutput.condition = isRoleRegion;
  }
}
