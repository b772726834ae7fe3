import * as fs from 'fs';
import * as path from 'path';
import { PRODUCT_IDS } from '../../products/shared/identity';
import { snapshotDir } from '../../products/versioning/release-records';
import { readTemplate } from '../support/catalog';
import { defaultConfig } from '../support/catalog';
import { evaluate } from '../support/iam-evaluate';
import { auditKnowsType, launchRoleStatements } from '../support/launch-role-audit';

/**
 * The launch role must be able to create, update and delete every resource type any released product version
 * contains (Service Catalog provisions with the launch role only). Which actions each type needs is no longer kept
 * here by hand: test/governance/launch-role-permissions.test.ts derives them from CloudFormation's resource provider
 * schemas and checks them with the real ARNs and conditions. This file keeps the quick guard that every released
 * type is one that audit can check, and that the policy evaluator is not vacuous.
 */

/** Resource types of every released version of every product, with the products using each. */
function productResourceTypes(): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const productId of PRODUCT_IDS) {
    const dir = snapshotDir(productId);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.product.template.json'))) {
      for (const resource of Object.values(readTemplate(path.join(dir, file)).Resources)) {
        if (!types.has(resource.Type)) types.set(resource.Type, new Set());
        types.get(resource.Type)!.add(productId);
      }
    }
  }
  return types;
}

describe('launch role covers every resource type of every released product', () => {
  const types = productResourceTypes();

  test('the released products use resource types the permission audit knows (schema copy and IAM resource mapping)', () => {
    const unknown = [...types.keys()].filter((t) => !auditKnowsType(t)).map((t) => `${t} (${[...types.get(t)!].join(', ')})`);
    // A new type: add its schema to test/fixtures/cfn-resource-schemas/ and its IAM resources to RESOURCE_SOURCES.
    expect(unknown).toEqual([]);
    expect(types.size).toBeGreaterThan(10);
  });

  test('the evaluator is not vacuous: actions outside the role are refused', () => {
    const statements = launchRoleStatements(defaultConfig());
    const allowed = (action: string, resource = '*') => evaluate(statements, { action, resource }).allowed;
    expect([allowed('ec2:DescribeVpcs'), allowed('cloudformation:ValidateTemplate')]).toEqual([true, true]);
    expect([allowed('iam:CreateUser'), allowed('ec2:RunInstances'), allowed('s3:CreateBucket'), allowed('route53:CreateHealthCheck')]).toEqual([false, false, false, false]);
  });
});
