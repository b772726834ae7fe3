import { parseGnuTimeVerbose } from '../../scripts/bench/gnu-time';
import { growth, median, percent, ratio } from '../../scripts/bench/stats';

describe('benchmark statistics', () => {
  test('median of odd and even counts, in any order', () => {
    expect(median([3.2, 1.1, 2.5])).toBe(2.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });

  test('ratio and growth are undefined when a side was not measured', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(undefined, 4)).toBeUndefined();
    expect(ratio(1, 0)).toBeUndefined();
    expect(growth(6, 5)).toBeCloseTo(0.2);
    expect(percent(growth(6, 5))).toBe('20 %');
    expect(percent(undefined)).toBe('n/a');
  });
});

describe('GNU time report', () => {
  const report = [
    '\tCommand being timed: "node dist/scripts/catalog.js synth"',
    '\tUser time (seconds): 1.73',
    '\tSystem time (seconds): 0.21',
    '\tPercent of CPU this job got: 98%',
    '\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:01.97',
    '\tMaximum resident set size (kbytes): 134144',
    '\tExit status: 0',
  ].join('\n');

  test('reads peak memory and CPU time', () => {
    expect(parseGnuTimeVerbose(report)).toEqual({ maxRssKiB: 134144, userSeconds: 1.73, systemSeconds: 0.21 });
  });

  test('names the missing line', () => {
    expect(() => parseGnuTimeVerbose('\tUser time (seconds): 1')).toThrow("GNU time report has no 'Maximum resident set size (kbytes)' line");
  });
});
