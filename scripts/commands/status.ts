import type { Command } from 'commander';
import { requireProduct } from '../../products/versioning/release';
import { readReleases, VERSION_STATUSES } from '../../products/versioning/release-records';
import { setVersionStatus } from '../../products/versioning/status-change';
import { CliError } from '../cli-error';
import { renderTable } from '../format/table';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'Show the status of every released version of a product, or set one: active (launch and update), deprecated ' +
        '(no new launches, updates allowed) or inactive (hidden; no launches or updates). The status is recorded in ' +
        'products/<product>/releases.json and applied to Service Catalog when the portfolio stack is deployed. ' +
        'At least one version must stay active.',
    )
    .argument('<product>', 'product id, e.g. public-ip')
    .argument('[version]', 'released version to change, e.g. v1.0.0')
    .argument('[status]', `new status: ${VERSION_STATUSES.join(' | ')}`)
    .option('--json', 'print the product\'s versions and statuses as JSON')
    .action((product: string, version: string | undefined, status: string | undefined, opts: { json?: boolean }) => {
      if (version !== undefined && status === undefined) {
        // Commander cannot express "both or neither" for positional arguments.
        throw new CliError(`give the new status of ${product} ${version}: ${VERSION_STATUSES.join(' | ')}`);
      }
      const definition = requireProduct(product);
      const change = version !== undefined ? setVersionStatus({ productId: definition.id, version, status: status! }) : undefined;
      const releases = change?.releases ?? readReleases(definition.id).releases;
      const versions = releases.map((r) => ({ version: r.version, status: r.status, date: r.date, upgradeVerdict: r.upgradeVerdict ?? null }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ product: definition.id, ...(change ? { change: { version: change.version, from: change.from, to: change.to, changed: change.changed } } : {}), versions }, null, 2)}\n`);
        return;
      }
      const headline = change
        ? change.changed
          ? `${definition.id} ${change.version}: ${change.from} → ${change.to} (recorded in releases.json; applied when the portfolio stack is deployed)`
          : `${definition.id} ${change.version} is already ${change.to}; nothing changed`
        : `${definition.id}: ${releases.length} released version${releases.length === 1 ? '' : 's'}`;
      const table = renderTable(['version', 'status', 'date', 'upgrade from previous'], versions.map((v) => [v.version, v.status, v.date, v.upgradeVerdict ?? '-']));
      process.stdout.write(`${headline}\n\n${table}\n`);
    });
}
