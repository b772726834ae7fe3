import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeProvisionedProductCommand,
  DescribeRecordCommand,
  ListProvisioningArtifactsCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
  UpdateProvisionedProductCommand,
  type ProvisionedProductAttribute,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { applyUpgrade, planUpgrade, type UpgradeOptions } from '../../scripts/operations/upgrade';
import { renderUpgradeOutcome, renderUpgradePlan } from '../../scripts/operations/upgrade-report';
import { ARTIFACT_IDS, awsError, PRODUCT_NAME, provisionedProduct, publishPublicIp, publishedArtifacts, REGION, SC_PRODUCT_ID, stackArn, testContext, THREE_RELEASES, V1_1 } from './fixtures';

const sc = mockClient(ServiceCatalogClient);
const cfn = mockClient(CloudFormationClient);
let sleep: jest.Mock;
const ctx = () => testContext(new ServiceCatalogClient({ region: REGION }), new CloudFormationClient({ region: REGION }), sleep);

function options(overrides: Partial<UpgradeOptions> = {}): UpgradeOptions {
  return { productId: 'public-ip', to: 'v1.1.0', allowBreaking: false, ...overrides };
}

const provisioned = provisionedProduct;
const published = (products: ProvisionedProductAttribute[]) => publishPublicIp(sc, products);

/** Every update starts a record named after the provisioned product; records succeed unless listed as failing. */
function updatesSucceedExcept(failing: string[] = []): void {
  sc.on(UpdateProvisionedProductCommand).callsFake((input) => ({ RecordDetail: { RecordId: `rec-${input.ProvisionedProductId}`, Status: 'CREATED' } }));
  sc.on(DescribeRecordCommand).callsFake((input) =>
    failing.some((f) => input.Id === `rec-pp-${f}`)
      ? { RecordDetail: { Status: 'FAILED', RecordErrors: [{ Code: 'CFN_ROLLBACK', Description: 'Resource handler returned message: subnet in use' }] } }
      : { RecordDetail: { Status: 'SUCCEEDED' } },
  );
}

function updatedIds(): string[] {
  return sc.commandCalls(UpdateProvisionedProductCommand).map((c) => c.args[0].input.ProvisionedProductId as string);
}

beforeEach(() => {
  sc.reset();
  cfn.reset();
  sleep = jest.fn(async () => undefined);
});

