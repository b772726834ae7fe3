#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { CliError } from './cli-error';

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
    if (e instanceof CliError) {
      process.stderr.write(`catalog: ${e.message}\n`);
      return e.exitCode;
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
