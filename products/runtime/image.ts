const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/;

/** A private ECR image reference taken apart. */
export interface EcrImage {
  readonly account: string;
  readonly region: string;
  readonly partition: 'aws' | 'aws-cn';
  /** amazonaws.com, or amazonaws.com.cn in the China regions. */
  readonly domainSuffix: string;
  readonly repository: string;
}

/** The registry account, region and repository of a private ECR image; undefined for any other registry. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const m = ECR_IMAGE.exec(image);
  if (!m) return undefined;
  const [, account, region, china, repository] = m;
  return { account, region, partition: china ? 'aws-cn' : 'aws', domainSuffix: china ? 'amazonaws.com.cn' : 'amazonaws.com', repository };
}

/**
 * The ECR repository ARN of a private ECR image reference, so the execution role can pull exactly that
 * repository; undefined for images of other registries (public registries need no IAM permission).
 */
export function ecrRepositoryArn(image: string): string | undefined {
  const ecr = parseEcrImage(image);
  return ecr && `arn:${ecr.partition}:ecr:${ecr.region}:${ecr.account}:repository/${ecr.repository}`;
}
