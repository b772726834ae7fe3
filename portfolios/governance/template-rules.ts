import type { ICfnRuleConditionExpression, IResolvable, IResolveContext } from 'aws-cdk-lib';
import type { TemplateRule as ServiceCatalogTemplateRule } from 'aws-cdk-lib/aws-servicecatalog';
import type { TemplateRule } from '../../config/governance-schema';

/** A configuration problem found while building the portfolio; printed without a stack trace. */
export class GovernanceError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'GovernanceError';
  }
}

/**
 * A rule expression written in the configuration (plain CloudFormation JSON such as
 * `{"Fn::Contains": [["a", "b"], {"Ref": "Param"}]}`), given to the Service Catalog L2 as it is: the L2's
 * `constrainCloudFormationParameters` resolves the expression into the constraint's Rules JSON.
 */
class ConfiguredRuleExpression implements ICfnRuleConditionExpression, IResolvable {
  readonly disambiguator = true;
  readonly creationStack: string[] = [];
  constructor(private readonly expression: Record<string, unknown>) {}
  resolve(_context: IResolveContext): unknown {
    return this.expression;
  }
  toString(): string {
    return JSON.stringify(this.expression);
  }
}

/** The L2 rule of one configured template rule. */
export function templateRuleParameters(ruleName: string, rule: TemplateRule): ServiceCatalogTemplateRule {
  return {
    ruleName,
    condition: rule.RuleCondition ? new ConfiguredRuleExpression(rule.RuleCondition) : undefined,
    assertions: rule.Assertions.map((a) => ({ assert: new ConfiguredRuleExpression(a.Assert), description: a.AssertDescription })),
  };
}

/**
 * The parameters a rule refers to (`Ref`, and the first argument of `Fn::ValueOf`), except pseudo parameters
 * (AWS::Region, ...). `Fn::RefAll` and `Fn::ValueOfAll` take a parameter type, not a name.
 */
export function referencedParameters(expression: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'Ref' && typeof value === 'string') found.add(value);
      else if (key === 'Fn::ValueOf' && Array.isArray(value) && typeof value[0] === 'string') found.add(value[0]);
      visit(value);
    }
  };
  visit(expression);
  return [...found].filter((name) => !name.startsWith('AWS::'));
}

/**
 * A template constraint applies to every version of a product, so each parameter a rule refers to must exist in
 * every version a user can still launch or update. Returns one message per missing parameter and version.
 */
export function missingRuleParameters(
  productId: string,
  ruleName: string,
  rule: TemplateRule,
  versions: readonly { version: string; parameters: readonly string[] }[],
): string[] {
  const referenced = referencedParameters([rule.RuleCondition, rule.Assertions.map((a) => a.Assert)]);
  return versions.flatMap(({ version, parameters }) =>
    referenced
      .filter((name) => !parameters.includes(name))
      .map(
        (name) =>
          `constraints.templateRules.${productId}.${ruleName}: refers to parameter '${name}', which ${productId} ${version} does not have; ` +
          `its parameters: ${parameters.join(', ')}`,
      ),
  );
}
