import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GNU_TIME, parseGnuTimeVerbose } from './gnu-time';

/** One timed run of a child process. */
export interface Run {
  readonly seconds: number;
  /** Peak resident memory of the process tree in MiB; undefined without GNU time. */
  readonly maxRssMiB?: number;
  readonly cpuSeconds?: number;
  readonly exitCode: number;
  /** Entries the command left in the temporary directory (counted by the benchmark loop). */
  readonly tempEntriesLeft?: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const HAS_GNU_TIME = fs.existsSync(GNU_TIME);

/**
 * Runs `command args` in `cwd` and measures its wall time (here) and, through GNU time, its peak memory and CPU
 * time. Its own output goes to pipes so the benchmark can read `--json` results; GNU time writes to a file.
 */
export function measure(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Run {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-time-')), 'time.txt');
  const [file, argv] = HAS_GNU_TIME ? [GNU_TIME, ['-v', '-o', report, command, ...args]] : [command, [...args]];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw result.error;
  let usage: ReturnType<typeof parseGnuTimeVerbose> | undefined;
  if (HAS_GNU_TIME) {
    usage = parseGnuTimeVerbose(fs.readFileSync(report, 'utf8'));
    fs.rmSync(path.dirname(report), { recursive: true, force: true });
  }
  return {
    seconds,
    maxRssMiB: usage && usage.maxRssKiB / 1024,
    cpuSeconds: usage && usage.userSeconds + usage.systemSeconds,
    exitCode: result.status ?? 1,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}
