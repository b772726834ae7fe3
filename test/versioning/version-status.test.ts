import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudFormationProduct, CloudFormationTemplate } from 'aws-cdk-lib/aws-servicecatalog';
import { DeclaredVersionStatus, VERSION_STATUS_RESOURCE_TYPE, VersionStatus } from '../../products/versioning/status-resource/version-status';

// The construct packages the compiled output of the handler: jest's global setup compiles dist/ first (test/support/jest/global-setup.ts).

const ENV = { account: '111122223333', region: 'ap-northeast-1' };

function product(stack: Stack, id: string, versions: string[]): CloudFormationProduct {
  return new CloudFormationProduct(stack, id, {
    productName: id,
    owner: 'Vendor',
    productVersions: versions.map((productVersionName) => ({
      productVersionName,
      cloudFormationTemplate: CloudFormationTemplate.fromUrl(`https://example-bucket.s3.amazonaws.com/${id}/${productVersionName}.json`),
    })),
  });
}

function synth(statuses: { publicIp: DeclaredVersionStatus[]; natGateway?: DeclaredVersionStatus[] }) {
  const stack = new Stack(new App(), 'Catalog', { env: ENV });
  const publicIp = product(stack, 'PublicIp', ['v1.0.0', 'v1.1.0', 'v2.0.0']);
  new VersionStatus(stack, 'PublicIpStatus', { product: publicIp, versions: statuses.publicIp });
  const natGateway = product(stack, 'NatGateway', ['v1.0.0']);
  if (statuses.natGateway) new VersionStatus(stack, 'NatGatewayStatus', { product: natGateway, versions: statuses.natGateway });
  return { stack, template: Template.fromStack(stack), publicIpId: logicalId(stack, publicIp), natGatewayId: logicalId(stack, natGateway) };
}

function logicalId(stack: Stack, p: CloudFormationProduct): string {
  return stack.getLogicalId(p.node.defaultChild as never);
}

const PUBLIC_IP = [
  { name: 'v1.0.0', status: 'inactive' },
  { name: 'v1.1.0', status: 'deprecated' },
  { name: 'v2.0.0', status: 'active' },
] as const satisfies DeclaredVersionStatus[];

test('one custom resource per product, with its versions and the artifact ids as a change trigger', () => {
  const { template, publicIpId, natGatewayId } = synth({ publicIp: [...PUBLIC_IP], natGateway: [{ name: 'v1.0.0', status: 'active' }] });

  template.resourceCountIs(VERSION_STATUS_RESOURCE_TYPE, 2);
  template.hasResourceProperties(VERSION_STATUS_RESOURCE_TYPE, {
    ProductId: { Ref: publicIpId },
    Versions: [
      { Name: 'v1.0.0', Status: 'inactive' },
      { Name: 'v1.1.0', Status: 'deprecated' },
      { Name: 'v2.0.0', Status: 'active' },
    ],
    ProvisioningArtifactIds: { 'Fn::GetAtt': [publicIpId, 'ProvisioningArtifactIds'] },
  });
  template.hasResourceProperties(VERSION_STATUS_RESOURCE_TYPE, {
    ProductId: { Ref: natGatewayId },
    Versions: [{ Name: 'v1.0.0', Status: 'active' }],
  });
});

test('the custom resource depends on the product', () => {
  const { template, publicIpId } = synth({ publicIp: [...PUBLIC_IP] });

  template.hasResource(VERSION_STATUS_RESOURCE_TYPE, { DependsOn: Match.arrayWith([publicIpId]) });
});

test('a status change changes the custom resource properties', () => {
  const before = synth({ publicIp: [...PUBLIC_IP] }).template.findResources(VERSION_STATUS_RESOURCE_TYPE);
  const after = synth({ publicIp: [...PUBLIC_IP.slice(0, 2), { name: 'v2.0.0', status: 'deprecated' }] }).template.findResources(
    VERSION_STATUS_RESOURCE_TYPE,
  );

  const versions = (resources: Record<string, Record<string, { Versions?: unknown }>>) => Object.values(resources)[0].Properties.Versions;
  expect(versions(after)).not.toEqual(versions(before));
  expect(Object.keys(after)).toEqual(Object.keys(before));
});

test('one shared provider Lambda per stack, on Node.js 22, from the compiled handler', () => {
  const { template } = synth({ publicIp: [...PUBLIC_IP], natGateway: [{ name: 'v1.0.0', status: 'active' }] });

  // The handler plus the Provider framework's onEvent function, however many products.
  template.resourceCountIs('AWS::Lambda::Function', 2);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('UpdateProvisioningArtifact'),
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    LoggingConfig: { LogGroup: Match.anyValue() },
  });
});

test('the handler may list, describe and update artifacts of these products only', () => {
  const { template, publicIpId, natGatewayId } = synth({ publicIp: [...PUBLIC_IP], natGateway: [{ name: 'v1.0.0', status: 'active' }] });
  const productArn = (id: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:ap-northeast-1:111122223333:product/', { Ref: id }]],
  });
  const actions = [
    'servicecatalog:ListProvisioningArtifacts',
    'servicecatalog:DescribeProvisioningArtifact',
    'servicecatalog:UpdateProvisioningArtifact',
  ];

  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        { Effect: 'Allow', Action: actions, Resource: productArn(publicIpId) },
        { Effect: 'Allow', Action: actions, Resource: productArn(natGatewayId) },
      ]),
    },
  });
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
  );
  expect(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('servicecatalog:')) && s.Resource === '*')).toEqual([]);
});

test('invalid declarations are refused at synth time', () => {
  expect(() => synth({ publicIp: [{ name: 'v9.9.9', status: 'deprecated' }] })).toThrow(
    'Catalog/PublicIpStatus: the product has no version named v9.9.9; its versions are: v1.0.0, v1.1.0, v2.0.0',
  );
  expect(() => synth({ publicIp: [{ name: 'v1.0.0', status: 'active' }, { name: 'v1.0.0', status: 'inactive' }] })).toThrow(
    'v1.0.0 is declared twice',
  );
  expect(() => synth({ publicIp: [{ name: 'v1.0.0', status: 'retired' as never }] })).toThrow(
    "status 'retired' is not one of active, deprecated, inactive",
  );
  expect(() => synth({ publicIp: [] })).toThrow('declare the status of at least one version');
});
