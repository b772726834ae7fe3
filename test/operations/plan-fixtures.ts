/**
 * nat-gateway with its two real released snapshots (v1.0.0 → v1.1.0: compatible offline, Elastic IPs kept) and the
 * Service Catalog responses of the plan flow. Response shapes from the API reference:
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreateProvisionedProductPlan.html
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_DescribeProvisionedProductPlan.html
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ResourceChange.html (and ResourceChangeDetail,
 *   ResourceTargetDefinition: Attribute, Name, RequiresRecreation ALWAYS | CONDITIONALLY | NEVER)
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ExecuteProvisionedProductPlan.html (RecordDetail)
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/API_ProvisionedProductDetail.html
 */
import {
  CreateProvisionedProductPlanCommand,
  DeleteProvisionedProductPlanCommand,
  DescribeProductAsAdminCommand,
  DescribeProvisionedProductCommand,
  DescribeProvisionedProductPlanCommand,
  DescribeRecordCommand,
  ExecuteProvisionedProductPlanCommand,
  ListProvisioningArtifactsCommand,
  SearchProvisionedProductsCommand,
  type ProvisionedProductAttribute,
  type ResourceChange,
  type ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { repositoryReleases, type CatalogReleases } from '../../scripts/operations/catalog-versions';
import { ACCOUNT, stackArn } from './fixtures';

type ScMock = AwsClientStub<ServiceCatalogClient>;

const repository = repositoryReleases();
export const NAT = 'nat-gateway';
export const NAT_NAME = repository.products.find((p) => p.id === NAT)!.name;
export const NAT_PRODUCT_ID = 'prod-natgateway0001';
export const NAT_ARTIFACTS: Record<string, string> = { 'v1.0.0': 'pa-nat100000000001', 'v1.1.0': 'pa-nat110000000001' };
export const NAT_V1 = repository.versions(NAT).find((v) => v.version === 'v1.0.0')!;
export const NAT_V1_1 = repository.versions(NAT).find((v) => v.version === 'v1.1.0')!;

/** nat-gateway with v1.0.0 and v1.1.0 released (the real snapshots). */
export const NAT_RELEASES: CatalogReleases = {
  products: repository.products,
  versions: (productId) => (productId === NAT ? [NAT_V1, NAT_V1_1] : []),
};

export function natProduct(name: string, version = 'v1.0.0', status = 'AVAILABLE', extra: Partial<ProvisionedProductAttribute> = {}): ProvisionedProductAttribute {
  return {
    Id: `pp-${name.replace(/[^a-z0-9]/g, '')}`,
    Name: name,
    Status: status as ProvisionedProductAttribute['Status'],
    ProductId: NAT_PRODUCT_ID,
    ProvisioningArtifactName: version,
    ProvisioningArtifactId: NAT_ARTIFACTS[version],
    PhysicalId: stackArn(`SC-${ACCOUNT}-${name}`),
    LastRecordId: `rec-before-${name}`,
    Type: 'CFN_STACK',
    ...extra,
  };
}

export function publishNat(sc: ScMock, products: ProvisionedProductAttribute[]): void {
  sc.on(DescribeProductAsAdminCommand, { Name: NAT_NAME }).resolves({ ProductViewDetail: { ProductViewSummary: { ProductId: NAT_PRODUCT_ID, Name: NAT_NAME } } });
  sc.on(ListProvisioningArtifactsCommand, { ProductId: NAT_PRODUCT_ID }).resolves({
    ProvisioningArtifactDetails: Object.entries(NAT_ARTIFACTS).map(([Name, Id]) => ({ Id, Name, Active: true, Guidance: 'DEFAULT' })),
  });
  sc.on(SearchProvisionedProductsCommand).resolves({ ProvisionedProducts: products });
}

/** CloudFormation replaces the Elastic IP (a Domain drifted in the running stack) and so, maybe, the NAT gateway. */
export const EIP_REPLACED: ResourceChange[] = [
  {
    Action: 'MODIFY',
    LogicalResourceId: 'NatEgressAddress1',
    PhysicalResourceId: '203.0.113.10',
    ResourceType: 'AWS::EC2::EIP',
    Replacement: 'TRUE',
    Scope: ['PROPERTIES'],
    Details: [{ Target: { Attribute: 'PROPERTIES', Name: 'Domain', RequiresRecreation: 'ALWAYS' }, Evaluation: 'STATIC', CausingEntity: '' }],
  },
  {
    Action: 'MODIFY',
    LogicalResourceId: 'NatGateway1',
    PhysicalResourceId: 'nat-0a1b2c3d4e5f60001',
    ResourceType: 'AWS::EC2::NatGateway',
    Replacement: 'CONDITIONAL',
    Scope: ['PROPERTIES'],
    Details: [{ Target: { Attribute: 'PROPERTIES', Name: 'AllocationId', RequiresRecreation: 'ALWAYS' }, Evaluation: 'DYNAMIC', CausingEntity: 'NatEgressAddress1.AllocationId' }],
  },
];

/** What v1.0.0 → v1.1.0 really changes in place (no replacement): the offline analysis agrees. */
export const IN_PLACE: ResourceChange[] = [
  {
    Action: 'MODIFY',
    LogicalResourceId: 'AgentJobDefinition',
    PhysicalResourceId: 'arn:aws:batch:ap-northeast-1:111122223333:job-definition/SC-agent:2',
    ResourceType: 'AWS::Batch::JobDefinition',
    Replacement: 'FALSE',
    Scope: ['PROPERTIES'],
    Details: [{ Target: { Attribute: 'PROPERTIES', Name: 'ContainerProperties', RequiresRecreation: 'NEVER' }, Evaluation: 'STATIC', CausingEntity: '' }],
  },
];

/**
 * Plans named after the provisioned product (plan-<pp id>); each computes to `changes[name]` (default IN_PLACE) after
 * one CREATE_IN_PROGRESS answer; executing one starts record rec-<plan id>, which succeeds.
 */
export function plansCompute(sc: ScMock, changes: Record<string, ResourceChange[] | { status: string; message: string }> = {}): void {
  const seen = new Set<string>();
  sc.on(CreateProvisionedProductPlanCommand).callsFake((input) => ({
    PlanId: `plan-${input.ProvisionedProductName}`,
    PlanName: input.PlanName,
    ProvisionedProductName: input.ProvisionedProductName,
    ProvisioningArtifactId: input.ProvisioningArtifactId,
  }));
  sc.on(DescribeProvisionedProductPlanCommand).callsFake((input) => {
    const name = String(input.PlanId).replace(/^plan-/, '');
    const details = { PlanId: input.PlanId, PlanName: 'catalog-upgrade', PlanType: 'CLOUDFORMATION', ProvisionProductName: name, ProvisioningArtifactId: NAT_ARTIFACTS['v1.1.0'] };
    if (!seen.has(input.PlanId)) {
      seen.add(input.PlanId);
      return { ProvisionedProductPlanDetails: { ...details, Status: 'CREATE_IN_PROGRESS' }, ResourceChanges: [] };
    }
    const outcome = changes[name] ?? IN_PLACE;
    if (!Array.isArray(outcome)) return { ProvisionedProductPlanDetails: { ...details, Status: outcome.status, StatusMessage: outcome.message }, ResourceChanges: [] };
    return { ProvisionedProductPlanDetails: { ...details, Status: 'CREATE_SUCCESS' }, ResourceChanges: outcome };
  });
  sc.on(ExecuteProvisionedProductPlanCommand).callsFake((input) => ({ RecordDetail: { RecordId: `rec-${input.PlanId}`, Status: 'CREATED', RecordType: 'UPDATE_PROVISIONED_PRODUCT' } }));
  sc.on(DescribeRecordCommand).resolves({ RecordDetail: { Status: 'SUCCEEDED' } });
  sc.on(DeleteProvisionedProductPlanCommand).resolves({});
  // Read after a failure (what state it was left in) and when a run resumes.
  sc.on(DescribeProvisionedProductCommand).resolves({ ProvisionedProductDetail: { Status: 'AVAILABLE' } });
}
