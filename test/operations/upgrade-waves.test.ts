/**
 * Fleet upgrades in waves: --max-failures stops them, --resume FILE continues an interrupted one and never updates
 * a product twice. Response shapes: https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProvisionedProduct.html,
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_UpdateProvisionedProduct.html,
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeRecord.html (and plan-fixtures.ts for plans).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateProvisionedProductPlanCommand,
  DeleteProvisionedProductPlanCommand,
  DescribeProvisionedProductCommand,
  DescribeProvisionedProductPlanCommand,
  DescribeRecordCommand,
  ExecuteProvisionedProductPlanCommand,
  ListProvisionedProductPlansCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
  UpdateProvisionedProductCommand,
  type ProvisionedProductAttribute,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { applyUpgrade, planUpgrade } from '../../scripts/operations/upgrade';
import { renderUpgradeOutcome } from '../../scripts/operations/upgrade-report';
import { ResumeLog, type ResumeReport } from '../../scripts/operations/upgrade-resume';
import { tempDir } from '../support/catalog';
import { ARTIFACT_IDS, provisionedProduct, publishPublicIp, REGION, testContext, THREE_RELEASES } from './fixtures';
import { EIP_REPLACED, NAT, NAT_ARTIFACTS, NAT_RELEASES, natProduct, plansCompute, publishNat } from './plan-fixtures';

const sc = mockClient(ServiceCatalogClient);
const cfn = mockClient(CloudFormationClient);
let sleep: jest.Mock;
const ctx = () => testContext(new ServiceCatalogClient({ region: REGION }), new CloudFormationClient({ region: REGION }), sleep);
const dir = tempDir('catalog-waves-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const newFile = () => path.join(dir, `wave-${++fileCount}.json`);
const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ResumeReport;
const identity = { region: REGION, product: 'public-ip', target: { version: 'v1.1.0' }, usePlans: false };

const agent = (n: number, extra: Partial<ProvisionedProductAttribute> = {}) => provisionedProduct(`agent-${n}`, 'v1.0.0', 'AVAILABLE', extra);

/** The fleet published; updates start rec-<pp id> records that succeed; products read back AVAILABLE. */
function fleet(products: ProvisionedProductAttribute[]): void {
  publishPublicIp(sc, products);
  sc.on(UpdateProvisionedProductCommand).callsFake((input) => ({ RecordDetail: { RecordId: `rec-${input.ProvisionedProductId}`, Status: 'CREATED' } }));
  sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'SUCCEEDED' } });
  sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE' } });
}

const updated = () => sc.commandCalls(UpdateProvisionedProductCommand).map((c) => c.args[0].input.ProvisionedProductId);
const plan = (releases = THREE_RELEASES, productId = 'public-ip') => planUpgrade(ctx(), releases, { productId, to: 'v1.1.0', allowBreaking: false });

beforeEach(() => {
  sc.reset();
  cfn.reset();
  sleep = jest.fn(async () => undefined);
});

