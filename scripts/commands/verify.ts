import type { Command } from 'commander';
import { synthesizeCatalog } from '../catalog-build/synth';
import { CliError } from '../cli-error';
import { renderVerifyReport, verifyCatalog, type VerifyReport } from '../verify';

/** `catalog verify [--json]`: synthesize the catalog, then run every verify check on that synthesis. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'Synthesize the catalog, then verify every template (portfolio, launch role, every product version): CloudFormation validator, ' +
        'cdk-nag AwsSolutions, Control Tower controls, limits, console readiness, self-containment, network contract.',
    )
    .option('--out <dir>', 'output folder of the synthesis', 'cdk.out')
    .option('--json', 'print the report as JSON (per-check times, every finding)')
    .action(async (opts: { out: string; json?: boolean }, cmd: Command) => {
      const synthesis = synthesizeCatalog({ configFile: cmd.optsWithGlobals().config, outdir: opts.out });
      const report = await verifyCatalog(synthesis);
      process.stdout.write(opts.json ? `${JSON.stringify({ synthSeconds: Number(synthesis.seconds.toFixed(2)), ...report }, null, 2)}\n` : `${renderVerifyReport(report)}\n`);
      failUnlessOk(report);
    });
}

/** Fails the command (exit 1, one line on stderr) when verify found errors. */
export function failUnlessOk(report: VerifyReport): void {
  if (report.ok) return;
  const first = report.errors[0];
  throw new CliError(
    `verify failed: ${report.errors.length} error(s); first: [${first.check}] ${first.template} ${first.version} ${first.resource} ${first.rule}: ${first.message}`,
  );
}