describe('planUpgrade', () => {
  test('gives every provisioned product a verdict and an action; reads all pages', async () => {
    published([]);
    sc.on(SearchProvisionedProductsCommand)
      .resolvesOnce({ ProvisionedProducts: [provisioned('agent-a', 'v1.0.0'), provisioned('agent-b', 'v1.1.0')], NextPageToken: 'page-2' })
      .resolvesOnce({
        ProvisionedProducts: [
          provisioned('agent-c', 'v1.0.0', 'UNDER_CHANGE'),
          provisioned('agent-d', 'v1.0.0', 'TAINTED'),
          provisioned('agent-e', 'v1.0.0', 'ERROR'),
          { ...provisioned('other', 'v1.0.0'), ProductId: 'prod-somethingelse' },
        ],
      });
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    expect(plan.target).toEqual({ version: 'v1.1.0', artifactId: ARTIFACT_IDS['v1.1.0'] });
    expect(plan.items.map((i) => [i.name, i.status, i.currentVersion, i.verdict, i.action])).toEqual([
      ['agent-a', 'AVAILABLE', 'v1.0.0', 'compatible', 'update'],
      ['agent-b', 'AVAILABLE', 'v1.1.0', 'up-to-date', 'none'],
      ['agent-c', 'UNDER_CHANGE', 'v1.0.0', 'compatible', 'skip'],
      ['agent-d', 'TAINTED', 'v1.0.0', 'compatible', 'update'],
      ['agent-e', 'ERROR', 'v1.0.0', 'compatible', 'skip'],
    ]);
    const searches = sc.commandCalls(SearchProvisionedProductsCommand).map((c) => c.args[0].input);
    expect(searches.map((s) => [s.Filters?.SearchQuery, s.AccessLevelFilter, s.PageToken])).toEqual([
      [[`productId:${SC_PRODUCT_ID}`], { Key: 'Account', Value: 'self' }, undefined],
      [[`productId:${SC_PRODUCT_ID}`], { Key: 'Account', Value: 'self' }, 'page-2'],
    ]);
    expect(plan.items[0].parameters.added).toEqual(['AgentLabel']);
    expect(plan.items[0].parameters.removed).toEqual([]);

    const text = renderUpgradePlan(plan, false);
    expect(text).toContain(`Upgrade "${PRODUCT_NAME}" (public-ip, ${SC_PRODUCT_ID}) in ${REGION} to v1.1.0 (${ARTIFACT_IDS['v1.1.0']})`);
    expect(text).toMatch(/agent-a\s+pp-agent-a\s+AVAILABLE\s+v1\.0\.0\s+compatible\s+update\n/);
    expect(text).toMatch(/agent-c\s+pp-agent-c\s+UNDER_CHANGE\s+v1\.0\.0\s+compatible\s+skip \(status\)\n/);
    expect(text).toContain('  - new parameters take their defaults: AgentLabel');
    expect(text).toContain('  - TAINTED: the last operation finished but not as requested');
    expect(text).toContain(`read why the last update failed (aws servicecatalog describe-record --id rec-last-agent-d --region ${REGION})`);
    expect(text).toContain('  - ERROR: an unexpected error occurred; the provisioned product exists but its stack is not running');
    expect(text).toContain('  - UNDER_CHANGE: another operation is running on it. Not updated: wait until it is AVAILABLE, then re-run.');
    expect(text).toContain('Dry run: 2 would be updated. Add --apply with --provisioned NAME or --all to perform it.');
  });

  test('a breaking target is refused per product unless --allow-breaking, with the reasons', async () => {
    published([provisioned('agent-a', 'v1.0.0')]);
    const refused = await planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v2.0.0' }));
    expect(refused.items[0]).toMatchObject({ verdict: 'breaking', action: 'refuse' });
    expect(refused.items[0].reasons[0]).toMatch(/^Security group AgentSecurityGroup/);
    // Vpc, the cause, is the 4th critical finding (ordered by logical id): the rest is counted, not dropped silently.
    expect(refused.items[0].reasons.slice(3)).toEqual(['1 more breaking finding(s): see `catalog diff` between v1.0.0 and v2.0.0']);
    expect(renderUpgradePlan(refused, false)).toMatch(/agent-a\s+pp-agent-a\s+AVAILABLE\s+v1\.0\.0\s+breaking\s+refused: needs --allow-breaking/);
    const allowed = await planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v2.0.0', allowBreaking: true }));
    expect(allowed.items[0]).toMatchObject({ verdict: 'breaking', action: 'update' });
  });

  test('a product on an adopted version is judged from its stack template (GetTemplate)', async () => {
    published([provisioned('agent-adopted', 'v1.0.0-adopted-agent-adopted')]);
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: V1_1.text });
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v2.0.0' }));
    expect(cfn.commandCalls(GetTemplateCommand)[0].args[0].input).toEqual({ StackName: stackArn('SC-111122223333-agent-adopted'), TemplateStage: 'Original' });
    expect(plan.items[0]).toMatchObject({ currentVersion: 'v1.0.0-adopted-agent-adopted', verdict: 'breaking', parameters: { removed: ['AgentLabel'] } });
  });

  test('an unreadable adopted template gives an unknown verdict, refused like a breaking one', async () => {
    published([provisioned('agent-adopted', 'v1.0.0-adopted-agent-adopted')]);
    cfn.on(GetTemplateCommand).rejects(awsError('AccessDenied', 'not authorized to perform cloudformation:GetTemplate'));
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    expect(plan.items[0]).toMatchObject({ verdict: 'unknown', action: 'refuse' });
    expect(plan.items[0].reasons[0]).toMatch(
      /^its version v1\.0\.0-adopted-agent-adopted is not a release of this catalog and its template could not be read: CloudFormation GetTemplate .* was denied \(AccessDenied\)/,
    );
  });

  test('a search result without the version name is named from its artifact id', async () => {
    published([{ ...provisioned('agent-a', 'v1.1.0'), ProvisioningArtifactName: undefined }]);
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    expect(plan.items.map((i) => [i.currentVersion, i.verdict, i.action])).toEqual([['v1.1.0', 'up-to-date', 'none']]);
  });

  test('--provisioned picks one by exact name, and an unknown name lists the others', async () => {
    published([provisioned('agent-a', 'v1.0.0'), provisioned('agent-ab', 'v1.0.0')]);
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options({ provisioned: 'agent-a' }));
    expect(plan.items.map((i) => i.name)).toEqual(['agent-a']);
    await expect(planUpgrade(ctx(), THREE_RELEASES, options({ provisioned: 'agent-x' }))).rejects.toThrow(
      `--provisioned: no provisioned product named "agent-x" of "${PRODUCT_NAME}" in ${REGION}; found: agent-a, agent-ab`,
    );
  });

  test('--to must be released here and published there, and active', async () => {
    published([]);
    await expect(planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v9.0.0' }))).rejects.toThrow(
      '--to: public-ip has no released version "v9.0.0"; released: v1.0.0, v1.1.0, v2.0.0',
    );
    sc.on(ListProvisioningArtifactsCommand).resolves(publishedArtifacts(['v1.0.0']));
    await expect(planUpgrade(ctx(), THREE_RELEASES, options())).rejects.toThrow(
      `Product "${PRODUCT_NAME}" (${SC_PRODUCT_ID}) in ${REGION} has no version v1.1.0 (published: v1.0.0): deploy the portfolio stack that publishes it first.`,
    );
    sc.on(ListProvisioningArtifactsCommand).resolves({ ProvisioningArtifactDetails: [{ Id: 'pa-x', Name: 'v1.1.0', Active: false, Guidance: 'DEPRECATED' }] });
    await expect(planUpgrade(ctx(), THREE_RELEASES, options())).rejects.toThrow(/^Version v1\.1\.0 of "Metadata agent - public IP" is inactive in ap-northeast-1/);
  });

  test('two published versions with the target name cannot be told apart and are refused', async () => {
    published([]);
    sc.on(ListProvisioningArtifactsCommand).resolves({
      ProvisioningArtifactDetails: [{ Id: 'pa-first', Name: 'v1.1.0', Active: true }, { Id: 'pa-second', Name: 'v1.1.0', Active: true }],
    });
    await expect(planUpgrade(ctx(), THREE_RELEASES, options())).rejects.toThrow(
      `Product "${PRODUCT_NAME}" (${SC_PRODUCT_ID}) has 2 versions named v1.1.0 (pa-first, pa-second); give each version a unique name so it can be resolved by name.`,
    );
    expect(sc.commandCalls(SearchProvisionedProductsCommand)).toHaveLength(0);
  });

  test('throttled searches are retried with backoff', async () => {
    published([]);
    sc.on(SearchProvisionedProductsCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ ProvisionedProducts: [provisioned('agent-a', 'v1.0.0')] });
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    expect(plan.items.map((i) => i.name)).toEqual(['agent-a']);
    expect(sleep.mock.calls).toEqual([[100]]);
  });
});

