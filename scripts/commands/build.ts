import type { Command } from 'commander';
import { synthesizeCatalog } from '../catalog-build/synth';
import { regenerateDocs } from '../docs/build-step';
import { renderVerifyReport, verifyCatalog } from '../verify';
import { renderSynthesis } from './synth';
import { failUnlessOk } from './verify';

/**
 * `catalog build`: what `npm start` runs — synthesize the catalog, then the build steps that later
 * commands add (verify, docs), each on the same synthesis (never synthesizing twice).
 */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('Synthesize the catalog into cdk.out/, then verify it and regenerate the docs.')
    .option('--out <dir>', 'output folder', 'cdk.out')
    .action(async (opts: { out: string }, cmd: Command) => {
      const synthesis = synthesizeCatalog({ configFile: cmd.optsWithGlobals().config, outdir: opts.out });
      process.stdout.write(`${renderSynthesis(synthesis)}\n`);
      // Verify step: every check on this same synthesis; a failed check fails the build before anything else.
      const report = await verifyCatalog(synthesis);
      process.stdout.write(`\n${renderVerifyReport(report)}\n`);
      failUnlessOk(report);
      // Docs step: docs/ regenerated from this same synthesis (test/docs/docs.test.ts fails when they are stale).
      process.stdout.write(`${regenerateDocs(synthesis)}\n`);
    });
}
