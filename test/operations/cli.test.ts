import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateProvisionedProductPlanCommand,
  DeleteProvisionedProductPlanCommand,
  DescribeProductAsAdminCommand,
  DescribeProvisionedProductPlanCommand,
  ExecuteProvisionedProductPlanCommand,
  DescribeProvisionedProductCommand,
  DescribeRecordCommand,
  ImportAsProvisionedProductCommand,
  ListProvisioningArtifactsCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
  UpdateProvisionedProductCommand,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { operationsDefaults } from '../../scripts/operations/aws-clients';
import { tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';
import { ARTIFACT_IDS, awsError, PRODUCT_NAME, publishedArtifacts, REGION, SC_PRODUCT_ID, stackArn, V1 } from './fixtures';

// mockClient on the classes: the clients the commands construct answer from these mocks; nothing reaches AWS.
const sc = mockClient(ServiceCatalogClient);
const cfn = mockClient(CloudFormationClient);
const realSleep = operationsDefaults.sleep;
const realLog = operationsDefaults.log;
let sleep: jest.Mock;
const savedRegion = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };

function deployedStack(templateBody: string): void {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackId: stackArn('agent-prod'), StackName: 'agent-prod', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
  cfn.on(GetTemplateCommand).resolves({ TemplateBody: templateBody });
}

function publishedProduct(): void {
  sc.on(DescribeProductAsAdminCommand, { Name: PRODUCT_NAME }).resolves({ ProductViewDetail: { ProductViewSummary: { ProductId: SC_PRODUCT_ID, Name: PRODUCT_NAME } } });
  sc.on(ListProvisioningArtifactsCommand).resolves(publishedArtifacts(['v1.0.0']));
}

beforeEach(() => {
  sc.reset();
  cfn.reset();
  sleep = jest.fn(async () => undefined);
  operationsDefaults.sleep = sleep;
  operationsDefaults.log = () => undefined;
  delete process.env.AWS_REGION;
  delete process.env.AWS_DEFAULT_REGION;
});

afterAll(() => {
  operationsDefaults.sleep = realSleep;
  operationsDefaults.log = realLog;
  for (const [key, value] of Object.entries(savedRegion)) if (value !== undefined) process.env[key] = value;
});

