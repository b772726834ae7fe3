import { ListProvisioningArtifactsCommand, ServiceCatalogClient, UpdateProvisioningArtifactCommand } from '@aws-sdk/client-service-catalog';
import type { ProvisioningArtifactDetail } from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { artifactIdAttribute as handlerAttribute, handler, onEvent, OnEventRequest } from '../../products/versioning/status-resource/handler';
import { artifactIdAttribute as constructAttribute } from '../../products/versioning/status-resource/version-status';

const sc = mockClient(ServiceCatalogClient);
const PRODUCT = 'prod-abcdefghijklm';

let sleep: jest.Mock<Promise<void>, [number]>;
const options = () => ({ sleep, log: () => undefined });

function event(RequestType: OnEventRequest['RequestType'], versions: { Name: string; Status: string }[]): OnEventRequest {
  return {
    RequestType,
    PhysicalResourceId: RequestType === 'Create' ? undefined : `${PRODUCT}-version-status`,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider', ProductId: PRODUCT, Versions: versions },
  };
}

// Artifact ids deliberately unrelated to the names: resolution must go by name.
function artifacts(...details: ProvisioningArtifactDetail[]): void {
  sc.on(ListProvisioningArtifactsCommand, { ProductId: PRODUCT }).resolves({ ProvisioningArtifactDetails: details });
}
const v100 = (state: Partial<ProvisioningArtifactDetail> = {}) => ({ Id: 'pa-zzz', Name: 'v1.0.0', Active: true, Guidance: 'DEFAULT' as const, ...state });
const v110 = (state: Partial<ProvisioningArtifactDetail> = {}) => ({ Id: 'pa-aaa', Name: 'v1.1.0', Active: true, Guidance: 'DEFAULT' as const, ...state });
const v200 = (state: Partial<ProvisioningArtifactDetail> = {}) => ({ Id: 'pa-mmm', Name: 'v2.0.0', Active: true, Guidance: 'DEFAULT' as const, ...state });

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

beforeEach(() => {
  sc.reset();
  sleep = jest.fn(async (_ms: number) => undefined);
});

test('applies deprecated and inactive to the artifacts found by name', async () => {
  artifacts(v200(), v110(), v100());
  sc.on(UpdateProvisioningArtifactCommand).resolves({});

  const result = await onEvent(
    event('Create', [
      { Name: 'v1.0.0', Status: 'inactive' },
      { Name: 'v1.1.0', Status: 'deprecated' },
      { Name: 'v2.0.0', Status: 'active' },
    ]),
    options(),
  );

  expect(sc.commandCalls(UpdateProvisioningArtifactCommand).map((c) => c.args[0].input)).toEqual([
    { ProductId: PRODUCT, ProvisioningArtifactId: 'pa-zzz', Active: false, Guidance: 'DEPRECATED' },
    { ProductId: PRODUCT, ProvisioningArtifactId: 'pa-aaa', Active: true, Guidance: 'DEPRECATED' },
  ]);
  expect(result).toEqual({
    PhysicalResourceId: `${PRODUCT}-version-status`,
    // The artifact id of each declared version, by name (the self-service action associations read them).
    Data: { Updated: 'v1.0.0,v1.1.0', Unchanged: 'v2.0.0', ArtifactId_v1_0_0: 'pa-zzz', ArtifactId_v1_1_0: 'pa-aaa', ArtifactId_v2_0_0: 'pa-mmm' },
  });
});

test('the artifact id attribute names agree between the handler and the construct that reads them', () => {
  for (const version of ['v1.0.0', 'v10.2.33']) expect(handlerAttribute(version)).toBe(constructAttribute(version));
  expect(handlerAttribute('v10.2.33')).toBe('ArtifactId_v10_2_33');
});

test('re-activates a deprecated or inactive version', async () => {
  artifacts(v100({ Active: false, Guidance: 'DEPRECATED' }), v110({ Guidance: 'DEPRECATED' }));
  sc.on(UpdateProvisioningArtifactCommand).resolves({});

  await onEvent(event('Update', [{ Name: 'v1.0.0', Status: 'active' }, { Name: 'v1.1.0', Status: 'active' }]), options());

  expect(sc.commandCalls(UpdateProvisioningArtifactCommand).map((c) => c.args[0].input)).toEqual([
    { ProductId: PRODUCT, ProvisioningArtifactId: 'pa-zzz', Active: true, Guidance: 'DEFAULT' },
    { ProductId: PRODUCT, ProvisioningArtifactId: 'pa-aaa', Active: true, Guidance: 'DEFAULT' },
  ]);
});

