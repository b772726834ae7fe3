import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, type Stack } from '@aws-sdk/client-cloudformation';
import {
  CreateProvisioningArtifactCommand,
  DescribeProductAsAdminCommand,
  DescribeProvisioningArtifactCommand,
  DescribeRecordCommand,
  ImportAsProvisionedProductCommand,
  ListProvisioningArtifactsCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { stringify } from 'yaml';
import { applyAdoption, planAdoption, type AdoptOptions } from '../../scripts/operations/adopt';
import { renderAdoptionPlan } from '../../scripts/operations/adopt-report';
import { repositoryReleases } from '../../scripts/operations/catalog-versions';
import { parseStackReference } from '../../scripts/operations/stack-inspection';
import { ARTIFACT_IDS, awsError, PRODUCT_NAME, publishedArtifacts, REGION, SC_PRODUCT_ID, stackArn, testContext, THREE_RELEASES, V1, V1_1 } from './fixtures';

const sc = mockClient(ServiceCatalogClient);
const cfn = mockClient(CloudFormationClient);
let sleep: jest.Mock;
const ctx = () => testContext(new ServiceCatalogClient({ region: REGION }), new CloudFormationClient({ region: REGION }), sleep);
const STACK = 'agent-prod';

function options(overrides: Partial<AdoptOptions> = {}): AdoptOptions {
  return { stack: parseStackReference(STACK), registerClosestVersion: false, ...overrides };
}

function deployedStack(templateBody: string, stack: Partial<Stack> = {}): void {
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackId: stackArn(stack.StackName ?? STACK), StackName: STACK, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), ...stack }],
  });
  cfn.on(GetTemplateCommand).resolves({ TemplateBody: templateBody });
}

function publishedProduct(versions?: string[]): void {
  sc.on(DescribeProductAsAdminCommand, { Name: PRODUCT_NAME }).resolves({ ProductViewDetail: { ProductViewSummary: { ProductId: SC_PRODUCT_ID, Name: PRODUCT_NAME } } });
  sc.on(ListProvisioningArtifactsCommand, { ProductId: SC_PRODUCT_ID }).resolves(publishedArtifacts(versions));
}

function noProvisionedProducts(): void {
  sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: [] });
}

function withoutIdentity(text: string): string {
  const template = JSON.parse(text);
  delete template.Metadata.AgentNetworkCatalog;
  return JSON.stringify(template, null, 2);
}

beforeEach(() => {
  sc.reset();
  cfn.reset();
  sleep = jest.fn(async () => undefined);
});