describe('catalog adopt', () => {
  test('--help lists every option', async () => {
    const { code, stdout } = await runCatalog(['adopt', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--stack <name|arn>', '--region <region>', '--product <id>', '--name <name>', '--register-closest-version', '--apply', '--json']) {
      expect(stdout).toContain(flag);
    }
  });

  test('dry run prints the plan and imports nothing', async () => {
    deployedStack(V1.text);
    publishedProduct();
    sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: [] });
    const { code, stdout, stderr } = await runCatalog(['adopt', '--stack', 'agent-prod', '--region', REGION]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Stack agent-prod in ap-northeast-1: UPDATE_COMPLETE');
    expect(stdout).toContain('Plan (dry run; add --apply to perform it):');
    expect(sc.commandCalls(ImportAsProvisionedProductCommand)).toHaveLength(0);
  });

  test('--json prints the plan as data', async () => {
    deployedStack(V1.text);
    publishedProduct();
    sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: [] });
    const { code, stdout } = await runCatalog(['adopt', '--stack', stackArn('agent-prod'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      dryRun: true,
      region: REGION,
      action: 'import',
      match: { productId: 'public-ip', version: 'v1.0.0', level: 'identical' },
      serviceCatalog: { productId: SC_PRODUCT_ID, versionId: ARTIFACT_IDS['v1.0.0'] },
    });
  });

  test('--apply imports, waits and says what to do next', async () => {
    deployedStack(V1.text);
    publishedProduct();
    sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: [] });
    sc.on(ImportAsProvisionedProductCommand).resolves({ RecordDetail: { RecordId: 'rec-cli-import01' } });
    sc.on(DescribeRecordCommand).resolvesOnce({ RecordDetail: { Status: 'IN_PROGRESS' } }).resolves({ RecordDetail: { Status: 'SUCCEEDED', ProvisionedProductId: 'pp-cli-adopted1' } });
    const { code, stdout } = await runCatalog(['adopt', '--stack', 'agent-prod', '--region', REGION, '--apply']);
    expect(code).toBe(0);
    expect(stdout).toContain('Performing:');
    expect(stdout).toContain('Imported stack agent-prod as provisioned product "agent-prod" (pp-cli-adopted1): record rec-cli-import01 SUCCEEDED.');
    expect(stdout).toContain(`Next: catalog upgrade --product public-ip --to <version> --provisioned agent-prod --region ${REGION}`);
    expect(sleep).toHaveBeenCalledWith(10_000);
  });

  test('no matching version: prints the closest and exits 1 without importing', async () => {
    const edited = JSON.parse(V1.text);
    edited.Parameters.LogRetentionDays.Default = 7;
    deployedStack(JSON.stringify(edited));
    const { code, stdout } = await runCatalog(['adopt', '--stack', 'agent-prod', '--region', REGION, '--apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('No released version matches. Closest: public-ip v1.0.0 (1 upgrade finding');
    expect(stdout).toContain("Nothing to import: No released version matches the stack's template; the closest is public-ip v1.0.0.");
    expect(sc.commandCalls(ImportAsProvisionedProductCommand)).toHaveLength(0);
  });

  test.each([
    [['--stack', 'agent_prod!', '--region', REGION], 'catalog: --stack: got "agent_prod!", allowed: a stack name'],
    [['--stack', stackArn('agent-prod').replace(REGION, 'us-east-1'), '--region', REGION], 'catalog: --region: got "ap-northeast-1", but the stack ARN is in us-east-1'],
    [['--stack', 'agent-prod'], 'catalog: --region: required (or set AWS_REGION)'],
    [['--stack', 'agent-prod', '--region', 'tokyo'], 'catalog: --region: got "tokyo", allowed: an AWS region name such as ap-northeast-1 or us-east-1'],
  ])('bad flags %j are one clear message', async (flags, message) => {
    const { code, stderr } = await runCatalog(['adopt', ...flags]);
    expect(code).toBe(1);
    expect(stderr.startsWith(message)).toBe(true);
    expect(cfn.calls()).toHaveLength(0);
  });

  test('an AWS error is one message, without a stack trace', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStacks'));
    const { code, stderr } = await runCatalog(['adopt', '--stack', 'agent-prod', '--region', REGION]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `catalog: CloudFormation DescribeStacks for stack agent-prod in ${REGION} was denied (AccessDenied): User is not authorized to perform: cloudformation:DescribeStacks. ` +
        'The caller needs cloudformation:DescribeStacks.\n',
    );
  });
});