describe('--max-failures', () => {
  test('keeps going past failures until the threshold, then stops after that batch', async () => {
    fleet([1, 2, 3, 4, 5].map((n) => agent(n)));
    sc.on(DescribeRecordCommand).callsFake((input) =>
      ['rec-pp-agent-1', 'rec-pp-agent-3'].includes(input.Id) ? { RecordDetail: { Status: 'FAILED', RecordErrors: [{ Code: 'CFN_ROLLBACK', Description: 'rolled back' }] } } : { RecordDetail: { Status: 'SUCCEEDED' } },
    );
    const p = await plan();
    const outcome = await applyUpgrade(ctx(), p, 1, { maxFailures: 2 });
    expect(updated()).toEqual(['pp-agent-1', 'pp-agent-2', 'pp-agent-3']);
    expect(outcome.failed.map((f) => f.name)).toEqual(['agent-1', 'agent-3']);
    expect(outcome.updated.map((u) => u.name)).toEqual(['agent-2']);
    expect(outcome.notAttempted.map((n) => n.name)).toEqual(['agent-4', 'agent-5']);
    expect(outcome.stoppedBy).toBe('at --max-failures 2: 2 product(s) failed or were refused by batch 3');
    expect(renderUpgradeOutcome(p, outcome)).toContain('Not attempted (stopped at --max-failures 2: 2 product(s) failed or were refused by batch 3): agent-4, agent-5');
  });

  test('a resumed update that turns out failed counts too: the threshold is checked before the first batch', async () => {
    const log = ResumeLog.open(newFile(), identity);
    log.bind(ARTIFACT_IDS['v1.1.0']);
    log.record('pp-agent-1', 'agent-1', { state: 'in-progress', recordId: 'rec-earlier-1', lastRecordBefore: 'rec-last-agent-1' });
    fleet([1, 2, 3].map((n) => agent(n, n === 1 ? { Status: 'UNDER_CHANGE' } : {})));
    sc.on(DescribeRecordCommand, { Id: 'rec-earlier-1' }).resolves({ RecordDetail: { Status: 'FAILED', RecordErrors: [{ Code: 'CFN_ROLLBACK', Description: 'rolled back' }] } });
    const outcome = await applyUpgrade(ctx(), await plan(), 1, { maxFailures: 1, log });
    expect(updated()).toEqual([]);
    expect(outcome.failed.map((f) => [f.name, f.recordId])).toEqual([['agent-1', 'rec-earlier-1']]);
    expect(outcome.notAttempted.map((n) => n.name)).toEqual(['agent-2', 'agent-3']);
  });

  test('a product refused by its plan counts toward the threshold', async () => {
    publishNat(sc, [natProduct('agent-a'), natProduct('agent-b'), natProduct('agent-c')]);
    plansCompute(sc, { 'agent-a': EIP_REPLACED });
    const outcome = await applyUpgrade(ctx(), await plan(NAT_RELEASES, NAT), 1, { maxFailures: 1, usePlans: true });
    expect(outcome.refused.map((r) => r.name)).toEqual(['agent-a']);
    expect(outcome.notAttempted.map((n) => n.name)).toEqual(['agent-b', 'agent-c']);
    expect(sc.commandCalls(CreateProvisionedProductPlanCommand)).toHaveLength(1);
  });
});

