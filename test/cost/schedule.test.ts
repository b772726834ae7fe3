import { runsPerMonth } from '../../scripts/cost/schedule';

describe('runs per month of a schedule expression (30-day month)', () => {
  test.each([
    ['cron(0 3 * * ? *)', 30],
    ['cron(0 3,15 * * ? *)', 60],
    ['cron(0/30 * * * ? *)', 1440],
    ['cron(0 3 ? * MON-FRI *)', (5 * 30) / 7],
    ['cron(0 3 1 * ? *)', 1],
    ['cron(0 3 1,15 * ? *)', 2],
    ['cron(0 3 L * ? *)', 1],
    ['cron(0 3 * JAN,JUL ? *)', 5],
    ['rate(1 day)', 30],
    ['rate(6 hours)', 120],
    ['rate(30 minutes)', 1440],
  ])('%s → %p', (expression, runs) => {
    expect(runsPerMonth(expression)).toBeCloseTo(runs, 10);
  });

  test.each(['at(2026-12-01T00:00:00)', 'cron(0 3 * *)', 'cron(x 3 * * ? *)'])('%s cannot be read', (expression) => {
    expect(runsPerMonth(expression)).toBeUndefined();
  });
});
