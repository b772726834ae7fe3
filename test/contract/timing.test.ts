import { PRODUCT_IDS } from '../../products/shared/identity';
import { analyzeContract } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { releasedTemplates } from '../support/catalog';

// The contract stays under 100 ms per template. CPU time (not wall time) of the analysis after a warm-up run, the
// median of three, so other processes on a busy machine do not decide the result.
test.each(PRODUCT_IDS.flatMap((p) => releasedTemplates(p).map((r) => [p, r.version, r.template as unknown as CfnTemplate] as const)))('%s %s: contract under 100 ms of CPU', (_, version, template) => {
  analyzeContract(template, version);
  const runs = [0, 1, 2].map(() => {
    const start = process.cpuUsage();
    analyzeContract(template, version);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
  expect(runs.sort((a, b) => a - b)[1]).toBeLessThan(100);
});
