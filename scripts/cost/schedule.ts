/**
 * Runs per month of an EventBridge Scheduler expression, for an average month of 30 days (so a daily cron is 30 runs).
 * cron(minutes hours day-of-month month day-of-week year) and rate(n minute|minutes|hour|hours|day|days), as in the
 * EventBridge Scheduler user guide ("schedule-types"). Returns undefined for an expression it cannot read.
 */
export const DAYS_PER_MONTH = 30;

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function runsPerMonth(expression: string): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = Number(rate[1]) * { minute: 1, hour: 60, day: 1440 }[rate[2].replace(/s$/, '') as 'minute' | 'hour' | 'day'];
    return (DAYS_PER_MONTH * 1440) / minutes;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (!cron) return undefined;
  const [, minutes, hours, dayOfMonth, month, dayOfWeek] = cron;
  const perDay = count(minutes, 0, 59) * count(hours, 0, 23);
  let days: number;
  if (isAny(dayOfMonth) && isAny(dayOfWeek)) days = DAYS_PER_MONTH;
  else if (isAny(dayOfWeek)) days = Math.min(count(dayOfMonth, 1, 31, [], true), DAYS_PER_MONTH);
  else days = (count(dayOfWeek, 1, 7, DAY_NAMES, true) * DAYS_PER_MONTH) / 7;
  const months = isAny(month) ? 1 : count(month, 1, 12, MONTH_NAMES) / 12;
  const runs = perDay * days * months;
  return Number.isFinite(runs) ? runs : undefined;
}

function isAny(field: string): boolean {
  return field === '*' || field === '?';
}

/** How many values a cron field matches between min and max. `L`, `W` and `#` forms match one day. */
function count(field: string, min: number, max: number, names: string[] = [], dayForms = false): number {
  if (isAny(field)) return max - min + 1;
  let total = 0;
  for (const part of field.split(',')) {
    if (dayForms && /^(L|LW|\d+W|\d*L|\w+#\d|\w+L)$/.test(part)) {
      total += 1;
      continue;
    }
    const m = /^([^/-]+|\*)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return NaN;
    const value = (s: string) => {
      const i = names.indexOf(s.toUpperCase());
      return i >= 0 ? i + min : Number(s);
    };
    const start = m[1] === '*' ? min : value(m[1]);
    const end = m[2] !== undefined ? value(m[2]) : m[3] !== undefined || m[1] === '*' ? max : start;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (![start, end, step].every(Number.isFinite) || step < 1 || end < start) return NaN;
    total += Math.floor((end - start) / step) + 1;
  }
  return total;
}
