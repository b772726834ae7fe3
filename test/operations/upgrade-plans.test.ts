/**
 * `catalog upgrade --plan`: AWS's own change set (a provisioned product plan) beside the offline verdict, executed
 * as reviewed and deleted afterwards. Response shapes: see plan-fixtures.ts (API reference URLs there):
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProvisionedProductPlan.html
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateProvisionedProductPlanCommand,
  DeleteProvisionedProductPlanCommand,
  DescribeProvisionedProductCommand,
  DescribeProvisionedProductPlanCommand,
  ExecuteProvisionedProductPlanCommand,
  ListProvisionedProductPlansCommand,
  ServiceCatalogClient,
  UpdateProvisionedProductCommand,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { analyzeUpgrade } from '../../scripts/analyzers/upgrade-diff';
import { judgePlan, plannedChanges } from '../../scripts/operations/plan-verdict';
import { applyUpgrade, planUpgrade, type UpgradeOptions } from '../../scripts/operations/upgrade';
import { renderPlanReviews, renderUpgradeOutcome } from '../../scripts/operations/upgrade-report';
import { reviewPlans } from '../../scripts/operations/upgrade-waves';
import { awsError, REGION, testContext } from './fixtures';
import { EIP_REPLACED, IN_PLACE, NAT, NAT_ARTIFACTS, NAT_PRODUCT_ID, NAT_RELEASES, NAT_V1_1, natProduct, plansCompute, publishNat } from './plan-fixtures';

const sc = mockClient(ServiceCatalogClient);
const cfn = mockClient(CloudFormationClient);
let sleep: jest.Mock;
const ctx = () => testContext(new ServiceCatalogClient({ region: REGION }), new CloudFormationClient({ region: REGION }), sleep);
const options = (o: Partial<UpgradeOptions> = {}): UpgradeOptions => ({ productId: NAT, to: 'v1.1.0', allowBreaking: false, plans: { own: new Set() }, ...o });
const calls = (command: Parameters<typeof sc.commandCalls>[0]) => sc.commandCalls(command).map((c) => c.args[0].input as Record<string, unknown>);

beforeEach(() => {
  sc.reset();
  cfn.reset();
  sleep = jest.fn(async () => undefined);
});

describe('AWS beside the offline verdict', () => {
  test('a plan that replaces an Elastic IP blocks an upgrade the offline analysis called compatible; the plan is deleted, never executed', async () => {
    publishNat(sc, [natProduct('agent-a'), natProduct('agent-b')]);
    plansCompute(sc, { 'agent-a': EIP_REPLACED });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    expect(plan.items.map((i) => [i.name, i.verdict, i.action])).toEqual([
      ['agent-a', 'compatible', 'update'],
      ['agent-b', 'compatible', 'update'],
    ]);
    const outcome = await applyUpgrade(ctx(), plan, 5, { usePlans: true, maxFailures: 5 });

    expect(outcome.refused).toEqual([
      {
        name: 'agent-a',
        id: 'pp-agenta',
        blocking: [
          'Elastic IP NatEgressAddress1 is replaced: the allowlisted egress IP changes',
          'NAT gateway NatGateway1 is possibly replaced (CONDITIONAL: decided only while the update runs): egress is interrupted and the allowlisted egress IP changes unless the same Elastic IP allocation is kept',
        ],
      },
    ]);
    expect(outcome.reviews['pp-agenta'].judgement).toMatchObject({ verdict: 'blocked', agreement: 'disagree', replaced: ['NatEgressAddress1', 'NatGateway1'] });
    expect(outcome.reviews['pp-agentb'].judgement).toMatchObject({ verdict: 'compatible', agreement: 'agree', blocking: [] });
    // agent-a: planned, refused, its plan deleted; agent-b: planned, executed, deleted after its record finished.
    expect(calls(ExecuteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-b']);
    expect(calls(DeleteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-a', 'plan-agent-b']);
    expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
    expect(outcome.updated.map((u) => [u.name, u.recordId])).toEqual([['agent-b', 'rec-plan-agent-b']]);

    const text = renderUpgradeOutcome(plan, outcome);
    expect(text).toContain("AWS's answer: provisioned product plans (CloudFormation change sets of the running stacks), each executed unless blocked, then deleted");
    expect(text).toMatch(/agent-a\s+compatible\s+blocked\s+disagree\s+plan-agent-a\n/);
    expect(text).not.toContain('Not attempted');
    expect(text).toMatch(/agent-b\s+compatible\s+compatible\s+agree\s+plan-agent-b\n/);
    expect(text).toContain('  - blocks: Elastic IP NatEgressAddress1 is replaced: the allowlisted egress IP changes');
    expect(text).toContain('  - disagree: Elastic IP NatEgressAddress1: AWS replaces it (Replacement TRUE), the offline analysis did not expect it');
    expect(text).toContain('  - disagree: NAT gateway NatGateway1: AWS replaces it (Replacement CONDITIONAL), the offline analysis did not expect it');
    expect(text).toContain('  - AWS: MODIFY NatGateway1 (AWS::EC2::NatGateway) Replacement CONDITIONAL [PROPERTIES]: PROPERTIES.AllocationId (ALWAYS, DYNAMIC) caused by NatEgressAddress1.AllocationId');
    expect(text).toContain("Refused by AWS's plan (not executed, plan deleted; --allow-breaking accepts it):\n  - agent-a (pp-agenta): Elastic IP NatEgressAddress1 is replaced");
  });

  test('the plan asks for the target version, keeps every shared parameter and lets new ones take their defaults', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    await applyUpgrade(ctx(), plan, 5, { usePlans: true });
    const [input] = calls(CreateProvisionedProductPlanCommand);
    const added = plan.items[0].parameters.added;
    expect(added).toEqual(expect.arrayContaining(['AgentImage', 'DistributionCredentialsPrefix']));
    expect(input).toMatchObject({
      PlanType: 'CLOUDFORMATION',
      ProductId: NAT_PRODUCT_ID,
      ProvisionedProductName: 'agent-a',
      ProvisioningArtifactId: NAT_ARTIFACTS['v1.1.0'],
      PlanName: expect.stringMatching(/^catalog-upgrade-v1-1-0-[a-f0-9]{12}$/),
      IdempotencyToken: expect.stringMatching(/^[a-f0-9]{12}-pp-agenta-plan$/),
    });
    expect(input.ProvisioningParameters).toEqual(
      Object.keys(NAT_V1_1.template.Parameters ?? {}).filter((k) => !added.includes(k)).map((Key) => ({ Key, UsePreviousValue: true })),
    );
    // Bounded poll: one CREATE_IN_PROGRESS answer, one poll interval, then CREATE_SUCCESS.
    expect(sleep).toHaveBeenCalledWith(1_000);
  });

  test('every page of ResourceChanges is read (PageSize 20, NextPageToken)', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(DescribeProvisionedProductPlanCommand)
      .resolvesOnce({ ProvisionedProductPlanDetails: { PlanId: 'plan-agent-a', Status: 'CREATE_SUCCESS' }, ResourceChanges: IN_PLACE, NextPageToken: 'page-2' })
      .resolvesOnce({ ProvisionedProductPlanDetails: { PlanId: 'plan-agent-a', Status: 'CREATE_SUCCESS' }, ResourceChanges: [EIP_REPLACED[0]] });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    const outcome = await applyUpgrade(ctx(), plan, 5, { usePlans: true });
    expect(calls(DescribeProvisionedProductPlanCommand).map((i) => [i.PageSize, i.PageToken])).toEqual([
      [20, undefined],
      [20, 'page-2'],
    ]);
    expect(outcome.refused.map((r) => r.name)).toEqual(['agent-a']);
  });

  test("a plan in CREATE_FAILED is a failure with AWS's reason; its plan is deleted and nothing runs", async () => {
    publishNat(sc, [natProduct('agent-a'), natProduct('agent-b')]);
    plansCompute(sc, { 'agent-a': { status: 'CREATE_FAILED', message: 'Parameters: [DistributionCredentialsPrefix] must have values' } });
    sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE' } });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    const outcome = await applyUpgrade(ctx(), plan, 1, { usePlans: true });
    expect(outcome.failed).toEqual([
      { name: 'agent-a', id: 'pp-agenta', error: 'plan plan-agent-a CREATE_FAILED: Parameters: [DistributionCredentialsPrefix] must have values', status: 'AVAILABLE' },
    ]);
    expect(outcome.notAttempted).toEqual([{ name: 'agent-b', id: 'pp-agentb' }]);
    expect(calls(DeleteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-a']);
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
    expect(renderPlanReviews(plan, outcome.reviews, false)).toMatch(/agent-a\s+compatible\s+CREATE_FAILED\s+-\s+plan-agent-a\n[\s\S]*- plan CREATE_FAILED: Parameters/);
  });

  test('plan creation throttled: retried with backoff and the same idempotency token, then surfaced after the last attempt', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(CreateProvisionedProductPlanCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ PlanId: 'plan-agent-a' });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    const retried = await applyUpgrade(ctx(), plan, 5, { usePlans: true });
    expect(retried.updated.map((u) => u.name)).toEqual(['agent-a']);
    expect(sleep.mock.calls.slice(0, 2)).toEqual([[100], [200]]);
    expect(new Set(calls(CreateProvisionedProductPlanCommand).map((i) => i.IdempotencyToken)).size).toBe(1);

    sc.reset();
    sleep.mockClear();
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(CreateProvisionedProductPlanCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const surfaced = await applyUpgrade(ctx(), await planUpgrade(ctx(), NAT_RELEASES, options()), 5, { usePlans: true });
    expect(surfaced.failed[0].error).toBe(
      `Service Catalog CreateProvisionedProductPlan for provisioned product agent-a in ${REGION} was throttled (ThrottlingException) 4 times in a row; nothing more was sent. Wait a minute and re-run, or ask for a higher API rate quota.`,
    );
    expect(sleep.mock.calls).toEqual([[100], [200], [400]]);
    expect(sc.commandCalls(DeleteProvisionedProductPlanCommand)).toHaveLength(0);
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
  });

  test('a plan still CREATE_IN_PROGRESS at the bound is a clear timeout; nothing is executed', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(DescribeProvisionedProductPlanCommand).resolves({ ProvisionedProductPlanDetails: { PlanId: 'plan-agent-a', Status: 'CREATE_IN_PROGRESS' } });
    const c = { ...ctx(), planMaxWaitMs: 3_000 };
    const outcome = await applyUpgrade(c, await planUpgrade(c, NAT_RELEASES, options()), 5, { usePlans: true });
    expect(outcome.failed[0].error).toBe(
      `Plan plan-agent-a (agent-a) is still CREATE_IN_PROGRESS after 3 s; stopped waiting. Follow it with: aws servicecatalog describe-provisioned-product-plan --plan-id plan-agent-a --region ${REGION}`,
    );
    expect(sc.commandCalls(DescribeProvisionedProductPlanCommand)).toHaveLength(4);
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
    // Ours: deleted (or, if AWS refuses while it computes, reported with the command that deletes it).
    expect(calls(DeleteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-a']);
  });

  test('--allow-breaking accepts a plan AWS blocks: the reviewed plan is executed', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc, { 'agent-a': EIP_REPLACED });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options({ allowBreaking: true }));
    const outcome = await applyUpgrade(ctx(), plan, 5, { usePlans: true });
    expect(outcome.refused).toEqual([]);
    expect(calls(ExecuteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-a']);
  });
});

describe('one plan per provisioned product', () => {
  test('a plan someone made between the search and our request: the refusal says what to do, nothing is deleted', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(CreateProvisionedProductPlanCommand).rejects(awsError('InvalidStateException', 'Provisioned product already has a plan'));
    const outcome = await applyUpgrade(ctx(), await planUpgrade(ctx(), NAT_RELEASES, options()), 5, { usePlans: true });
    expect(outcome.failed[0].error).toBe(
      `Service Catalog CreateProvisionedProductPlan for provisioned product agent-a in ${REGION} was refused because of its current state (InvalidStateException): ` +
        'Provisioned product already has a plan. A provisioned product can have one plan, and only an AVAILABLE or TAINTED one can be planned: list its plans with ' +
        '`aws servicecatalog list-provisioned-product-plans --provision-product-id ID` and have whoever made the plan execute or delete it, then re-run.',
    );
    expect(sc.commandCalls(DeleteProvisionedProductPlanCommand)).toHaveLength(0);
  });

  test('a product that already has a plan someone else made is skipped and its plan named, never deleted', async () => {
    publishNat(sc, [natProduct('agent-a', 'v1.0.0', 'PLAN_IN_PROGRESS')]);
    plansCompute(sc);
    sc.on(ListProvisionedProductPlansCommand).resolves({ ProvisionedProductPlans: [{ PlanId: 'plan-someone', PlanName: 'review-by-alice', ProvisionProductId: 'pp-agenta' }] });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    expect(plan.items[0]).toMatchObject({ action: 'skip' });
    expect(plan.items[0].advice).toBe(
      'PLAN_IN_PROGRESS: it has a provisioned product plan this upgrade did not create: "review-by-alice" (plan-someone). Service Catalog allows one plan per ' +
        'provisioned product, and catalog never deletes a plan it did not create. Not updated: whoever made it executes or deletes it ' +
        `(aws servicecatalog delete-provisioned-product-plan --plan-id plan-someone --region ${REGION}), then re-run.`,
    );
    expect(calls(ListProvisionedProductPlansCommand)).toEqual([{ ProvisionProductId: 'pp-agenta', AccessLevelFilter: { Key: 'Account', Value: 'self' }, PageSize: 20, PageToken: undefined }]);
    const outcome = await applyUpgrade(ctx(), plan, 5, { usePlans: true });
    expect(outcome.updated).toEqual([]);
    expect(sc.commandCalls(CreateProvisionedProductPlanCommand)).toHaveLength(0);
    expect(sc.commandCalls(DeleteProvisionedProductPlanCommand)).toHaveLength(0);
  });
});

describe('dry run with plans', () => {
  test('plans every product that would be updated or is refused offline, reports both answers, deletes every plan, executes none', async () => {
    publishNat(sc, [natProduct('agent-a'), natProduct('agent-b'), natProduct('agent-c', 'v1.1.0')]);
    plansCompute(sc, { 'agent-b': EIP_REPLACED });
    const plan = await planUpgrade(ctx(), NAT_RELEASES, options());
    const review = await reviewPlans(ctx(), plan, 5);
    expect(Object.keys(review.reviews)).toEqual(['pp-agenta', 'pp-agentb']);
    expect(calls(DeleteProvisionedProductPlanCommand).map((i) => i.PlanId)).toEqual(['plan-agent-a', 'plan-agent-b']);
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
    expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
  });

  test('a plan that cannot be deleted is reported with the command that deletes it', async () => {
    publishNat(sc, [natProduct('agent-a')]);
    plansCompute(sc);
    sc.on(DeleteProvisionedProductPlanCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform servicecatalog:DeleteProvisionedProductPlan'));
    const review = await reviewPlans(ctx(), await planUpgrade(ctx(), NAT_RELEASES, options()), 5);
    expect(review.plansNotDeleted).toEqual([
      {
        name: 'agent-a',
        planId: 'plan-agent-a',
        error: expect.stringMatching(
          /was denied \(AccessDeniedException\).*The caller needs servicecatalog:DeleteProvisionedProductPlan\. Delete it with: aws servicecatalog delete-provisioned-product-plan --plan-id plan-agent-a --region ap-northeast-1$/,
        ),
      },
    ]);
  });
});

describe('judgePlan', () => {
  test('identity-bearing REMOVE blocks; a non-identity replacement does not; CONDITIONAL on an identity type blocks', () => {
    const judged = judgePlan(
      plannedChanges([
        { Action: 'REMOVE', LogicalResourceId: 'VpcFlowLogGroup', ResourceType: 'AWS::Logs::LogGroup' },
        { Action: 'MODIFY', LogicalResourceId: 'AgentComputeEnvironment', ResourceType: 'AWS::Batch::ComputeEnvironment', Replacement: 'TRUE' },
        { Action: 'MODIFY', LogicalResourceId: 'PublicSubnet1', ResourceType: 'AWS::EC2::Subnet', Replacement: 'CONDITIONAL' },
        { Action: 'MODIFY', LogicalResourceId: 'AgentSecurityGroup', ResourceType: 'AWS::EC2::SecurityGroup', Replacement: 'FALSE' },
        { Action: 'ADD', LogicalResourceId: 'NewThing', ResourceType: 'AWS::SSM::Parameter' },
      ]),
      undefined,
    );
    expect(judged).toEqual({
      verdict: 'blocked',
      blocking: [
        'Subnet PublicSubnet1 is possibly replaced (CONDITIONAL: decided only while the update runs): the subnet id and address range change; allowlists by CIDR or subnet id break',
        'Log group VpcFlowLogGroup is deleted: the log group and its history are deleted; subscriptions and metric filters on it break',
      ],
      replaced: ['AgentComputeEnvironment', 'PublicSubnet1'],
      removed: ['VpcFlowLogGroup'],
      agreement: 'no offline verdict',
      differences: [],
    });
  });

  test('an offline replacement AWS does not make is a disagreement too', async () => {
    const to = JSON.parse(JSON.stringify(NAT_V1_1.template));
    to.Resources.Vpc.Properties.CidrBlock = '10.9.0.0/16';
    const offline = analyzeUpgrade(NAT_RELEASES.versions(NAT)[0].template, to);
    expect(offline.verdict).toBe('breaking');
    const judged = judgePlan(plannedChanges(IN_PLACE), offline);
    expect(judged.agreement).toBe('disagree');
    expect(judged.differences).toContain('Vpc: the offline analysis expected a replacement, AWS does not replace it');
  });
});