describe('--resume FILE', () => {
  test('an interrupted wave leaves a complete report: what was updated, and the update that was in progress', async () => {
    const file = newFile();
    fleet([1, 2, 3].map((n) => agent(n)));
    sc.on(DescribeRecordCommand).callsFake((input) => ({ RecordDetail: { Status: input.Id === 'rec-pp-agent-2' ? 'IN_PROGRESS' : 'SUCCEEDED' } }));
    // The operator presses Ctrl-C while the run waits for agent-2's record.
    sleep.mockRejectedValueOnce(new Error('interrupted'));
    const log = ResumeLog.open(file, identity);
    const p = await plan();
    log.bind(p.target.artifactId);
    await expect(applyUpgrade(ctx(), p, 1, { maxFailures: 1, log })).rejects.toThrow('interrupted');

    const report = readReport(file);
    expect(report).toMatchObject({ schema: 'agent-network-catalog/upgrade-wave', version: 1, product: 'public-ip', region: REGION, target: { version: 'v1.1.0', artifactId: ARTIFACT_IDS['v1.1.0'] }, usePlans: false });
    expect(Object.fromEntries(Object.entries(report.products).map(([id, e]) => [id, [e.state, e.recordId, e.lastRecordBefore]]))).toEqual({
      'pp-agent-1': ['updated', 'rec-pp-agent-1', 'rec-last-agent-1'],
      'pp-agent-2': ['in-progress', 'rec-pp-agent-2', 'rec-last-agent-2'],
    });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Resumed: agent-1 is confirmed, agent-2's record is waited for, only agent-3 is updated.
    sc.resetHistory();
    sc.on(SearchProvisionedProductsCommand).resolves({
      ProvisionedProducts: [agent(1, { ProvisioningArtifactName: 'v1.1.0', ProvisioningArtifactId: ARTIFACT_IDS['v1.1.0'] }), agent(2, { Status: 'UNDER_CHANGE' }), agent(3)],
    });
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'SUCCEEDED' } });
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agent-1' }).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE', ProvisioningArtifactId: ARTIFACT_IDS['v1.1.0'] } });
    const resumedLog = ResumeLog.open(file, identity);
    expect(resumedLog.resumed).toBe(true);
    const resumed = await plan();
    resumedLog.bind(resumed.target.artifactId);
    const outcome = await applyUpgrade(ctx(), resumed, 1, { maxFailures: 1, log: resumedLog });
    expect(updated()).toEqual(['pp-agent-3']);
    expect(sc.commandCalls(DescribeRecordCommand).map((c) => c.args[0].input.Id)).toEqual(['rec-pp-agent-2', 'rec-pp-agent-3']);
    expect(outcome.earlier).toEqual([{ name: 'agent-1', id: 'pp-agent-1', state: 'updated', note: `updated in an earlier run (record rec-pp-agent-1), confirmed: it runs v1.1.0` }]);
    expect(outcome.updated.map((u) => u.name)).toEqual(['agent-2', 'agent-3']);
    expect(Object.values(readReport(file).products).map((e) => e.state)).toEqual(['updated', 'updated', 'updated']);
  });

  test('a started update whose request landed is waited for; one that never landed is sent; failures are not retried', async () => {
    const file = newFile();
    const at = '2026-12-03T07:00:00.000Z';
    const log = ResumeLog.open(file, identity);
    log.bind(ARTIFACT_IDS['v1.1.0']);
    log.record('pp-agent-1', 'agent-1', { state: 'starting', lastRecordBefore: 'rec-last-agent-1' });
    log.record('pp-agent-2', 'agent-2', { state: 'starting', lastRecordBefore: 'rec-last-agent-2' });
    log.record('pp-agent-3', 'agent-3', { state: 'failed', error: 'record rec-x FAILED: CFN_ROLLBACK' });
    log.record('pp-agent-4', 'agent-4', { state: 'updated', recordId: 'rec-4' });
    expect(Object.values(readReport(file).products).every((e) => e.at > at)).toBe(true);

    fleet([1, 2, 3, 4].map((n) => agent(n)));
    // agent-1's UpdateProvisionedProduct landed before the interruption (a new last record); agent-2's did not.
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agent-1' }).resolves({ ProvisionedProductDetail: { Status: 'UNDER_CHANGE', LastRecordId: 'rec-landed-1' } });
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agent-2' }).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE', LastRecordId: 'rec-last-agent-2' } });
    // agent-4 was recorded as updated, yet runs v1.0.0 now: reported, not updated again.
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agent-4' }).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE', ProvisioningArtifactId: ARTIFACT_IDS['v1.0.0'] } });
    const resumed = ResumeLog.open(file, identity);
    const outcome = await applyUpgrade(ctx(), await plan(), 5, { log: resumed, maxFailures: 5 });
    expect(updated()).toEqual(['pp-agent-2']);
    expect(sc.commandCalls(DescribeRecordCommand).map((c) => c.args[0].input.Id)).toEqual(['rec-landed-1', 'rec-pp-agent-2']);
    expect(outcome.updated.map((u) => [u.name, u.recordId])).toEqual([
      ['agent-1', 'rec-landed-1'],
      ['agent-2', 'rec-pp-agent-2'],
    ]);
    expect(outcome.earlier.map((e) => [e.name, e.note])).toEqual([
      ['agent-3', 'failed in an earlier run (record rec-x FAILED: CFN_ROLLBACK); not retried: fix it, then upgrade it with --provisioned agent-3 and a new --resume file'],
      ['agent-4', `recorded as updated (record rec-4) but DescribeProvisionedProduct shows artifact ${ARTIFACT_IDS['v1.0.0']} (AVAILABLE), not ${ARTIFACT_IDS['v1.1.0']}: not updated again; check its history in the console`],
    ]);
  });

  test('with plans: its own unexecuted plan is deleted and planned afresh; an executed one is never executed again', async () => {
    const file = newFile();
    const natIdentity = { region: REGION, product: NAT, target: { version: 'v1.1.0' }, usePlans: true };
    const log = ResumeLog.open(file, natIdentity);
    log.bind(NAT_ARTIFACTS['v1.1.0']);
    log.record('pp-agenta', 'agent-a', { state: 'planned', planId: 'plan-old-a', lastRecordBefore: 'rec-before-agent-a' });
    log.record('pp-agentb', 'agent-b', { state: 'planned', planId: 'plan-old-b', lastRecordBefore: 'rec-before-agent-b' });

    publishNat(sc, [natProduct('agent-a', 'v1.0.0', 'PLAN_IN_PROGRESS'), natProduct('agent-b', 'v1.0.0', 'UNDER_CHANGE')]);
    plansCompute(sc);
    sc.on(DescribeProvisionedProductPlanCommand, { PlanId: 'plan-old-a' }).resolves({ ProvisionedProductPlanDetails: { PlanId: 'plan-old-a', Status: 'CREATE_SUCCESS' } });
    sc.on(DescribeProvisionedProductPlanCommand, { PlanId: 'plan-old-b' }).resolves({ ProvisionedProductPlanDetails: { PlanId: 'plan-old-b', Status: 'EXECUTE_IN_PROGRESS' } });
    sc.on(DescribeProvisionedProductCommand, { Id: 'pp-agentb' }).resolves({ ProvisionedProductDetail: { Status: 'UNDER_CHANGE', LastRecordId: 'rec-executed-b' } });
    sc.on(ListProvisionedProductPlansCommand).resolves({ ProvisionedProductPlans: [{ PlanId: 'plan-old-a', PlanName: 'catalog-upgrade-v1-1-0-x' }] });

    const resumed = ResumeLog.open(file, natIdentity);
    const p = await planUpgrade(ctx(), NAT_RELEASES, { productId: NAT, to: 'v1.1.0', allowBreaking: false, plans: { own: resumed.ownPlanIds() } });
    expect(p.items[0].advice).toBe('PLAN_IN_PROGRESS: its plan plan-old-a was created by the upgrade this --resume file continues: it is deleted and planned again.');
    const outcome = await applyUpgrade(ctx(), p, 5, { log: resumed, usePlans: true });
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand).map((c) => c.args[0].input.PlanId)).toEqual(['plan-agent-a']);
    expect(sc.commandCalls(DeleteProvisionedProductPlanCommand).map((c) => c.args[0].input.PlanId)).toEqual(['plan-old-a', 'plan-old-b', 'plan-agent-a']);
    expect(outcome.updated.map((u) => [u.name, u.recordId])).toEqual([
      ['agent-b', 'rec-executed-b'],
      ['agent-a', 'rec-plan-agent-a'],
    ]);
  });
});