describe('planAdoption', () => {
  test('a stack deployed from the released snapshot matches it identically and plans the import by name-resolved ids', async () => {
    deployedStack(V1.text);
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    const plan = await planAdoption(ctx(), repositoryReleases(), options());
    expect(plan).toMatchObject({
      action: 'import',
      match: { productId: 'public-ip', version: 'v1.0.0', level: 'identical' },
      declaredIdentity: { productId: 'public-ip', version: 'v1.0.0' },
      serviceCatalog: { productId: SC_PRODUCT_ID, productName: PRODUCT_NAME, versionName: 'v1.0.0', versionId: ARTIFACT_IDS['v1.0.0'] },
      provisionedProductName: STACK,
      stack: { id: stackArn(STACK), name: STACK, status: 'CREATE_COMPLETE' },
    });
    expect(cfn.commandCalls(GetTemplateCommand)[0].args[0].input).toEqual({ StackName: stackArn(STACK), TemplateStage: 'Original' });
    // Read-only: nothing imported, the stack and the name are checked against existing provisioned products.
    expect(sc.commandCalls(ImportAsProvisionedProductCommand)).toHaveLength(0);
    expect(sc.commandCalls(SearchProvisionedProductsCommand).map((c) => c.args[0].input.Filters?.SearchQuery)).toEqual([
      [`physicalId:${stackArn(STACK)}`],
      [`name:${STACK}`],
    ]);
    const text = renderAdoptionPlan(plan, false);
    expect(text).toContain('Matching release: public-ip v1.0.0 (identical)');
    expect(text).toContain(
      `1. ImportAsProvisionedProduct: ProductId ${SC_PRODUCT_ID} ("${PRODUCT_NAME}"), ProvisioningArtifactId ${ARTIFACT_IDS['v1.0.0']} (v1.0.0), ProvisionedProductName ${STACK}, PhysicalId ${stackArn(STACK)}`,
    );
  });

  test('a YAML rendering of a release is equivalent; the plan warns that AWS may want the exact text', async () => {
    deployedStack(stringify(V1_1.template));
    publishedProduct();
    noProvisionedProducts();
    const plan = await planAdoption(ctx(), THREE_RELEASES, options());
    expect(plan.match).toEqual({ productId: 'public-ip', version: 'v1.1.0', level: 'equivalent' });
    expect(plan.serviceCatalog?.versionId).toBe(ARTIFACT_IDS['v1.1.0']);
    expect(plan.notes.join('\n')).toContain('equivalent to public-ip v1.1.0 but not byte-identical');
  });

  test('refuses a stack that breaks import rules, naming every rule it breaks, before reading Service Catalog', async () => {
    deployedStack(V1.text, { StackName: 'StackSet-agents-1234', StackStatus: 'UPDATE_ROLLBACK_FAILED', ParentId: 'arn:parent', RootId: 'arn:root' });
    await expect(planAdoption(ctx(), repositoryReleases(), options())).rejects.toThrow(
      [
        'Stack StackSet-agents-1234 cannot be imported into Service Catalog:',
        '  - its status is UPDATE_ROLLBACK_FAILED; Service Catalog imports only stacks in CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, IMPORT_COMPLETE, IMPORT_ROLLBACK_COMPLETE — wait for it to settle or repair it first',
        '  - it is a StackSet instance (its name starts with StackSet-); Service Catalog cannot import StackSet instances — manage it through its StackSet',
        '  - it is a nested stack (root arn:root); Service Catalog imports only root stacks — adopt the root stack instead',
      ].join('\n'),
    );
    expect(sc.calls()).toHaveLength(0);
  });

  test('a stack left by AWS Proton has no catalog identity: every version is compared, the closest shown with its differences', async () => {
    deployedStack(withoutIdentity(V1_1.text), { Tags: [{ Key: 'aws:proton:environment', Value: 'arn:aws:proton:ap-northeast-1:111122223333:environment/agents' }] });
    const plan = await planAdoption(ctx(), THREE_RELEASES, options());
    expect(plan.action).toBe('none');
    expect(plan.protonTags).toEqual(['aws:proton:environment']);
    expect(plan.declaredIdentity).toBeUndefined();
    expect(plan.closest).toMatchObject({ productId: 'public-ip', version: 'v1.1.0', differences: ['Metadata.AgentNetworkCatalog (only in the release)'] });
    expect(plan.closest?.report.reasons).toEqual([]);
    expect(plan.notes[0]).toMatch(/^The stack was deployed by AWS Proton \(tags aws:proton:environment; Proton was retired on 2026-10-07, its stacks remain\)/);
    expect(plan.reason).toMatch(/^No released version matches the stack's template; the closest is public-ip v1\.1\.0\. Re-run with --register-closest-version/);
    // Nothing importable: Service Catalog is not even read.
    expect(sc.calls()).toHaveLength(0);
    const text = renderAdoptionPlan(plan, false);
    expect(text).toContain('No released version matches. Closest: public-ip v1.1.0 (0 upgrade findings, 1 template difference shown)');
    expect(text).toContain('Upgrade public-ip v1.1.0 → stack agent-prod: COMPATIBLE');
    expect(text).toContain('  - Metadata.AgentNetworkCatalog (only in the release)');
  });

  test('the closest version is the one with the fewest upgrade findings', async () => {
    const edited = JSON.parse(V1.text);
    edited.Parameters.LogRetentionDays.Default = 7;
    deployedStack(JSON.stringify(edited));
    const plan = await planAdoption(ctx(), THREE_RELEASES, options());
    expect(plan.closest?.version).toBe('v1.0.0');
    expect(plan.closest?.report.reasons.map((r) => `${r.kind} ${r.name}`)).toEqual(['parameter-default-changed LogRetentionDays']);
  });

  test('--product must be a catalog product', async () => {
    await expect(planAdoption(ctx(), THREE_RELEASES, options({ productId: 'nat-gatway' }))).rejects.toThrow(/^--product: got "nat-gatway", allowed: public-ip(, [a-z-]+)*$/);
    expect(cfn.calls()).toHaveLength(0);
  });

  test('--product wins over the identity the template declares, and the plan says so', async () => {
    const foreign = JSON.parse(V1.text);
    foreign.Metadata.AgentNetworkCatalog = { ProductId: 'nat-gateway', Version: 'v3.0.0' };
    deployedStack(JSON.stringify(foreign));
    const plan = await planAdoption(ctx(), THREE_RELEASES, options({ productId: 'public-ip' }));
    expect(plan.notes).toEqual(['The template declares product nat-gateway v3.0.0, but --product public-ip was given: comparing with public-ip only.']);
    expect(plan.closest).toMatchObject({ version: 'v1.0.0', differences: ['Metadata.AgentNetworkCatalog.ProductId', 'Metadata.AgentNetworkCatalog.Version'] });
  });

  test('refuses a stack that already is a provisioned product, and a taken provisioned product name', async () => {
    deployedStack(V1.text);
    publishedProduct(['v1.0.0']);
    sc.on(SearchProvisionedProductsCommand).resolves({
      ProvisionedProducts: [{ Id: 'pp-existing0001', Name: 'agent-old', Status: 'UNDER_CHANGE', PhysicalId: stackArn(STACK), ProvisioningArtifactName: 'v1.0.0' }],
    });
    await expect(planAdoption(ctx(), repositoryReleases(), options())).rejects.toThrow(
      'Stack agent-prod is already the provisioned product "agent-old" (pp-existing0001, UNDER_CHANGE, version v1.0.0): nothing to adopt. An import or update of it is in progress: wait for it to finish.',
    );
    sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: [{ Id: 'pp-other0000001', Name: STACK, Status: 'AVAILABLE', PhysicalId: stackArn('another') }] });
    await expect(planAdoption(ctx(), repositoryReleases(), options())).rejects.toThrow(
      'A provisioned product named "agent-prod" already exists (pp-other0000001): choose another name with --name.',
    );
  });

  test('a product that is not published in the region is a clear error', async () => {
    deployedStack(V1.text);
    sc.on(DescribeProductAsAdminCommand).rejects(awsError('ResourceNotFoundException', 'Product not found'));
    await expect(planAdoption(ctx(), repositoryReleases(), options())).rejects.toThrow(
      `Service Catalog DescribeProductAsAdmin for product "${PRODUCT_NAME}" in ${REGION}: not found (ResourceNotFoundException): Product not found. Check the name and the region (--region).`,
    );
  });

  test('a stack that does not exist is a clear error', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id agent-prod does not exist'));
    await expect(planAdoption(ctx(), repositoryReleases(), options())).rejects.toThrow(
      `CloudFormation DescribeStacks for stack agent-prod in ${REGION}: not found (ValidationError): Stack with id agent-prod does not exist.`,
    );
  });
});

