import * as fs from 'fs';
import * as path from 'path';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { repoRoot } from '../products/shared/repo-root';

/**
 * cdk.json's context is the one place the catalog's feature flags are decided. The CDK CLI hands it to
 * `portfolios/app.ts`; `catalog` and the tests build their App with the same context through this function, so the
 * portfolio, launch-role and StackSet stacks are the same whichever client synthesizes them. Product templates never
 * see it (products/shared/template-app.ts).
 */
export function cdkJsonContext(): Record<string, unknown> {
  const file = path.join(repoRoot(), 'cdk.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return { ...json.context };
}

/** The feature flags in effect at a construct (its app's context restricted to aws-cdk-lib's flag names). */
export function featureFlagsOf(scope: IConstruct): Record<string, unknown> {
  const context = scope.node.getAllContext() as Record<string, unknown>;
  return Object.fromEntries(Object.entries(context).filter(([key, value]) => key in FLAGS && value !== undefined));
}
