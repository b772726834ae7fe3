import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { CatalogProductStack } from '../../../products/shared/catalog-product-stack';
import { expandRegions, NAG_ACKNOWLEDGMENTS, type NagAcknowledgment } from '../acknowledgments';
import type { VerifyCheck, VerifyContext, VerifyFinding } from '../types';

/**
 * cdk-nag v3 AwsSolutions on every stack, ProductStacks included: the pack walks the construct trees of the
 * synthesis (`NagPack.validateScope`, the direct entry point of the v3 validation plugin). The ProductStacks live in
 * their own app (products/synthesize.ts), so a plugin registered on the catalog app would never see them.
 *
 * Acknowledgments (acknowledgments.ts, a reason per resource) are applied with `Validations.of(construct).acknowledge`
 * after synthesis, on the in-memory tree: templates stay byte-identical, so locked snapshots are untouched. An
 * acknowledgment that matches nothing is reported, so none outlives its reason.
 */
export const cdkNagCheck: VerifyCheck = {
  id: 'cdk-nag',
  description: 'cdk-nag v3 AwsSolutions rules on every stack including the ProductStacks (current versions)',
  applies: () => false,
  all: (_templates, context) => runNag(context, expandRegions(NAG_ACKNOWLEDGMENTS, context.config.portfolio.regions)),
};

export function runNag(context: VerifyContext, acknowledgments: readonly NagAcknowledgment[]): VerifyFinding[] {
  const byPath = new Map<string, IConstruct>();
  for (const root of context.constructRoots) for (const c of root.node.findAll()) byPath.set(c.node.path, c);
  const used = new Set<NagAcknowledgment>();
  for (const ack of acknowledgments) {
    const pattern = new RegExp(`^${ack.path.split('*').map(escape).join('[^/]+')}$`);
    for (const [p, c] of byPath) {
      if (!pattern.test(p)) continue;
      Validations.of(c).acknowledge({ id: ack.id, reason: ack.reason });
      used.add(ack);
    }
  }
  const findings: VerifyFinding[] = [];
  for (const root of context.constructRoots) {
    const report = new AwsSolutionsChecks().validateScope(root);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        const construct = byPath.get(resource.constructPath ?? '');
        findings.push({
          check: 'cdk-nag',
          severity: 'error',
          ...whereIs(construct, resource.constructPath ?? '-'),
          rule: violation.ruleName,
          message: `${violation.description} (${resource.constructPath})`,
        });
      }
    }
  }
  for (const ack of acknowledgments) if (!used.has(ack) && !ack.whenConfigured) findings.push(unused(ack));
  return findings;
}

/** The template, version and logical id of a construct. */
function whereIs(construct: IConstruct | undefined, constructPath: string): Pick<VerifyFinding, 'template' | 'version' | 'resource'> {
  if (!construct) return { template: '?', version: '-', resource: constructPath };
  const stack = Stack.of(construct);
  const resource = CfnResource.isCfnResource(construct) ? String(stack.resolve(construct.logicalId)) : constructPath;
  if (stack instanceof CatalogProductStack) return { template: stack.productId, version: stack.version, resource };
  return { template: stack.stackName, version: '-', resource };
}

function unused(ack: NagAcknowledgment): VerifyFinding {
  return { check: 'cdk-nag', severity: 'warning', template: '-', version: '-', resource: ack.path, rule: ack.id, message: 'unused acknowledgment (no construct has this path): remove it from scripts/verify/acknowledgments.ts' };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
