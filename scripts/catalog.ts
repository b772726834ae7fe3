#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error';
import { COMMANDS } from './commands';

/** `catalog`: one command line for every job of the Agent Network Catalog. */
export function buildProgram(): Command {
  const program = new Command('catalog')
    .description('Build, verify, document, release and operate the Agent Network Catalog.')
    .option('--config <file>', 'catalog configuration file (YAML or JSON)', 'config/default.yaml')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    // Expected failures (bad input, a refused release, a failed check) carry `userFacing`: one message, no stack.
    if ((e as { userFacing?: boolean }).userFacing) {
      process.stderr.write(`catalog: ${(e as Error).message}\n`);
      return (e as CliError).exitCode ?? 1;
    }
    process.stderr.write(`catalog: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
