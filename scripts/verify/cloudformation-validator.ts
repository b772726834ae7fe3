import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';

/*
 * The only module that knows aws-cdk-lib's bundled CloudFormation validator (`@aws/cloudformation-validate`, a
 * WebAssembly engine with cfn-lint style rule ids and the official resource schemas). It is internal to aws-cdk-lib
 * (pinned in package.json), so a change of its shape is a fix here only. Start it once per run and free it after.
 *
 * The engine is WebAssembly. V8 compiles it with Liftoff and then re-compiles hot functions with TurboFan in the
 * background; for one short run over a dozen templates that second compile costs more than it saves. With
 * `--liftoff-only` (set before the module is compiled; it affects WebAssembly only) validating the six product
 * templates took 0.7 s of CPU instead of 1.9 s here, engine start unchanged (~4 s CPU on a loaded 2-core machine).
 */

/** One diagnostic, in the shape verify reads. */
export interface CfnDiagnostic {
  readonly severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly ruleId: string;
  readonly message: string;
  readonly logicalId?: string;
  readonly propertyPath?: string;
}

export interface CloudFormationValidator {
  validate(text: string, name: string): CfnDiagnostic[];
  free(): void;
}

interface Engine {
  validateTemplate(template: unknown, config?: unknown): { diagnostics: { severity: CfnDiagnostic['severity']; ruleId: string; message: string; entity?: { logicalId?: string }; propertyPath?: string }[] };
  free(): void;
}
interface ValidateModule {
  CompositeEngine: new () => Engine;
  TemplateContent: new (content: string, name?: string) => unknown;
}

const VALIDATOR_DIR = () => path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'node_modules/@aws/cloudformation-validate');

/** The validator's own version: its results are only reused by the same version. */
export function cloudFormationValidatorVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(VALIDATOR_DIR(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function startCloudFormationValidator(): CloudFormationValidator {
  v8.setFlagsFromString('--liftoff-only');
  const dir = VALIDATOR_DIR();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cfv = require(dir) as ValidateModule;
  const engine = new cfv.CompositeEngine();
  return {
    validate(text, name) {
      // INFO diagnostics (create-only properties, style hints) are not read: WARN and above only.
      const report = engine.validateTemplate(new cfv.TemplateContent(text, name), { detailLevel: 'STANDARD', severityLevel: 'WARN' });
      return report.diagnostics.map((d) => ({ severity: d.severity, ruleId: d.ruleId, message: d.message, logicalId: d.entity?.logicalId, propertyPath: d.propertyPath }));
    },
    free: () => engine.free(),
  };
}