describe('the resume file is checked before anything runs', () => {
  const write = (content: string) => {
    const file = newFile();
    fs.writeFileSync(file, content);
    return file;
  };
  const valid = (): Record<string, unknown> => ({ schema: 'agent-network-catalog/upgrade-wave', version: 1, runId: '0123456789ab', region: REGION, product: 'public-ip', target: { version: 'v1.1.0' }, usePlans: false, products: {} });

  test.each([
    ['{ not json', /^--resume .*: not JSON \(/],
    [JSON.stringify({ ...valid(), schema: 'something-else' }), /: field "schema": got "something-else", allowed: "agent-network-catalog\/upgrade-wave" \(not a catalog upgrade report\)$/],
    [JSON.stringify({ ...valid(), version: 2 }), /: field "version": got 2, allowed: 1$/],
    [JSON.stringify({ ...valid(), product: 'nat-gateway' }), /: field "product" is "nat-gateway", but this run has --product "public-ip": the file belongs to another upgrade; use a new file name$/],
    [JSON.stringify({ ...valid(), target: { version: 'v2.0.0' } }), /: field "target.version" is "v2.0.0", but this run has --to "v1.1.0"/],
    [JSON.stringify({ ...valid(), region: 'us-east-1' }), /: field "region" is "us-east-1", but this run has --region "ap-northeast-1"/],
    [JSON.stringify({ ...valid(), usePlans: true }), /: field "usePlans" is true: re-run with --plan to continue this upgrade$/],
    [JSON.stringify({ ...valid(), products: { 'pp-agent-1': { name: 'agent-1', state: 'done', at: 'x' } } }), /: products\["pp-agent-1"\]\.state: got "done", allowed: starting, planned, in-progress, updated, failed, refused$/],
    [JSON.stringify({ ...valid(), products: { 'pp-agent-1': { name: 'agent-1', state: 'in-progress', at: 'x' } } }), /: products\["pp-agent-1"\]: state in-progress needs recordId$/],
    [JSON.stringify({ ...valid(), products: { 'agent 1': { name: 'agent-1', state: 'updated', at: 'x' } } }), /: products\["agent 1"\]: not a provisioned product id \(pp-…\)$/],
  ])('%s', (content, message) => {
    expect(() => ResumeLog.open(write(content), identity)).toThrow(message);
  });

  test('a target version republished under another artifact id is refused', () => {
    const file = write(JSON.stringify({ ...valid(), target: { version: 'v1.1.0', artifactId: 'pa-older000000001' } }));
    const log = ResumeLog.open(file, identity);
    expect(() => log.bind(ARTIFACT_IDS['v1.1.0'])).toThrow(
      `--resume ${file}: field "target.artifactId" is "pa-older000000001", but v1.1.0 is now ${ARTIFACT_IDS['v1.1.0']} in Service Catalog: the version was republished; start a new file`,
    );
  });

  test('a missing folder is named', () => {
    expect(() => ResumeLog.open(path.join(dir, 'no-such-folder', 'wave.json'), identity)).toThrow(/^--resume: the folder of ".*wave\.json" does not exist/);
  });
});
