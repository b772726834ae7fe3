import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { VERSION_STATUS_RESOURCE_TYPE } from '../../products/versioning/status-resource/version-status';
import { synthesizeCatalog, type CatalogSynthesis } from '../../scripts/catalog-build/synth';
import { DEFAULT_CONFIG, defaultSynthesis, readTemplate, tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';
import { ProductsCopy } from './product-copy';

// The version status handler is packaged from dist/: jest's global setup compiles dist/ first (test/support/jest/global-setup.ts).

function portfolioTemplate(synthesis: CatalogSynthesis): Template {
  const stack = synthesis.assembly.getStackByName('AgentNetworkCatalog-ap-northeast-1');
  return Template.fromJSON(readTemplate(path.join(synthesis.assembly.directory, stack.templateFile)));
}

function productLogicalId(template: Template): string {
  const products = template.findResources('AWS::ServiceCatalog::CloudFormationProduct', { Properties: { Name: 'Metadata agent - public IP' } });
  return Object.keys(products)[0];
}

describe('version status applied at deploy by the portfolio stack', () => {
  test('one status custom resource per product lists every released version with its releases.json status', () => {
    const template = portfolioTemplate(defaultSynthesis());
    const product = productLogicalId(template);

    template.hasResourceProperties(VERSION_STATUS_RESOURCE_TYPE, {
      ProductId: { Ref: product },
      Versions: [
        { Name: 'v1.0.0', Status: 'deprecated' },
        { Name: 'v1.1.0', Status: 'deprecated' },
        { Name: 'v1.2.0', Status: 'active' },
        { Name: 'v1.3.0', Status: 'active' },
      ],
      ProvisioningArtifactIds: { 'Fn::GetAtt': [product, 'ProvisioningArtifactIds'] },
    });
    expect(Object.keys(template.findResources(VERSION_STATUS_RESOURCE_TYPE))).toContainEqual(expect.stringMatching(/^PublicIpVersionStatus[0-9A-F]{8}$/));
  });

  describe('after `catalog status`', () => {
    let copy: ProductsCopy;
    beforeAll(() => {
      copy = new ProductsCopy();
    });
    afterAll(() => copy.restore());

    test('a version made inactive is deployed as inactive', async () => {
      expect((await runCatalog(['status', 'public-ip', 'v1.0.0', 'inactive'])).code).toBe(0);

      const template = portfolioTemplate(synthesizeCatalog({ configFile: DEFAULT_CONFIG, outdir: tempDir() }));

      template.hasResourceProperties(VERSION_STATUS_RESOURCE_TYPE, {
        ProductId: { Ref: productLogicalId(template) },
        Versions: [
          { Name: 'v1.0.0', Status: 'inactive' },
          { Name: 'v1.1.0', Status: 'deprecated' },
          { Name: 'v1.2.0', Status: 'active' },
          { Name: 'v1.3.0', Status: 'active' },
        ],
      });
    });
  });
});
