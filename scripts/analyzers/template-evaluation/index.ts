/**
 * One evaluator of CloudFormation templates for every analyzer (contract, diff): which condition scenarios a
 * template has, whether a resource exists in one, and what an expression's value is in one.
 *
 *   const scenarios = enumerateScenarios(template);          // scenarios[0] is the launch with default values
 *   planScenarios(template, { relevant })                    // the same, chosen by what relevant resources depend on,
 *                                                            // with how many combinations exist and were examined
 *   resourceExists(template.Resources.X, scenarios[i]);       // its Condition, if any, is true
 *   const v = resolve(template, scenarios[i], expression, 'X.Properties.CidrBlock');
 *   findUnresolved(v)                                         // undefined, or what is unknown and why
 *   sameValue(a, b)                                           // true/false by value; undefined if unresolved
 *
 * See values.ts for what a resolved value can be (JSON, Symbolic, Unresolved).
 */
export { enumerateScenarios, planScenarios, resolveConditions, resourceExists, scenarioForValues, ANOTHER_VALUE, MAX_SCENARIOS, type Scenario, type ScenarioOptions, type ScenarioPlan } from './scenarios';
export { resolve, Resolver } from './resolve';
export { findUnresolved, isUnresolved, ListElement, ParameterValue, ResourceValue, sameValue, Symbolic, textOf, Unresolved, valueKey } from './values';
export { cidrSubnets, containsCidr, formatCidr, overlaps, parseCidr, type Cidr } from './cidr';
