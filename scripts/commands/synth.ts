import * as path from 'path';
import type { Command } from 'commander';
import { synthesizeCatalog, type CatalogSynthesis } from '../catalog-build/synth';
import { renderTable } from '../format/table';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('Synthesize the portfolio stacks and every product version into cdk.out/ and print a summary table.')
    .option('--out <dir>', 'output folder', 'cdk.out')
    .option('--json', 'print the summary as JSON')
    .action((opts: { out: string; json?: boolean }, cmd: Command) => {
      const synthesis = synthesizeCatalog({ configFile: cmd.optsWithGlobals().config, outdir: opts.out });
      process.stdout.write(opts.json ? `${JSON.stringify(synthesisSummary(synthesis), null, 2)}\n` : `${renderSynthesis(synthesis)}\n`);
    });
}

export function synthesisSummary(s: CatalogSynthesis) {
  return {
    config: s.configFile,
    outdir: s.outdir,
    seconds: Number(s.seconds.toFixed(2)),
    templates: s.templates.map((t) => ({ ...t, file: path.relative(process.cwd(), t.file) })),
    notOffered: s.notOffered,
  };
}

export function renderSynthesis(s: CatalogSynthesis): string {
  const rel = (f: string) => path.relative(process.cwd(), f);
  const products = s.templates.filter((t) => t.kind === 'product');
  const stacks = s.templates.filter((t) => t.kind === 'stack');
  return [
    `Synthesized the catalog from ${s.configFile} into ${rel(s.outdir) || '.'} in ${s.seconds.toFixed(1)} s`,
    '',
    renderTable(
      ['product', 'version', 'template file', 'bytes', 'resources', 'parameters'],
      products.map((t) => [t.name, t.version + (t.current ? ' (current)' : ''), rel(t.file), t.bytes, t.resources, t.parameters]),
    ),
    '',
    renderTable(
      ['stack', 'template file', 'bytes', 'resources', 'parameters'],
      stacks.map((t) => [t.name, rel(t.file), t.bytes, t.resources, t.parameters]),
    ),
    ...(s.notOffered.length ? ['', 'Released versions not offered (their snapshot embeds other distribution values):', ...s.notOffered.map((n) => `  - ${n}`)] : []),
  ].join('\n');
}
