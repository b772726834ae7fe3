import type { z } from 'zod';
import { distributionProblems } from '../products/shared/distribution-values';
import type { CatalogConfig } from './schema';

/**
 * The configuration's distribution values (agent image per region, vendor domains) must be launchable in every
 * portfolio region; the rules are in products/shared/distribution-values.ts, next to the values themselves.
 */
export function checkDistribution(config: Pick<CatalogConfig, 'agent' | 'portfolio'>, ctx: z.RefinementCtx): void {
  if (!config?.agent || !Array.isArray(config.portfolio?.regions) || !Array.isArray(config.agent.vendorDomains)) return;
  for (const problem of distributionProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
}
