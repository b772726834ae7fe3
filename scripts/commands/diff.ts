import * as fs from 'fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { synthesizeCandidate } from '../../products/versioning/candidate';
import { requireProduct } from '../../products/versioning/release';
import { checkSnapshotUnchanged, latestRelease, readReleases } from '../../products/versioning/release-records';
import { analyzeUpgrade, loadTemplateFile, renderUpgradeReport, type CfnTemplate } from '../analyzers/upgrade-diff';
import { checkLaunchValues, parseLaunchValues, templateForLaunch } from '../analyzers/upgrade-diff/launch-values';
import { CliError } from '../cli-error';

/** Exit code of `catalog diff` when the upgrade is breaking (0: compatible; 1: the command failed). */
export const BREAKING_EXIT_CODE = 2;

/** `current`: the template the product code synthesizes now, under the latest release's version name. */
export const CURRENT = 'current';

interface Side {
  readonly label: string;
  readonly template: CfnTemplate;
}

interface DiffOptions {
  fromTemplate?: string;
  toTemplate?: string;
  fromParameter: string[];
  toParameter: string[];
  json?: boolean;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'Offline upgrade-safety analysis of a CloudFormation update from one template to another: what a provisioned ' +
        'product updated from <from> to <to> would replace, delete or break (identity resources such as EIPs, VPC, ' +
        'subnets and log groups; parameters; outputs; rules). Nothing calls AWS.',
    )
    .argument('[product]', 'product id, e.g. public-ip')
    .argument('[from]', `released version (e.g. v1.0.0) or "${CURRENT}"`)
    .argument('[to]', `released version, or "${CURRENT}" for what the current code would release`)
    .option('--from-template <file>', 'compare template files instead: the template provisioned now (JSON or YAML)')
    .option('--to-template <file>', 'the template to update to (JSON or YAML)')
    .option(
      '--from-parameter <Name=value>',
      'a parameter value the provisioned product was launched with (repeatable; others at their defaults); the update keeps it unless --to-parameter changes it',
      collect,
      [],
    )
    .option('--to-parameter <Name=value>', 'a parameter value the update changes (repeatable), e.g. NatGatewayMode=regional', collect, [])
    .option('--json', 'print {from, to, verdict, reasons, summary} as JSON')
    .addHelpText(
      'after',
      `\nExit status: 0 the upgrade is compatible; ${BREAKING_EXIT_CODE} it is breaking (a new major version is needed); 1 the command failed.\n` +
        `\nExamples:\n  catalog diff public-ip v1.0.0 v1.1.0\n  catalog diff public-ip v1.1.0 ${CURRENT} --json\n` +
        `  catalog diff nat-gateway v1.1.0 ${CURRENT} --to-parameter NatGatewayMode=regional\n` +
        '  catalog diff --from-template deployed.yaml --to-template cdk.out/product-templates/x.product.template.json',
    )
    .action((product: string | undefined, from: string | undefined, to: string | undefined, opts: DiffOptions, cmd: Command) => {
      const [before, after] = withLaunchValues(resolveSides(product, from, to, opts, () => loadConfig(cmd.optsWithGlobals().config)), opts);
      const report = analyzeUpgrade(before.template, after.template);
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ ...(product ? { product } : {}), from: before.label, to: after.label, ...report }, null, 2)}\n`
          : renderUpgradeReport(report, { from: before.label, to: after.label }),
      );
      if (report.verdict === 'breaking') process.exitCode = BREAKING_EXIT_CODE;
    });
}

function resolveSides(
  product: string | undefined,
  from: string | undefined,
  to: string | undefined,
  opts: DiffOptions,
  config: () => ReturnType<typeof loadConfig>,
): [Side, Side] {
  const byFile = opts.fromTemplate !== undefined || opts.toTemplate !== undefined;
  if (byFile) {
    if (product !== undefined) throw new CliError('give either <product> <from> <to> or --from-template and --to-template, not both');
    if (opts.fromTemplate === undefined || opts.toTemplate === undefined) {
      throw new CliError(`--from-template and --to-template go together; missing ${opts.fromTemplate === undefined ? '--from-template' : '--to-template'}`);
    }
    return [templateFile(opts.fromTemplate, '--from-template'), templateFile(opts.toTemplate, '--to-template')];
  }
  if (product === undefined || from === undefined || to === undefined) {
    throw new CliError('give <product> <from> <to> (versions such as v1.0.0, or "current"), or --from-template A --to-template B');
  }
  const definition = requireProduct(product);
  const manifest = readReleases(definition.id);
  const side = (version: string, argument: string): Side => {
    if (version === CURRENT) {
      const latest = latestRelease(manifest).version;
      const candidate = synthesizeCandidate(config(), definition.id, latest);
      candidate.dispose();
      return { label: `${CURRENT} code (latest release ${latest})`, template: candidate.template };
    }
    const release = manifest.releases.find((r) => r.version === version);
    if (!release) {
      throw new CliError(
        `<${argument}> ${version}: ${definition.id} has no released version of that name; versions: ${manifest.releases.map((r) => r.version).join(', ')}, or "${CURRENT}"`,
      );
    }
    return { label: version, template: JSON.parse(fs.readFileSync(checkSnapshotUnchanged(definition.id, release), 'utf8')) as CfnTemplate };
  };
  return [side(from, 'from'), side(to, 'to')];
}

function templateFile(file: string, flag: string): Side {
  try {
    return { label: file, template: loadTemplateFile(file) };
  } catch (e) {
    throw new CliError(`${flag}: ${(e as Error).message}`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * With --from-parameter / --to-parameter, each side is the template as CloudFormation creates it for that side's
 * values: the update keeps the launch's values (UsePreviousValue) except the ones it changes.
 */
function withLaunchValues([before, after]: [Side, Side], opts: DiffOptions): [Side, Side] {
  if (opts.fromParameter.length === 0 && opts.toParameter.length === 0) return [before, after];
  try {
    const fromValues = parseLaunchValues(opts.fromParameter, '--from-parameter');
    const changed = parseLaunchValues(opts.toParameter, '--to-parameter');
    checkLaunchValues(before.template, fromValues, '--from-parameter', before.label);
    checkLaunchValues(after.template, changed, '--to-parameter', after.label);
    const toValues = new Map([...[...fromValues].filter(([name]) => after.template.Parameters?.[name]), ...changed]);
    const describe = (values: Map<string, string>) => (values.size ? ` with ${[...values].map(([k, v]) => `${k}=${v}`).join(', ')}` : ' with default values');
    return [
      { label: `${before.label}${describe(fromValues)}`, template: templateForLaunch(before.template, fromValues) },
      { label: `${after.label}${describe(toValues)}`, template: templateForLaunch(after.template, toValues) },
    ];
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
