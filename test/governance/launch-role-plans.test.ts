import * as fs from 'fs';
import { loadConfig } from '../../config/load';
import { evaluate } from '../support/iam-evaluate';
import { launchRoleStatements, MEMBER_ACCOUNT, readAuthorization, STACK_NAME } from '../support/launch-role-audit';

/**
 * Provisioned product plans (`catalog upgrade --plan`, issue 16) are CloudFormation change sets of the provisioned
 * product's stack, made and executed with the launch role (Service Catalog API reference,
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreateProvisionedProductPlan.html). The launch role
 * grants the four change-set actions, scoped to Service Catalog stacks in the portfolio regions, and nothing else
 * under that statement. IAM authorizes them on the stack (Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html), as cfn-lint's copy
 * of that reference says; if it ever names another resource type, the scoping must follow and this test says so.
 */
const PLAN_ACTIONS = ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet'];
const CONFIG_FILES = ['config/default.yaml', ...fs.readdirSync('config/examples').filter((f) => f.endsWith('.yaml')).map((f) => `config/examples/${f}`)];
const stack = (region: string, name: string) => `arn:aws:cloudformation:${region}:${MEMBER_ACCOUNT}:stack/${name}/11111111-2222-3333-4444-555555555555`;

test('the change-set actions authorize on the stack resource (the only type the reference lists for them)', () => {
  const { data } = readAuthorization();
  for (const action of PLAN_ACTIONS) expect([action, data.cloudformation.Actions[action.split(':')[1].toLowerCase()]?.Resources]).toEqual([action, ['stack']]);
});

describe.each(CONFIG_FILES)('launch role for plans (%s)', (file) => {
  const config = loadConfig(file);
  const statements = launchRoleStatements(config);
  const regions = config.portfolio.regions;

  test('one statement holds exactly the plan permissions, on SC-* stacks of every portfolio region', () => {
    const plans = statements.filter((s) => [s.Action].flat().some((a) => a !== undefined && /ChangeSet/.test(a)));
    expect(plans.map((s) => s.Sid)).toEqual(['ProvisionedProductPlans']);
    // CDK writes a single resource as a string.
    expect({ ...plans[0], Resource: [plans[0].Resource].flat() }).toEqual({
      Sid: 'ProvisionedProductPlans',
      Effect: 'Allow',
      Action: PLAN_ACTIONS,
      Resource: regions.map((r) => `arn:aws:cloudformation:${r}:${MEMBER_ACCOUNT}:stack/SC-*`),
    });
  });

  test.each(PLAN_ACTIONS)('%s: allowed on a provisioned product stack, refused on any other stack or region', (action) => {
    for (const region of regions) expect(evaluate(statements, { action, resource: stack(region, STACK_NAME) }).allowed).toBe(true);
    expect(evaluate(statements, { action, resource: stack(regions[0], 'customer-network') }).allowed).toBe(false);
    expect(evaluate(statements, { action, resource: stack('eu-south-2', STACK_NAME) }).allowed).toBe(false);
    expect(evaluate(statements, { action, resource: stack(regions[0], STACK_NAME).replace(MEMBER_ACCOUNT, '999988887777') }).allowed).toBe(false);
  });
});
