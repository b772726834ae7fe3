import { PRODUCT_IDS } from '../../products/shared/identity';
import { costAlternatives } from '../../scripts/cost/alternatives';
import type { Template } from '../../scripts/cost/evaluate';
import { costProduct } from '../../scripts/cost/model';
import { loadPriceTable } from '../../scripts/cost/prices';
import { productTemplate } from '../support/catalog';

/** `catalog cost` shows, beside each default launch, the other choices that change what it bills every hour. */
describe('cost alternatives', () => {
  const table = loadPriceTable();
  const alternativesOf = (id: (typeof PRODUCT_IDS)[number], azCount?: number) => {
    const product = { id, version: 'test', template: productTemplate(id) as unknown as Template };
    const base = costProduct(product, table, { region: 'ap-northeast-1', azCount });
    return costAlternatives(product, table, { region: 'ap-northeast-1' }, base).map((a) => [a.parameters, a.fixedMonthlyUsd]);
  };

  test('only private-link has one: Secrets Manager; AZ-spread parameters stay --az-count\'s', () => {
    expect(Object.fromEntries(PRODUCT_IDS.map((id) => [id, alternativesOf(id)]))).toEqual({
      'public-ip': [],
      'nat-gateway': [],
      'network-firewall': [],
      'private-link': [[{ CredentialStores: 'parameter-store-and-secrets-manager' }, 61.32]],
      'existing-network': [],
    });
  });

  test('with --az-count 2 the alternative keeps the two AZs: 6 endpoints × 2 AZs', () => {
    expect(alternativesOf('private-link', 2)).toEqual([[{ CredentialStores: 'parameter-store-and-secrets-manager', EndpointAzCount: '2' }, 122.64]]);
  });
});
