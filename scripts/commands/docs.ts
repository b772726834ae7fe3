import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { synthesizeCurrentProducts } from '../catalog-build/current-templates';
import { CliError } from '../cli-error';
import { loadPriceTable } from '../cost/prices';
import { renderCatalogDocs } from '../docs/catalog-docs';
import { DOC_LANGUAGES, type DocLanguage } from '../docs/product-docs';
import { staleDocs, writeDocs } from '../docs/write';

interface DocsOptions {
  out: string;
  lang?: string;
  check?: boolean;
}

/** `catalog docs`: the catalog index and one page per product, in English and Japanese, rendered from the templates. */
export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description(
      'Render the catalog documents (Markdown, from scripts/docs/templates): an index with a decision guide and a cost comparison, ' +
        'and a page per product with its egress diagram, parameters, outputs, monthly cost and version history.',
    )
    .option('--out <dir>', 'docs folder (pages go to <dir>/en and <dir>/ja)', 'docs')
    .option('--lang <lang>', `only this language (${DOC_LANGUAGES.join(', ')})`)
    .option('--check', 'write nothing; fail if the documents in --out are not what the current templates render')
    .action((opts: DocsOptions, cmd: Command) => {
      if (opts.lang !== undefined && !(DOC_LANGUAGES as readonly string[]).includes(opts.lang)) {
        throw new CliError(`--lang ${opts.lang}: unknown language; languages: ${DOC_LANGUAGES.join(', ')}`);
      }
      const languages = opts.lang === undefined ? DOC_LANGUAGES : [opts.lang as DocLanguage];
      const configFile = cmd.optsWithGlobals().config as string;
      const files = renderCatalogDocs(synthesizeCurrentProducts(configFile), loadPriceTable(), languages, loadConfig(configFile));
      if (opts.check) {
        const stale = staleDocs(opts.out, files);
        const problems = [...stale.changed.map((f) => `${f} (changed)`), ...stale.missing.map((f) => `${f} (missing)`), ...stale.extra.map((f) => `${f} (no longer generated)`)];
        if (problems.length > 0) {
          throw new CliError(`the documents in ${opts.out}/ are stale: ${problems.join(', ')}. Regenerate them with \`catalog docs\` (or \`npm start\`) and commit them.`);
        }
        process.stdout.write(`${files.size} documents in ${opts.out}/ are up to date\n`);
        return;
      }
      const { written, removed } = writeDocs(opts.out, files);
      process.stdout.write(`${files.size} documents rendered into ${opts.out}/: ${written.length} written, ${removed.length} removed\n`);
    });
}