describe('applyAdoption', () => {
  test('imports and waits for the record, polling with the injected sleep', async () => {
    deployedStack(V1.text);
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(ImportAsProvisionedProductCommand).resolves({ RecordDetail: { RecordId: 'rec-import00001', Status: 'CREATED' } });
    sc.on(DescribeRecordCommand)
      .resolvesOnce({ RecordDetail: { RecordId: 'rec-import00001', Status: 'IN_PROGRESS' } })
      .resolves({ RecordDetail: { RecordId: 'rec-import00001', Status: 'SUCCEEDED', ProvisionedProductId: 'pp-adopted00001' } });
    const plan = await planAdoption(ctx(), repositoryReleases(), options());
    const result = await applyAdoption(ctx(), plan);
    expect(result).toMatchObject({ provisionedProductId: 'pp-adopted00001', record: { id: 'rec-import00001', status: 'SUCCEEDED' } });
    const input = sc.commandCalls(ImportAsProvisionedProductCommand)[0].args[0].input;
    expect(input).toMatchObject({ ProductId: SC_PRODUCT_ID, ProvisioningArtifactId: ARTIFACT_IDS['v1.0.0'], ProvisionedProductName: STACK, PhysicalId: stackArn(STACK) });
    expect(input.IdempotencyToken).toMatch(/^adopt-[0-9a-f]{40}$/);
    expect(sleep.mock.calls).toEqual([[1_000]]);
  });

  test('a failed import record is reported with its errors, and the stack is said to be unchanged', async () => {
    deployedStack(V1.text);
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(ImportAsProvisionedProductCommand).resolves({ RecordDetail: { RecordId: 'rec-import00002' } });
    sc.on(DescribeRecordCommand).resolves({
      RecordDetail: { Status: 'FAILED', RecordErrors: [{ Code: 'InvalidParametersException', Description: 'Template does not match provisioning artifact' }] },
    });
    const plan = await planAdoption(ctx(), repositoryReleases(), options());
    await expect(applyAdoption(ctx(), plan)).rejects.toThrow(
      'The import of stack agent-prod as "agent-prod" FAILED (record rec-import00002): InvalidParametersException: Template does not match provisioning artifact. The stack itself is unchanged.',
    );
  });

  test('a record still running after maxWaitMs: stops waiting and says how to follow it', async () => {
    deployedStack(V1.text);
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(ImportAsProvisionedProductCommand).resolves({ RecordDetail: { RecordId: 'rec-slow0000001' } });
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'IN_PROGRESS' } });
    const plan = await planAdoption(ctx(), repositoryReleases(), options());
    await expect(applyAdoption(ctx(), plan)).rejects.toThrow(
      `Record rec-slow0000001 (import of stack agent-prod as "agent-prod") is still IN_PROGRESS after 5 s; stopped waiting, the request continues in AWS. Follow it with: aws servicecatalog describe-record --id rec-slow0000001 --region ${REGION}`,
    );
    expect(sleep).toHaveBeenCalledTimes(5);
  });

  test('--register-closest-version registers the stack itself as <closest>-adopted-<stack>, then imports into it', async () => {
    const edited = JSON.parse(V1.text);
    edited.Parameters.LogRetentionDays.Default = 7;
    deployedStack(JSON.stringify(edited));
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(CreateProvisioningArtifactCommand).resolves({ ProvisioningArtifactDetail: { Id: 'pa-adopted000001', Name: 'v1.0.0-adopted-agent-prod' }, Status: 'AVAILABLE' });
    sc.on(ImportAsProvisionedProductCommand).resolves({ RecordDetail: { RecordId: 'rec-import00003' } });
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'SUCCEEDED', ProvisionedProductId: 'pp-adopted00002' } });
    const plan = await planAdoption(ctx(), repositoryReleases(), options({ registerClosestVersion: true }));
    expect(plan).toMatchObject({ action: 'register-and-import', serviceCatalog: { versionName: 'v1.0.0-adopted-agent-prod', versionId: undefined } });
    expect(renderAdoptionPlan(plan, false)).toContain(
      `1. CreateProvisioningArtifact on "${PRODUCT_NAME}" (${SC_PRODUCT_ID}): Name v1.0.0-adopted-agent-prod, Info.ImportFromPhysicalId ${stackArn(STACK)}`,
    );
    expect(renderAdoptionPlan(plan, false)).toContain('2. ImportAsProvisionedProduct: ProductId prod-publicip00001 ("Metadata agent - public IP"), ProvisioningArtifactId of v1.0.0-adopted-agent-prod (from step 1), ');
    const result = await applyAdoption(ctx(), plan);
    expect(sc.commandCalls(CreateProvisioningArtifactCommand)[0].args[0].input).toMatchObject({
      ProductId: SC_PRODUCT_ID,
      Parameters: { Name: 'v1.0.0-adopted-agent-prod', Type: 'CLOUD_FORMATION_TEMPLATE', Info: { ImportFromPhysicalId: stackArn(STACK) } },
    });
    expect(sc.commandCalls(ImportAsProvisionedProductCommand)[0].args[0].input.ProvisioningArtifactId).toBe('pa-adopted000001');
    expect(result.registeredVersion).toEqual({ id: 'pa-adopted000001', name: 'v1.0.0-adopted-agent-prod', reused: false });
  });

  test('a version registered by an earlier run is reused; a failed import then says what remains', async () => {
    deployedStack(withoutIdentity(V1.text));
    publishedProduct(['v1.0.0', 'v1.0.0-adopted-agent-prod']);
    noProvisionedProducts();
    sc.on(ImportAsProvisionedProductCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform servicecatalog:ImportAsProvisionedProduct'));
    const plan = await planAdoption(ctx(), repositoryReleases(), options({ registerClosestVersion: true }));
    expect(plan.serviceCatalog).toMatchObject({ versionName: 'v1.0.0-adopted-agent-prod', versionId: 'pa-v100adoptedagentprod' });
    expect(plan.notes).toContain('Version v1.0.0-adopted-agent-prod (pa-v100adoptedagentprod) already exists, probably from an earlier run: it is reused, not registered again.');
    await expect(applyAdoption(ctx(), plan)).rejects.toThrow(
      /^Service Catalog ImportAsProvisionedProduct for stack agent-prod as "agent-prod" in ap-northeast-1 was denied \(AccessDeniedException\): .* The caller needs servicecatalog:ImportAsProvisionedProduct/,
    );
    expect(sc.commandCalls(CreateProvisioningArtifactCommand)).toHaveLength(0);
  });

  test('a registration that fails stops before any import', async () => {
    deployedStack(withoutIdentity(V1.text));
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(CreateProvisioningArtifactCommand).rejects(awsError('InvalidParametersException', 'Cannot create a provisioning artifact for a shared product'));
    const plan = await planAdoption(ctx(), repositoryReleases(), options({ registerClosestVersion: true }));
    await expect(applyAdoption(ctx(), plan)).rejects.toThrow(
      `Service Catalog CreateProvisioningArtifact for version v1.0.0-adopted-agent-prod of "${PRODUCT_NAME}" (${SC_PRODUCT_ID}) in ${REGION} was rejected as invalid (InvalidParametersException): Cannot create a provisioning artifact for a shared product.`,
    );
    expect(sc.commandCalls(ImportAsProvisionedProductCommand)).toHaveLength(0);
  });

  test('a registered import that the API refuses says the new version remains and will be reused', async () => {
    deployedStack(withoutIdentity(V1.text));
    publishedProduct(['v1.0.0']);
    noProvisionedProducts();
    sc.on(CreateProvisioningArtifactCommand).resolves({ ProvisioningArtifactDetail: { Id: 'pa-adopted000002' }, Status: 'CREATING' });
    sc.on(ImportAsProvisionedProductCommand).rejects(awsError('InvalidStateException', 'Another import is in progress'));
    const plan = await planAdoption(ctx(), repositoryReleases(), options({ registerClosestVersion: true }));
    sc.on(DescribeProvisioningArtifactCommand).resolves({ Status: 'AVAILABLE' });
    await expect(applyAdoption(ctx(), plan)).rejects.toThrow(
      /was refused because of its current state \(InvalidStateException\): Another import is in progress\. .* Version v1\.0\.0-adopted-agent-prod \(pa-adopted000002\) was registered and remains; a re-run reuses it\.$/,
    );
    expect(sleep.mock.calls).toEqual([[1_000]]);
  });
});
