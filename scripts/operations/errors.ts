/**
 * Every AWS call of an operation goes through `callAws`: it retries throttling with exponential backoff and
 * turns any other AWS error into one message that names the service, the operation, what it was about, the
 * region and what to do (for AccessDenied: the IAM action the caller lacks).
 */
import type { OperationsContext } from './aws-clients';

/** An expected failure of an operation: printed by the CLI as one message, no stack trace. */
export class OperationError extends Error {
  readonly userFacing = true;
  readonly exitCode = 1;
  constructor(
    message: string,
    /** The AWS error name, when an AWS error caused it. */
    readonly awsErrorName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OperationError';
  }
}

export interface AwsCall {
  readonly service: 'CloudFormation' | 'Service Catalog';
  /** API operation name, e.g. ImportAsProvisionedProduct. */
  readonly operation: string;
  /** What the call is about, for the message: "stack agent-prod", "product prod-abc". */
  readonly subject: string;
}

// Throttling error names of the Service Catalog and CloudFormation APIs (and the SDK's generic ones).
const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'NotAuthorized']);
const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError', 'UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'InvalidSignatureException',
]);

/** Calls that make Service Catalog read CloudFormation as the caller (API reference of each operation). */
const ALSO_NEEDED: Record<string, string> = {
  ImportAsProvisionedProduct: ', plus cloudformation:GetTemplate and cloudformation:DescribeStacks on the stack',
  CreateProvisioningArtifact: ', plus cloudformation:GetTemplate on the stack (ImportFromPhysicalId reads its template)',
};

/** What a refusal for the current state means for calls with their own rules (API reference of each operation). */
const STATE_HINT: Record<string, string> = {
  CreateProvisionedProductPlan:
    'A provisioned product can have one plan, and only an AVAILABLE or TAINTED one can be planned: list its plans with ' +
    '`aws servicecatalog list-provisioned-product-plans --provision-product-id ID` and have whoever made the plan execute or delete it, then re-run.',
};

export function awsErrorName(error: unknown): string {
  if (error && typeof error === 'object' && typeof (error as { name?: unknown }).name === 'string') return (error as { name: string }).name;
  return 'Error';
}

function awsErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+$/, '').replace(/\.$/, '');
}

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(awsErrorName(error));
}

/** Calls AWS; retries while throttled (doubling delays from baseDelayMs, capped at 20 s); maps every other error. */
export async function callAws<T>(ctx: OperationsContext, call: AwsCall, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (isThrottling(error) && attempt < ctx.maxAttempts) {
        const delay = Math.min(20_000, ctx.baseDelayMs * 2 ** (attempt - 1));
        ctx.log(`${call.service} ${call.operation} (${call.subject}): throttled (${awsErrorName(error)}), attempt ${attempt}/${ctx.maxAttempts}, retrying in ${delay} ms`);
        await ctx.sleep(delay);
        continue;
      }
      throw new OperationError(describeAwsError(ctx.region, call, error, attempt), awsErrorName(error), { cause: error });
    }
  }
}

/** The IAM action a call needs: the service prefix plus the API operation name. */
export function iamAction(call: AwsCall): string {
  return `${call.service === 'CloudFormation' ? 'cloudformation' : 'servicecatalog'}:${call.operation}`;
}

export function describeAwsError(region: string, call: AwsCall, error: unknown, attempts = 1): string {
  const name = awsErrorName(error);
  const detail = awsErrorMessage(error);
  const what = `${call.service} ${call.operation} for ${call.subject} in ${region}`;
  if (THROTTLING.has(name)) {
    return `${what} was throttled (${name}) ${attempts} times in a row; nothing more was sent. Wait a minute and re-run, or ask for a higher API rate quota.`;
  }
  if (ACCESS_DENIED.has(name)) {
    return `${what} was denied (${name}): ${detail}. The caller needs ${iamAction(call)}${ALSO_NEEDED[call.operation] ?? ''}.`;
  }
  if (BAD_CREDENTIALS.has(name)) {
    return `${what} could not authenticate (${name}): ${detail}. Configure AWS credentials (AWS_PROFILE, SSO login or environment) for the account that owns it.`;
  }
  // CloudFormation reports a missing stack as ValidationError "Stack with id X does not exist".
  if (name === 'ResourceNotFoundException' || (name === 'ValidationError' && /does not exist/i.test(detail))) {
    return `${what}: not found (${name}): ${detail}. Check the name and the region (--region).`;
  }
  if (name === 'InvalidParametersException' || name === 'ValidationError' || name === 'ValidationException') {
    return `${what} was rejected as invalid (${name}): ${detail}.`;
  }
  if (name === 'InvalidStateException') {
    return `${what} was refused because of its current state (${name}): ${detail}. ${STATE_HINT[call.operation] ?? 'Wait for running operations to finish, then re-run.'}`;
  }
  if (name === 'DuplicateResourceException') return `${what}: it already exists (${name}): ${detail}.`;
  if (name === 'LimitExceededException') return `${what}: a Service Catalog quota is reached (${name}): ${detail}.`;
  return `${what} failed (${name}): ${detail}.`;
}
