import { PRODUCT_IDS, type ProductId } from '../../../products/shared/identity';
import { checkVersionHistory } from '../../../products/versioning/history-check';
import type { VerifiedTemplate, VerifyCheck, VerifyFinding } from '../types';

const CHECK_ID = 'version-history';

/**
 * Version rules over each product's committed history (issue 5): a released snapshot never changes (SHA-256 in
 * releases.json), and a breaking upgrade between consecutive releases must be a major version. Runs once per product
 * on the committed files, since a history is a property of the product rather than of one template.
 */
export const versionHistoryCheck: VerifyCheck = {
  id: CHECK_ID,
  description: 'released snapshots unchanged; a breaking upgrade between consecutive versions is a major version',
  applies: (t) => t.kind === 'product',
  all: (templates) => productsOf(templates).flatMap(historyFindings),
};

function productsOf(templates: readonly VerifiedTemplate[]): ProductId[] {
  const names = new Set(templates.map((t) => t.name));
  return PRODUCT_IDS.filter((id) => names.has(id));
}

function historyFindings(productId: ProductId): VerifyFinding[] {
  const result = checkVersionHistory(productId);
  const finding = (severity: VerifyFinding['severity'], version: string, rule: string, message: string): VerifyFinding => ({
    check: CHECK_ID,
    severity,
    template: productId,
    version,
    resource: '-',
    rule,
    message,
  });
  return [
    ...result.problems.map((p) => finding('error', p.version, p.rule, p.message)),
    // A recorded verdict that today's analysis sees differently does not fail verify: the analyzer may have improved.
    ...result.notes.map((note) => finding('warning', '-', 'recorded-verdict-differs', note)),
  ];
}
