#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../products/shared/repo-root';
import { buildInputsHash, outputsHash } from './start/build-inputs';

/**
 * `npm start` (after compiling): `catalog build`, unless nothing it reads changed since the last successful build and
 * cdk.out/ and docs/ are still exactly as that build left them — then the build would write the same files, so it
 * shows that build's output again instead of repeating it. `CATALOG_BUILD_REUSE=off` always builds. Arguments are
 * passed to `catalog build` (`npm start -- --config config/examples/vendor-hosted.yaml`).
 */
interface LastBuild {
  readonly inputs: string;
  readonly outputs: string;
  readonly stdout: string;
}

const RECORD = path.join('node_modules', '.cache', 'agent-network-catalog', 'last-build.json');

function optionValue(args: readonly string[], name: string, fallback: string): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && i + 1 < args.length) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return fallback;
}

function readRecord(file: string): LastBuild | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LastBuild;
  } catch {
    return undefined;
  }
}

/** `catalog build` with these arguments, in this process; its exit code. */
export type Build = (args: readonly string[]) => Promise<number>;

const catalogBuild: Build = (args) => {
  // Loaded only when building: the catalog's modules (CDK, SDK clients, validators) are most of its start-up time.
  // A plain require, not import(): esbuild keeps import() as Node's ESM loader, which needs file extensions.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('./catalog') as typeof import('./catalog');
  return main(['build', ...args]);
};

export async function start(args: readonly string[], root = repoRoot(), build: Build = catalogBuild): Promise<number> {
  const record = path.join(root, RECORD);
  const outputs = [optionValue(args, '--out', 'cdk.out'), 'docs'];
  const configFile = optionValue(args, '--config', 'config/default.yaml');
  const reuse = process.env.CATALOG_BUILD_REUSE !== 'off';
  const inputs = buildInputsHash(root, args, configFile);
  const last = reuse ? readRecord(record) : undefined;
  if (last && last.inputs === inputs && last.outputs === outputsHash(root, outputs)) {
    process.stdout.write(`${last.stdout}\nnpm start: nothing changed since the last build (sources, data, dependencies, outputs); its output is above. CATALOG_BUILD_REUSE=off builds anyway.\n`);
    return 0;
  }
  fs.rmSync(record, { force: true });
  const captured: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await build(args);
  } finally {
    process.stdout.write = write;
  }
  // Recorded only for a successful build whose inputs did not change while it ran (an edit during the build).
  if (reuse && code === 0 && buildInputsHash(root, args, configFile) === inputs) {
    fs.mkdirSync(path.dirname(record), { recursive: true });
    fs.writeFileSync(record, JSON.stringify({ inputs, outputs: outputsHash(root, outputs), stdout: captured.join('').trimEnd() } satisfies LastBuild));
  }
  return code;
}

if (require.main === module) {
  void start(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