describe('catalog upgrade', () => {
  function adoptedProducts(names: string[]): void {
    publishedProduct();
    sc.on(SearchProvisionedProductsCommand).resolves({
      ProvisionedProducts: names.map((name) => ({
        Id: `pp-${name}`,
        Name: name,
        Status: 'AVAILABLE',
        ProductId: SC_PRODUCT_ID,
        ProvisioningArtifactName: `v1.0.0-adopted-${name}`,
        PhysicalId: stackArn(name),
      })),
    });
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: V1.text });
  }

  test('--help lists every option', async () => {
    const { code, stdout } = await runCatalog(['upgrade', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--product <id>', '--to <version>', '--provisioned <name>', '--all', '--apply', '--plan', '--batch-size <n>', '--max-failures <n>', '--resume <file>', '--allow-breaking', '--json']) {
      expect(stdout).toContain(flag);
    }
  });

  test('dry run --json: one item per provisioned product with verdict and action', async () => {
    adoptedProducts(['agent-a']);
    const { code, stdout } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ dryRun: true, target: { version: 'v1.0.0', artifactId: ARTIFACT_IDS['v1.0.0'] } });
    expect(json.items).toEqual([
      expect.objectContaining({ name: 'agent-a', currentVersion: 'v1.0.0-adopted-agent-a', verdict: 'compatible', action: 'update' }),
    ]);
    expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
  });

  test('--apply --all updates and exits 1 when one fails, naming updated, failed and not attempted', async () => {
    adoptedProducts(['agent-a', 'agent-b', 'agent-c']);
    sc.on(UpdateProvisionedProductCommand).callsFake((input) => ({ RecordDetail: { RecordId: `rec-${input.ProvisionedProductId}` } }));
    sc.on(DescribeRecordCommand).callsFake((input) =>
      input.Id === 'rec-pp-agent-b' ? { RecordDetail: { Status: 'FAILED', RecordErrors: [{ Code: 'CFN_ERROR', Description: 'Update rolled back' }] } } : { RecordDetail: { Status: 'SUCCEEDED' } },
    );
    sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'TAINTED', LastRecordId: 'rec-pp-agent-b' } });
    const { code, stdout } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--all', '--apply', '--batch-size', '2']);
    expect(code).toBe(1);
    expect(stdout).toContain('Updated to v1.0.0: agent-a (record rec-pp-agent-a)');
    expect(stdout).toContain('  - agent-b (pp-agent-b), now TAINTED: record rec-pp-agent-b FAILED: CFN_ERROR: Update rolled back');
    expect(stdout).toContain('Not attempted (stopped after the first failing batch): agent-c');
  });

  test('--apply on one named product that is UNDER_CHANGE updates nothing, says why and exits 1', async () => {
    adoptedProducts(['agent-a']);
    sc.on(SearchProvisionedProductsCommand).resolves({
      ProvisionedProducts: [{ Id: 'pp-agent-a', Name: 'agent-a', Status: 'UNDER_CHANGE', ProductId: SC_PRODUCT_ID, ProvisioningArtifactName: 'v1.0.0-adopted-agent-a', PhysicalId: stackArn('agent-a') }],
    });
    const { code, stdout } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--provisioned', 'agent-a', '--apply']);
    expect(code).toBe(1);
    expect(stdout).toContain('  - UNDER_CHANGE: another operation is running on it. Not updated: wait until it is AVAILABLE, then re-run.');
    expect(stdout).toContain('Updated to v1.0.0: none');
    expect(stdout).toContain('Skipped (status): agent-a (UNDER_CHANGE)');
    expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
  });

  test.each([
    [['--apply'], 'catalog: --apply: say which provisioned products to update, with --provisioned NAME or --all'],
    [['--all', '--provisioned', 'agent-a'], 'catalog: --provisioned and --all: give one, not both'],
    [['--product', 'nat'], 'catalog: --product: got "nat", allowed: public-ip'],
  ])('bad flags %j are one clear message', async (flags, message) => {
    const base = ['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION];
    const { code, stderr } = await runCatalog([...base, ...flags]);
    expect(code).toBe(1);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr.split('\n')).toHaveLength(2);
    expect(sc.calls()).toHaveLength(0);
  });

  test.each([
    [['--resume', 'wave.json'], 'catalog: --resume: only with --apply (a dry run changes nothing there is to resume)'],
    [['--max-failures', '3'], 'catalog: --max-failures: only with --apply'],
    [['--apply', '--all', '--max-failures', '0'], "error: option '--max-failures <n>' argument '0' is invalid. allowed: a whole number from 1 to 1000"],
    [['--apply', '--all', '--max-failures', 'two'], "error: option '--max-failures <n>' argument 'two' is invalid. allowed: a whole number from 1 to 1000"],
    [['--apply', '--all', '--resume', '/no/such/folder/wave.json'], 'catalog: --resume: the folder of "/no/such/folder/wave.json" does not exist (/no/such/folder)'],
  ])('wave flags %j are checked before any AWS call', async (flags, message) => {
    const { code, stderr } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, ...flags]);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(message);
    expect(sc.calls()).toHaveLength(0);
  });

  test("--plan dry run: per product the offline verdict, AWS's verdict, agreement and resources; plans deleted, nothing updated", async () => {
    adoptedProducts(['agent-a']);
    sc.on(CreateProvisionedProductPlanCommand).resolves({ PlanId: 'plan-cli-a' });
    sc.on(DescribeProvisionedProductPlanCommand).resolves({
      ProvisionedProductPlanDetails: { PlanId: 'plan-cli-a', Status: 'CREATE_SUCCESS' },
      ResourceChanges: [{ Action: 'MODIFY', LogicalResourceId: 'Vpc', ResourceType: 'AWS::EC2::VPC', Replacement: 'TRUE', Scope: ['PROPERTIES'], Details: [{ Target: { Attribute: 'PROPERTIES', Name: 'CidrBlock', RequiresRecreation: 'ALWAYS' }, Evaluation: 'STATIC' }] }],
    });
    sc.on(DeleteProvisionedProductPlanCommand).resolves({});
    const { code, stdout } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--plan']);
    expect(code).toBe(0);
    expect(stdout).toContain("AWS's answer: provisioned product plans (CloudFormation change sets of the running stacks), deleted after reading, none executed");
    expect(stdout).toMatch(/provisioned product\s+offline\s+aws\s+agreement\s+plan\n/);
    expect(stdout).toMatch(/agent-a\s+compatible\s+blocked\s+disagree\s+plan-cli-a\n/);
    expect(stdout).toContain('  - blocks: VPC Vpc is replaced: the VPC id changes and everything in it is rebuilt; peerings, attachments and rules naming the VPC break');
    expect(stdout).toContain('  - AWS: MODIFY Vpc (AWS::EC2::VPC) Replacement TRUE [PROPERTIES]: PROPERTIES.CidrBlock (ALWAYS, STATIC)');
    expect(sc.commandCalls(DeleteProvisionedProductPlanCommand).map((c) => c.args[0].input.PlanId)).toEqual(['plan-cli-a']);
    expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
    expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
  });

  test('--apply --plan --resume: executes the reviewed plan, deletes it, writes the report', async () => {
    adoptedProducts(['agent-a']);
    sc.on(CreateProvisionedProductPlanCommand).resolves({ PlanId: 'plan-cli-a' });
    sc.on(DescribeProvisionedProductPlanCommand).resolves({ ProvisionedProductPlanDetails: { PlanId: 'plan-cli-a', Status: 'CREATE_SUCCESS' }, ResourceChanges: [] });
    sc.on(ExecuteProvisionedProductPlanCommand).resolves({ RecordDetail: { RecordId: 'rec-cli-exec' } });
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'SUCCEEDED' } });
    sc.on(DeleteProvisionedProductPlanCommand).resolves({});
    const dir = tempDir('catalog-cli-resume-');
    try {
      const file = path.join(dir, 'wave.json');
      const { code, stdout } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--all', '--apply', '--plan', '--resume', file]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/agent-a\s+compatible\s+compatible\s+agree\s+plan-cli-a\n/);
      expect(stdout).toContain('Updated to v1.0.0: agent-a (record rec-cli-exec)');
      expect(stdout).toContain(`Report: ${file} (re-run with the same --resume to continue)`);
      expect(sc.commandCalls(UpdateProvisionedProductCommand)).toHaveLength(0);
      expect(sc.commandCalls(DeleteProvisionedProductPlanCommand).map((c) => c.args[0].input.PlanId)).toEqual(['plan-cli-a']);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).products).toEqual({ 'pp-agent-a': expect.objectContaining({ name: 'agent-a', state: 'updated', planId: 'plan-cli-a', recordId: 'rec-cli-exec' }) });

      // Run again with the same report: nothing is planned or updated twice.
      sc.resetHistory();
      sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE', ProvisioningArtifactId: ARTIFACT_IDS['v1.0.0'] } });
      const again = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--all', '--apply', '--plan', '--resume', file]);
      expect({ code: again.code, stderr: again.stderr, stdout: again.stdout }).toMatchObject({ code: 0, stderr: '' });
      expect(sc.commandCalls(CreateProvisionedProductPlanCommand)).toHaveLength(0);
      expect(sc.commandCalls(ExecuteProvisionedProductPlanCommand)).toHaveLength(0);
      expect(again.stdout).toContain('Earlier run: agent-a (pp-agent-a): updated in an earlier run (record rec-cli-exec), confirmed: it runs v1.0.0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--batch-size accepts 1 to 50 only', async () => {
    const { code, stderr } = await runCatalog(['upgrade', '--product', 'public-ip', '--to', 'v1.0.0', '--region', REGION, '--batch-size', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain("option '--batch-size <n>' argument '0' is invalid. allowed: a whole number from 1 to 50");
  });
});
