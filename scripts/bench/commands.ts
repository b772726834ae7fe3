import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A command the benchmark times, run in a workspace (a temporary copy of the repository). */
export interface BenchCommand {
  readonly id: string;
  readonly title: string;
  /** The `catalog` sub-command it needs; the command is skipped (with a note) where that is not registered yet. */
  readonly needs?: string;
  readonly argv: (root: string) => { command: string; args: string[] };
  /** Untimed step before each run. */
  readonly prepare?: (root: string) => void;
}

const catalog = (root: string, ...args: string[]) => ({ command: process.execPath, args: [path.join(root, 'dist', 'scripts', 'catalog.js'), ...args] });

export const COMMANDS: Record<string, BenchCommand> = {
  startup: { id: 'startup', title: '`catalog --help` (loading the CLI)', argv: (root) => catalog(root, '--help') },
  synth: { id: 'synth', title: '`catalog synth` (bare synthesis)', needs: 'synth', argv: (root) => catalog(root, 'synth', '--json') },
  verify: { id: 'verify', title: '`catalog verify`', needs: 'verify', argv: (root) => catalog(root, 'verify', '--json') },
  docs: { id: 'docs', title: '`catalog docs`', needs: 'docs', argv: (root) => catalog(root, 'docs') },
  build: { id: 'build', title: '`catalog build` (what `npm start` runs after compiling)', needs: 'build', argv: (root) => catalog(root, 'build') },
  'npm-start': { id: 'npm-start', title: '`npm start` (compile + build) with no source changed since the last compile', needs: 'build', argv: () => npmStart() },
  'npm-start-edited': {
    id: 'npm-start-edited',
    title: '`npm start` right after a source file changed (as in CI or after an edit: the compiler rebuilds)',
    needs: 'build',
    argv: () => npmStart(),
    // A real edit (a comment appended), so the compiler re-checks the product registry and what imports it.
    prepare: (root) => fs.appendFileSync(path.join(root, 'products', 'catalog.ts'), `// edited by the benchmark at ${new Date().toISOString()}\n`),
  },
};

function npmStart() {
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['start', '--silent'] };
}

/** The `catalog` sub-commands registered in a workspace, read from `catalog --help`. */
export function registeredCatalogCommands(root: string): Set<string> {
  const { command, args } = catalog(root, '--help');
  const help = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`catalog --help failed in ${root}:\n${help.stderr}`);
  return parseHelpCommands(help.stdout);
}

/** Command names from commander's help ("Commands:" section, one `  name [options] ...  description` per line). */
export function parseHelpCommands(help: string): Set<string> {
  const section = help.split(/^Commands:\s*$/m)[1] ?? '';
  const names = section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
  return new Set(names);
}
