/**
 * Everything an operation (`catalog adopt`, `catalog upgrade`) needs from the outside world, injectable:
 * the AWS SDK v3 clients, the region they talk to, how to wait, and the bounds on waiting and retrying.
 * Commands build it with `operationsContext({ region })`; tests pass mocked clients and an instant sleep.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { CliError } from '../cli-error';

export interface OperationsContext {
  readonly region: string;
  readonly serviceCatalog: ServiceCatalogClient;
  readonly cloudFormation: CloudFormationClient;
  /** Waits between polls and between throttled attempts. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress lines (stderr in the CLI, so `--json` output on stdout stays clean). */
  readonly log: (message: string) => void;
  /** Interval between DescribeRecord polls. */
  readonly pollIntervalMs: number;
  /** Give up waiting for one record after this long (the operation itself continues in AWS). */
  readonly maxWaitMs: number;
  /** Give up waiting for CloudFormation to compute one provisioned product plan (a change set) after this long. */
  readonly planMaxWaitMs: number;
  /** Attempts per call while AWS throttles (ThrottlingException / TooManyRequests). */
  readonly maxAttempts: number;
  /** First backoff delay; doubles per attempt, capped at 20 s. */
  readonly baseDelayMs: number;
}

/**
 * Defaults of the CLI. Updating a Batch compute environment or replacing subnets can take tens of minutes,
 * so one record may be waited on for up to an hour. Tests replace `sleep` here to run the CLI instantly.
 */
export const operationsDefaults = {
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  log: (message: string): void => {
    process.stderr.write(`${message}\n`);
  },
  pollIntervalMs: 10_000,
  maxWaitMs: 60 * 60_000,
  // A change set of a stack of this size is computed in well under a minute; 15 minutes means something is stuck.
  planMaxWaitMs: 15 * 60_000,
  maxAttempts: 6,
  baseDelayMs: 1_000,
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The region to operate in: the flag, else AWS_REGION / AWS_DEFAULT_REGION. Refuses anything else. */
export function resolveRegion(flag: string | undefined): string {
  const region = flag ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') {
    throw new CliError('--region: required (or set AWS_REGION); the region where the stack or the provisioned products live, e.g. ap-northeast-1');
  }
  if (!REGION.test(region)) throw new CliError(`--region: got "${region}", allowed: an AWS region name such as ap-northeast-1 or us-east-1`);
  return region;
}

export function operationsContext(options: Partial<OperationsContext> & { region: string }): OperationsContext {
  return {
    ...operationsDefaults,
    ...options,
    serviceCatalog: options.serviceCatalog ?? new ServiceCatalogClient({ region: options.region }),
    cloudFormation: options.cloudFormation ?? new CloudFormationClient({ region: options.region }),
  };
}
