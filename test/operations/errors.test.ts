import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { callAws, OperationError } from '../../scripts/operations/errors';
import { awsError, testContext } from './fixtures';

const call = { service: 'Service Catalog', operation: 'ImportAsProvisionedProduct', subject: 'stack agent-prod' } as const;
let sleep: jest.Mock;
const ctx = () => testContext(new ServiceCatalogClient({ region: 'ap-northeast-1' }), new CloudFormationClient({ region: 'ap-northeast-1' }), sleep);

beforeEach(() => {
  sleep = jest.fn(async () => undefined);
});

test('retries throttling with doubling delays, then returns the result', async () => {
  const send = jest.fn()
    .mockRejectedValueOnce(awsError('ThrottlingException', 'Rate exceeded'))
    .mockRejectedValueOnce(awsError('TooManyRequestsException', 'Too many requests'))
    .mockResolvedValueOnce('done');
  await expect(callAws(ctx(), call, send)).resolves.toBe('done');
  expect(sleep.mock.calls).toEqual([[100], [200]]);
});

test('gives up after maxAttempts throttled attempts with a message saying so', async () => {
  const send = jest.fn().mockRejectedValue(awsError('ThrottlingException', 'Rate exceeded'));
  await expect(callAws(ctx(), call, send)).rejects.toThrow(
    'Service Catalog ImportAsProvisionedProduct for stack agent-prod in ap-northeast-1 was throttled (ThrottlingException) 4 times in a row; nothing more was sent.',
  );
  expect(send).toHaveBeenCalledTimes(4);
});

test.each([
  ['AccessDeniedException', 'User is not authorized', /was denied \(AccessDeniedException\): User is not authorized\. The caller needs servicecatalog:ImportAsProvisionedProduct, plus cloudformation:GetTemplate and cloudformation:DescribeStacks on the stack\.$/],
  ['ResourceNotFoundException', 'Product not found', /: not found \(ResourceNotFoundException\): Product not found\. Check the name and the region \(--region\)\.$/],
  ['InvalidParametersException', 'Template does not match', /was rejected as invalid \(InvalidParametersException\): Template does not match\.$/],
  ['InvalidStateException', 'Another import is in progress', /refused because of its current state \(InvalidStateException\): Another import is in progress\. Wait for running operations to finish/],
  ['ExpiredTokenException', 'The security token included in the request is expired', /could not authenticate \(ExpiredTokenException\).*Configure AWS credentials/],
])('%s becomes one clear, user-facing message', async (name, message, expected) => {
  const error = await callAws(ctx(), call, () => Promise.reject(awsError(name, message))).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OperationError);
  expect((error as OperationError).userFacing).toBe(true);
  expect((error as OperationError).awsErrorName).toBe(name);
  expect((error as Error).message).toMatch(expected);
  expect(sleep).not.toHaveBeenCalled();
});

test('a CloudFormation "does not exist" ValidationError reads as not found', async () => {
  const error = await callAws(ctx(), { service: 'CloudFormation', operation: 'DescribeStacks', subject: 'stack gone' }, () =>
    Promise.reject(awsError('ValidationError', 'Stack with id gone does not exist')),
  ).catch((e: Error) => e);
  expect(error.message).toBe(
    'CloudFormation DescribeStacks for stack gone in ap-northeast-1: not found (ValidationError): Stack with id gone does not exist. Check the name and the region (--region).',
  );
});
