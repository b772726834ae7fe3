import { execFileSync } from 'child_process';
import * as os from 'os';

/** What the figures were measured on: they only compare within one run on one machine. */
export interface MachineDescription {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly loadAverage1m: number;
  readonly os: string;
  readonly node: string;
  readonly commit: string;
  /** Uncommitted changes in the working tree that was measured. */
  readonly dirtyFiles: number;
}

export function describeMachine(repoRoot: string): MachineDescription {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const status = git('status', '--porcelain');
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirtyFiles: status ? status.split('\n').length : 0,
  };
}
