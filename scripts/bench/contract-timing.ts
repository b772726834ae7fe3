import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../config/load';
import { PRODUCTS } from '../../products/catalog';
import { synthesizeProducts } from '../../products/synthesize';
import { readReleases, snapshotFile } from '../../products/versioning/release-records';
import { analyzeContract } from '../analyzers/contract';
import { loadTemplateFile } from '../analyzers/upgrade-diff/template-file';
import type { CfnTemplate } from '../analyzers/upgrade-diff/types';
import { median } from './stats';

/**
 * CPU time of `analyzeContract` per template (issue 13: under 100 ms each): the current template of every product and
 * every released snapshot. In-process, after a warm-up run of every template, median of `repeats` runs (user + system
 * CPU of this process). Run: `node dist/scripts/bench/contract-timing.js [repeats] [--json]`; the benchmark's
 * `contract` command runs it too (commands.ts).
 */
export interface ContractTiming {
  readonly template: string;
  readonly scenarios: number;
  readonly medianMs: number;
}

export function contractTimings(configFile: string, repeats: number): ContractTiming[] {
  const templates: { name: string; template: CfnTemplate }[] = [];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-timing-'));
  try {
    for (const built of synthesizeProducts(loadConfig(configFile), outdir, { products: PRODUCTS })) {
      templates.push({ name: `${built.definition.id} current`, template: loadTemplateFile(built.templateFile) });
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  for (const product of PRODUCTS) {
    for (const { version } of readReleases(product.id).releases) templates.push({ name: `${product.id} ${version}`, template: loadTemplateFile(snapshotFile(product.id, version)) });
  }
  // Warm-up: every template once, so the first ones measured do not pay for the JIT; then the runs round-robin over
  // the templates, so the machine's drift (other processes) spreads over all of them.
  const scenarioCounts = templates.map(({ name, template }) => analyzeContract(template, name).scenarios);
  const runs: number[][] = templates.map(() => []);
  for (let i = 0; i < repeats; i++) {
    templates.forEach(({ name, template }, k) => {
      const start = process.cpuUsage();
      analyzeContract(template, name);
      const used = process.cpuUsage(start);
      runs[k].push((used.user + used.system) / 1000);
    });
  }
  return templates.map(({ name }, k) => ({ template: name, scenarios: scenarioCounts[k], medianMs: median(runs[k]) }));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const repeats = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
  const timings = contractTimings(process.env.CATALOG_CONFIG ?? 'config/default.yaml', repeats);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(timings)}\n`);
  else {
    for (const t of timings) process.stdout.write(`${t.template.padEnd(28)} ${String(t.scenarios).padStart(5)} scenarios ${t.medianMs.toFixed(1).padStart(8)} ms${t.medianMs > 100 ? '  OVER 100 ms' : ''}\n`);
    process.stdout.write(`median per template: ${median(timings.map((t) => t.medianMs)).toFixed(1)} ms; max ${Math.max(...timings.map((t) => t.medianMs)).toFixed(1)} ms\n`);
  }
}
