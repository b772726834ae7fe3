const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * The ECR repository ARN of a private ECR image reference, so the execution role can pull exactly that
 * repository; undefined for images of other registries (public registries need no IAM permission).
 */
export function ecrRepositoryArn(image: string): string | undefined {
  const m = ECR_IMAGE.exec(image);
  if (!m) return undefined;
  const [, account, region, china, repository] = m;
  return `arn:${china ? 'aws-cn' : 'aws'}:ecr:${region}:${account}:repository/${repository}`;
}