test('makes no Update call when every version is already in its state', async () => {
  artifacts(v100({ Active: false, Guidance: 'DEPRECATED' }), v110({ Guidance: 'DEPRECATED' }), { Id: 'pa-mmm', Name: 'v2.0.0' });

  const result = await onEvent(
    event('Update', [
      { Name: 'v1.0.0', Status: 'inactive' },
      { Name: 'v1.1.0', Status: 'deprecated' },
      // Absent Active/Guidance mean an active, DEFAULT artifact.
      { Name: 'v2.0.0', Status: 'active' },
    ]),
    options(),
  );

  expect(sc.commandCalls(UpdateProvisioningArtifactCommand)).toHaveLength(0);
  expect(result.Data).toMatchObject({ Updated: '', Unchanged: 'v1.0.0,v1.1.0,v2.0.0' });
});

test('versions not declared are left alone', async () => {
  artifacts(v100({ Guidance: 'DEPRECATED' }), v110());
  sc.on(UpdateProvisioningArtifactCommand).resolves({});

  await onEvent(event('Update', [{ Name: 'v1.1.0', Status: 'deprecated' }]), options());

  expect(sc.commandCalls(UpdateProvisioningArtifactCommand).map((c) => c.args[0].input.ProvisioningArtifactId)).toEqual(['pa-aaa']);
});

test('an unknown version name fails listing the known names, before any update', async () => {
  artifacts(v110(), v100());

  await expect(
    onEvent(event('Update', [{ Name: 'v1.0.0', Status: 'deprecated' }, { Name: 'v9.9.9', Status: 'inactive' }]), options()),
  ).rejects.toThrow(`Product ${PRODUCT} has no version named v9.9.9; its versions are: v1.0.0, v1.1.0.`);
  expect(sc.commandCalls(UpdateProvisioningArtifactCommand)).toHaveLength(0);
});

test('two artifacts with the same name are refused', async () => {
  artifacts(v100(), v100({ Id: 'pa-dup' }));

  await expect(onEvent(event('Update', [{ Name: 'v1.0.0', Status: 'deprecated' }]), options())).rejects.toThrow(
    `Product ${PRODUCT} has several artifacts named v1.0.0`,
  );
});

test('throttling is retried with exponential backoff, then succeeds', async () => {
  sc.on(ListProvisioningArtifactsCommand)
    .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
    .resolves({ ProvisioningArtifactDetails: [v100()] });
  sc.on(UpdateProvisioningArtifactCommand)
    .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
    .rejectsOnce(awsError('TooManyRequestsException', 'Too many requests'))
    .resolves({});

  const result = await onEvent(event('Create', [{ Name: 'v1.0.0', Status: 'deprecated' }]), options());

  expect(result.Data.Updated).toBe('v1.0.0');
  expect(sc.commandCalls(UpdateProvisioningArtifactCommand)).toHaveLength(3);
  expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1_000, 1_000, 2_000]);
});

test('persistent throttling and other errors fail with the call named', async () => {
  artifacts(v100());
  sc.on(UpdateProvisioningArtifactCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
  await expect(onEvent(event('Create', [{ Name: 'v1.0.0', Status: 'inactive' }]), { ...options(), maxAttempts: 2 })).rejects.toThrow(
    `UpdateProvisioningArtifact ${PRODUCT} v1.0.0 failed: ThrottlingException: Rate exceeded`,
  );

  sc.reset();
  sc.on(ListProvisioningArtifactsCommand).rejects(awsError('ResourceNotFoundException', 'Product not found'));
  await expect(onEvent(event('Create', [{ Name: 'v1.0.0', Status: 'inactive' }]), options())).rejects.toThrow(
    `ListProvisioningArtifacts ${PRODUCT} failed: ResourceNotFoundException: Product not found`,
  );
});

test('invalid properties fail before any call', async () => {
  await expect(onEvent(event('Create', [{ Name: 'v1.0.0', Status: 'retired' }]), options())).rejects.toThrow(
    'Versions[0].Status: "retired" is not one of active, deprecated, inactive',
  );
  await expect(
    onEvent(event('Create', [{ Name: 'v1.0.0', Status: 'active' }, { Name: 'v1.0.0', Status: 'inactive' }]), options()),
  ).rejects.toThrow('Versions[1].Name: v1.0.0 is declared twice');
  expect(sc.calls()).toHaveLength(0);
});

test('delete does nothing', async () => {
  const result = await handler(event('Delete', [{ Name: 'v1.0.0', Status: 'inactive' }]));

  expect(result).toEqual({ PhysicalResourceId: `${PRODUCT}-version-status`, Data: {} });
  expect(sc.calls()).toHaveLength(0);
});