describe('applyUpgrade', () => {
  test('updates with the target version and UsePreviousValue for every parameter both versions have', async () => {
    published([provisioned('agent-a', 'v1.0.0')]);
    updatesSucceedExcept();
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    const outcome = await applyUpgrade(ctx(), plan, 5);
    expect(outcome).toEqual({
      updated: [{ name: 'agent-a', id: 'pp-agent-a', recordId: 'rec-pp-agent-a' }],
      failed: [],
      notAttempted: [],
      refused: [],
      earlier: [],
      plansNotDeleted: [],
      reviews: {},
    });
    const input = sc.commandCalls(UpdateProvisionedProductCommand)[0].args[0].input;
    expect(input).toMatchObject({ ProvisionedProductId: 'pp-agent-a', ProductId: SC_PRODUCT_ID, ProvisioningArtifactId: ARTIFACT_IDS['v1.1.0'] });
    // The new AgentLabel parameter is not sent: it takes its default.
    expect(input.ProvisioningParameters).toEqual(
      Object.keys(V1_1.template.Parameters ?? {}).filter((k) => k !== 'AgentLabel').map((Key) => ({ Key, UsePreviousValue: true })),
    );
    expect(input.ProvisioningParameters).toContainEqual({ Key: 'VpcCidr', UsePreviousValue: true });
  });

  test('runs in batches and stops after the first batch with a failure, reporting updated, failed and not attempted', async () => {
    published(['agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5'].map((n) => provisioned(n, 'v1.0.0')));
    updatesSucceedExcept(['agent-3']);
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agent-3' }).resolves({ ProvisionedProductDetail: { Status: 'TAINTED', LastRecordId: 'rec-pp-agent-3' } });
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    const outcome = await applyUpgrade(ctx(), plan, 2);
    expect(updatedIds()).toEqual(['pp-agent-1', 'pp-agent-2', 'pp-agent-3', 'pp-agent-4']);
    expect(outcome.updated.map((u) => u.name)).toEqual(['agent-1', 'agent-2', 'agent-4']);
    expect(outcome.failed).toEqual([
      {
        name: 'agent-3',
        id: 'pp-agent-3',
        recordId: 'rec-pp-agent-3',
        error: 'record rec-pp-agent-3 FAILED: CFN_ROLLBACK: Resource handler returned message: subnet in use',
        status: 'TAINTED',
        advice: expect.stringMatching(/^TAINTED: the last operation finished but not as requested/),
      },
    ]);
    expect(outcome.notAttempted).toEqual([{ name: 'agent-5', id: 'pp-agent-5' }]);
    const text = renderUpgradeOutcome(plan, outcome);
    expect(text).toContain('Updated to v1.1.0: agent-1 (record rec-pp-agent-1), agent-2 (record rec-pp-agent-2), agent-4 (record rec-pp-agent-4)');
    expect(text).toContain('  - agent-3 (pp-agent-3), now TAINTED: record rec-pp-agent-3 FAILED: CFN_ROLLBACK: Resource handler returned message: subnet in use');
    expect(text).toContain('Not attempted (stopped after the first failing batch): agent-5');
  });

  test('an update the API refuses counts as a failure of its batch', async () => {
    published([provisioned('agent-1', 'v1.0.0'), provisioned('agent-2', 'v1.0.0')]);
    updatesSucceedExcept();
    sc.on(UpdateProvisionedProductCommand, { ProvisionedProductId: 'pp-agent-1' }).rejects(awsError('InvalidStateException', 'Provisioned product is under change'));
    sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'UNDER_CHANGE' } });
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options());
    const outcome = await applyUpgrade(ctx(), plan, 1);
    expect(outcome.failed.map((f) => [f.name, f.status, f.error])).toEqual([
      [
        'agent-1',
        'UNDER_CHANGE',
        `Service Catalog UpdateProvisionedProduct for provisioned product agent-1 (pp-agent-1) to v1.1.0 in ${REGION} was refused because of its current state (InvalidStateException): Provisioned product is under change. Wait for running operations to finish, then re-run.`,
      ],
    ]);
    expect(outcome.notAttempted).toEqual([{ name: 'agent-2', id: 'pp-agent-2' }]);
    expect(updatedIds()).toEqual(['pp-agent-1']);
  });

  test('refuses before changing anything when one upgrade is breaking, without --allow-breaking', async () => {
    published([provisioned('agent-1', 'v1.1.0'), provisioned('agent-2', 'v1.0.0')]);
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v2.0.0' }));
    await expect(applyUpgrade(ctx(), plan, 5)).rejects.toThrow(
      /^Refusing to upgrade; nothing was updated\. These upgrades are not known to be safe:\n {2}- agent-1 \(v1\.1\.0 → v2\.0\.0, breaking\): Security group AgentSecurityGroup/,
    );
    expect(updatedIds()).toEqual([]);
  });

  test('with --allow-breaking, breaking upgrades are performed; skipped and up-to-date products are left alone', async () => {
    published([provisioned('agent-1', 'v1.0.0'), provisioned('agent-2', 'v2.0.0'), provisioned('agent-3', 'v1.0.0', 'PLAN_IN_PROGRESS')]);
    updatesSucceedExcept();
    const plan = await planUpgrade(ctx(), THREE_RELEASES, options({ to: 'v2.0.0', allowBreaking: true }));
    const outcome = await applyUpgrade(ctx(), plan, 5);
    expect(updatedIds()).toEqual(['pp-agent-1']);
    expect(outcome.updated.map((u) => u.name)).toEqual(['agent-1']);
    expect(renderUpgradeOutcome(plan, outcome)).toContain('Skipped (status): agent-3 (PLAN_IN_PROGRESS)');
  });
});
