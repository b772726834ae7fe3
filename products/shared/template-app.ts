import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The whole context a product template (and any template we embed as text, such as the launch-role StackSet body) is
 * synthesized with. Nothing else reaches it: not the CDK CLI's own context (path metadata, asset metadata, version
 * reporting, bundling), not cdk.json's feature flags, not `-c key=value`. So a released version's template depends
 * only on the code, whoever runs the synthesis.
 *
 * Every feature flag is left unset, i.e. at the behaviour aws-cdk-lib gives an unset flag, which is what every released
 * snapshot was made with. Changing an entry here (or setting a flag) changes templates: the locked version history then
 * fails the build until the change is released as a new version.
 */
export const TEMPLATE_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({
  [cxapi.PATH_METADATA_ENABLE_CONTEXT]: false,
  [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: false,
  [cxapi.ANALYTICS_REPORTING_ENABLED_CONTEXT]: false,
  [cxapi.DISABLE_METADATA_STACK_TRACE]: true,
});

/**
 * An App that sees TEMPLATE_CONTEXT and nothing else. The App constructor reads the CLI's context from the environment
 * (CDK_CONTEXT_JSON and its overflow file); every key it set is cleared again before any construct exists, because
 * an unset context key is one whose value is undefined.
 */
export function templateApp(props: {
  readonly outdir: string;
  /**
   * Feature flags to set on top of TEMPLATE_CONTEXT: only for templates that are not versioned and must match a stack of
   * the CLI's app (the launch-role StackSet body); never for product templates.
   * @default - none: every flag unset
   */
  readonly featureFlags?: Readonly<Record<string, unknown>>;
}): App {
  const app = new App({ outdir: props.outdir, builtinCloudFormationValidation: false });
  for (const key of Object.keys(app.node.getAllContext())) app.node.setContext(key, undefined);
  for (const [key, value] of Object.entries({ ...props.featureFlags, ...TEMPLATE_CONTEXT })) app.node.setContext(key, value);
  return app;
}
