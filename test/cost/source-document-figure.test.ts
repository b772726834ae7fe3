import { costAlternatives } from '../../scripts/cost/alternatives';
import type { Template } from '../../scripts/cost/evaluate';
import { costProduct } from '../../scripts/cost/model';
import { loadPriceTable } from '../../scripts/cost/prices';
import { renderCostComparison } from '../../scripts/cost/render';
import { productTemplate } from '../support/catalog';

/**
 * The source document: "making all traffic private needs at least 5 interface endpoints, 51.10 USD per month for
 * endpoint hosting alone" (2022-05-17) — ecr.api, ecr.dkr, logs, ssm and sts in one AZ in Tokyo.
 */
describe("the source document's PrivateLink figure, from the private-link template", () => {
  // The test helper types Parameters loosely; the cost model reads Type/Default/AllowedValues from the same JSON.
  const template = productTemplate('private-link') as unknown as Template;
  const table = loadPriceTable();

  test('one AZ, credentials in Parameter Store only: ecr.api + ecr.dkr + logs + sts + ssm = 5 × 0.014 × 730 = 51.10 USD', () => {
    const cost = costProduct({ id: 'private-link', version: 'test', template }, table, {
      region: 'ap-northeast-1',
      azCount: 1,
      parameters: { CredentialStores: 'parameter-store' },
    });
    expect(cost.lineItems.filter((i) => i.priceKey === 'interfaceEndpointAzHour')).toEqual([
      {
        name: 'Interface endpoints (ecr.api, ecr.dkr, logs, sts, ssm) × 1 AZ',
        kind: 'hourly',
        count: 5,
        quantity: 3650,
        unit: 'endpoint-AZ-hour',
        priceKey: 'interfaceEndpointAzHour',
        unitUsd: 0.014,
        monthlyUsd: 51.1,
      },
    ]);
    expect(cost.fixedMonthlyUsd).toBe(51.1);
  });

  test('the product default is that figure; Secrets Manager is the costed alternative: 6 × 0.014 × 730 = 61.32 USD; two AZs double it', () => {
    const defaults = costProduct({ id: 'private-link', version: 'test', template }, table, { region: 'ap-northeast-1' });
    expect(defaults.parameters).toEqual({});
    expect(defaults.fixedMonthlyUsd).toBe(51.1);
    const alternatives = costAlternatives({ id: 'private-link', version: 'test', template }, table, { region: 'ap-northeast-1' }, defaults);
    expect(alternatives.map((a) => [a.parameters, a.fixedMonthlyUsd])).toEqual([[{ CredentialStores: 'parameter-store-and-secrets-manager' }, 61.32]]);
    expect(renderCostComparison([defaults], alternatives).split('\n').slice(2)).toEqual([
      expect.stringMatching(/^private-link +ap-northeast-1 +1 +51\.10 +0\.92 +52\.02$/),
      expect.stringMatching(/^private-link \(CredentialStores=parameter-store-and-secrets-manager\) +ap-northeast-1 +1 +61\.32 +0\.92 +62\.24$/),
    ]);
    const twoAzs = costProduct({ id: 'private-link', version: 'test', template }, table, { region: 'ap-northeast-1', azCount: 2 });
    expect(twoAzs.parameters).toEqual({ EndpointAzCount: '2' });
    expect(twoAzs.fixedMonthlyUsd).toBe(102.2);
  });
});
