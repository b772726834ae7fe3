import { analyzeContract } from '../../analyzers/contract';
import { isProduct } from '../templates';
import type { VerifyCheck } from '../types';

/** The network promise of every product template, every version (`catalog contract` on each). */
export const networkContractCheck: VerifyCheck = {
  id: 'network-contract',
  description: "the product's network promise, proven from the template (egress paths per AZ)",
  applies: isProduct,
  perTemplate: (t) => {
    const report = analyzeContract(t.template, `${t.name} ${t.version}`);
    return report.findings.map((message) => ({
      check: 'network-contract',
      severity: 'error' as const,
      template: t.name,
      version: t.version,
      // Every finding starts with the route table, route or resource it is about (after "cannot prove: ", if any).
      resource: /^([A-Z][A-Za-z0-9]+)[: ]/.exec(message.replace(/^cannot prove: /, ''))?.[1] ?? '-',
      rule: `${report.productId}-promise`,
      message,
    }));
  },
};
