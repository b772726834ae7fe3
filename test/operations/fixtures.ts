/**
 * Released versions and AWS responses for the operations tests. The real public-ip v1.0.0 snapshot, plus two
 * derived versions offered through an injected CatalogReleases: v1.1.0 (adds an optional parameter: compatible)
 * and v2.0.0 (a literal VPC CIDR: the VPC is replaced, breaking).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeProductAsAdminCommand,
  ListProvisioningArtifactsCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
  type ListProvisioningArtifactsCommandOutput,
  type ProvisionedProductAttribute,
} from '@aws-sdk/client-service-catalog';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff';
import { operationsContext, type OperationsContext } from '../../scripts/operations/aws-clients';
import { repositoryReleases, type CatalogReleases, type ReleasedVersion } from '../../scripts/operations/catalog-versions';

export const REGION = 'ap-northeast-1';
export const ACCOUNT = '111122223333';
export const PRODUCT_NAME = 'Metadata agent - public IP';
export const SC_PRODUCT_ID = 'prod-publicip00001';
export const ARTIFACT_IDS: Record<string, string> = { 'v1.0.0': 'pa-v100000000001', 'v1.1.0': 'pa-v110000000001', 'v2.0.0': 'pa-v200000000001' };

export function stackArn(name: string): string {
  return `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
}

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

const repository = repositoryReleases();
export const V1: ReleasedVersion = repository.versions('public-ip')[0];

function derived(version: string, edit: (t: CfnTemplate) => void): ReleasedVersion {
  const template = JSON.parse(V1.text) as CfnTemplate;
  (template.Metadata as Record<string, { Version: string }>).AgentNetworkCatalog.Version = version;
  edit(template);
  const text = `${JSON.stringify(template, null, 1)}\n`;
  return { productId: 'public-ip', version, text, template: JSON.parse(text) as CfnTemplate };
}

export const V1_1 = derived('v1.1.0', (t) => {
  (t.Parameters as Record<string, unknown>).AgentLabel = { Type: 'String', Default: 'agent', Description: 'Label of the agent jobs' };
});

export const V2 = derived('v2.0.0', (t) => {
  (t.Resources.Vpc.Properties as Record<string, unknown>).CidrBlock = '10.9.0.0/16';
});

/** public-ip with v1.0.0, v1.1.0 and v2.0.0 released. */
export const THREE_RELEASES: CatalogReleases = {
  products: repository.products,
  versions: (productId) => (productId === 'public-ip' ? [V1, V1_1, V2] : []),
};

export function testContext(sc: ServiceCatalogClient, cfn: CloudFormationClient, sleep: jest.Mock): OperationsContext {
  return operationsContext({
    region: REGION,
    serviceCatalog: sc,
    cloudFormation: cfn,
    sleep,
    log: () => undefined,
    pollIntervalMs: 1_000,
    maxWaitMs: 5_000,
    maxAttempts: 4,
    baseDelayMs: 100,
  });
}

export function publishedArtifacts(names = ['v1.0.0', 'v1.1.0', 'v2.0.0']): ListProvisioningArtifactsCommandOutput {
  return {
    $metadata: {}, ProvisioningArtifactDetails: names.map((Name) => ({ Id: ARTIFACT_IDS[Name] ?? `pa-${Name.replace(/[^a-z0-9]/g, '')}`, Name, Active: true, Guidance: 'DEFAULT' as const })) };
}

/** A public-ip provisioned product as SearchProvisionedProducts returns it (API_ProvisionedProductAttribute). */
export function provisionedProduct(name: string, version: string, status = 'AVAILABLE', extra: Partial<ProvisionedProductAttribute> = {}): ProvisionedProductAttribute {
  return {
    Id: `pp-${name}`,
    Name: name,
    Status: status as ProvisionedProductAttribute['Status'],
    ProductId: SC_PRODUCT_ID,
    ProvisioningArtifactName: version,
    ProvisioningArtifactId: ARTIFACT_IDS[version],
    PhysicalId: stackArn(`SC-111122223333-${name}`),
    LastRecordId: `rec-last-${name}`,
    Type: 'CFN_STACK',
    ...extra,
  };
}

/** public-ip published with v1.0.0, v1.1.0 and v2.0.0, and these provisioned products. */
export function publishPublicIp(sc: AwsClientStub<ServiceCatalogClient>, products: ProvisionedProductAttribute[]): void {
  sc.on(DescribeProductAsAdminCommand, { Name: PRODUCT_NAME }).resolves({ ProductViewDetail: { ProductViewSummary: { ProductId: SC_PRODUCT_ID, Name: PRODUCT_NAME } } });
  sc.on(ListProvisioningArtifactsCommand, { ProductId: SC_PRODUCT_ID }).resolves(publishedArtifacts());
  sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: products });
}
