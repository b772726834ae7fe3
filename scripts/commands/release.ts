import * as path from 'path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { releaseProduct, type ReleaseResult } from '../../products/versioning/release';
import { renderUpgradeReport } from '../analyzers/upgrade-diff';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description(
      'Record a new version of a product: synthesize the current code as <version>, analyze the upgrade from the latest ' +
        'release (a breaking change needs a new major version), then write its locked snapshot to products/<product>/versions/ ' +
        'and append it to products/<product>/releases.json with the upgrade verdict in its notes. Nothing is written on refusal.',
    )
    .argument('<product>', 'product id, e.g. public-ip')
    .argument('<version>', 'new semantic version name vMAJOR.MINOR.PATCH, greater than the latest release')
    .requiredOption('--notes <text>', 'release notes: what changed and why (the upgrade verdict is appended)')
    .option('--date <yyyy-mm-dd>', 'release date (default: today, UTC)')
    .option('--dry-run', 'analyze and show what would be recorded, write nothing')
    .option('--json', 'print the recorded release and the upgrade report as JSON')
    .action((product: string, version: string, opts: { notes: string; date?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const config = loadConfig(cmd.optsWithGlobals().config);
      const result = releaseProduct({ productId: product, version, notes: opts.notes, date: opts.date, dryRun: opts.dryRun, config });
      process.stdout.write(opts.json ? `${JSON.stringify(releaseJson(product, result), null, 2)}\n` : renderRelease(product, result));
    });
}

function releaseJson(product: string, result: ReleaseResult) {
  return {
    product,
    written: result.written,
    release: result.release,
    snapshot: path.relative(process.cwd(), result.snapshot),
    upgrade: result.upgrade ? { from: result.upgrade.from, ...result.upgrade.report } : null,
  };
}

function renderRelease(product: string, result: ReleaseResult): string {
  const { release } = result;
  const lines = [
    `${result.written ? 'Released' : 'Would release (dry run, nothing written)'} ${product} ${release.version} (${release.date}, ${release.status})`,
    `  snapshot  ${path.relative(process.cwd(), result.snapshot)}`,
    `  sha256    ${release.templateSha256}`,
    `  notes     ${release.notes}`,
  ];
  if (result.upgrade) lines.push('', renderUpgradeReport(result.upgrade.report, { from: result.upgrade.from, to: release.version }).trimEnd());
  return `${lines.join('\n')}\n`;
}
