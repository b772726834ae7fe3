/**
 * Reads the report of GNU time (`/usr/bin/time -v -o FILE`): peak memory and CPU time of a child process and
 * the children it waited for (getrusage RUSAGE_CHILDREN), which `process.resourceUsage()` of the parent cannot see.
 */
export interface RusageReport {
  readonly maxRssKiB: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

export const GNU_TIME = '/usr/bin/time';

export function parseGnuTimeVerbose(text: string): RusageReport {
  const field = (label: string): number => {
    const line = text.split('\n').find((l) => l.trim().startsWith(`${label}:`));
    const value = line === undefined ? NaN : Number(line.slice(line.lastIndexOf(':') + 1).trim());
    if (Number.isNaN(value)) throw new Error(`GNU time report has no '${label}' line:\n${text}`);
    return value;
  };
  return {
    maxRssKiB: field('Maximum resident set size (kbytes)'),
    userSeconds: field('User time (seconds)'),
    systemSeconds: field('System time (seconds)'),
  };
}
