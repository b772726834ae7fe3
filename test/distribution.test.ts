import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { loadConfig, parseConfig } from '../config/load';
import type { CatalogConfig } from '../config/schema';
import { PortfolioStack } from '../portfolios/portfolio-stack';
import { productDefinition } from '../products/catalog';
import { PRODUCTS } from '../products/catalog';
import { distributionValues } from '../products/shared/distribution-values';
import { DISTRIBUTION_PARAMETERS } from '../products/shared/member-account';
import type { SynthesizedProduct } from '../products/synthesize';
import { launchableReleases, distributionMismatches } from '../products/versioning/distribution-fit';
import { readReleases, ReleaseError } from '../products/versioning/release-records';
import { defaultConfig, productTemplate, releasedTemplates } from './support/catalog';
import { configProblems, rawDefaultConfig } from './support/config';

/**
 * Item 3 and 4 of issue 12: a distribution's choices (image per region, vendor role, vendor domains, credentials
 * prefix) are read at launch from SSM, so a product template is the same for every configuration; the build refuses
 * a region whose image the products cannot pull.
 */

const CONFIG_FILES = ['config/default.yaml', ...fs.readdirSync('config/examples').map((f) => `config/examples/${f}`)];

/** A distribution that differs in every distribution value from the vendor's default. */
function otherDistribution(): CatalogConfig {
  const raw = rawDefaultConfig();
  raw.portfolio.regions = ['eu-west-1', 'us-west-2'];
  raw.agent = {
    images: {
      'eu-west-1': '999988887777.dkr.ecr.eu-west-1.amazonaws.com/team/agent@sha256:' + 'b'.repeat(64),
      'us-west-2': '999988887777.dkr.ecr.us-west-2.amazonaws.com/team/agent:2.3.4',
    },
    vendorRoleArn: 'arn:aws:iam::999988887777:role/OtherVendorAccess',
    credentialsPrefix: 'other/prefix',
    vendorDomains: ['api.other-vendor.example', '.telemetry.other-vendor.example'],
  };
  return parseConfig(raw, 'other distribution');
}

describe('product templates do not depend on the configuration', () => {
  const configs: [string, CatalogConfig][] = [...CONFIG_FILES.map((f) => [f, loadConfig(f)] as [string, CatalogConfig]), ['another distribution', otherDistribution()]];

  test('the committed configurations and the other distribution differ in their distribution values', () => {
    const values = configs.map(([, c]) => JSON.stringify(Object.values(distributionValues(c))));
    expect(new Set(values).size).toBeGreaterThanOrEqual(3);
  });

  test.each(PRODUCTS.map((p) => p.id))('%s: byte-identical for %s', (productId) => {
    const [first, ...others] = configs.map(([name, config]) => [name, JSON.stringify(productTemplate(productId, config), null, 1)] as const);
    for (const [name, text] of others) expect([name, text]).toEqual([name, first[1]]);
    for (const [, config] of configs) {
      const text = first[1];
      for (const value of Object.values(distributionValues(config)).flatMap((v) => [v.agentImage, v.vendorRoleArn].flat())) expect(text).not.toContain(value);
    }
  });

  test.each(PRODUCTS.map((p) => p.id))('%s: every distribution parameter is an SSM parameter of its fixed name, in the catalog settings group', (productId) => {
    const template = productTemplate(productId);
    const names = Object.values(DISTRIBUTION_PARAMETERS) as string[];
    const ssm = Object.entries(template.Parameters ?? {}).filter(([, p]) => String(p.Type).startsWith('AWS::SSM::Parameter::Value<'));
    expect(ssm.length).toBeGreaterThanOrEqual(4);
    for (const [id, p] of ssm) {
      expect([id, names.includes(p.Default as string), p.AllowedValues]).toEqual([id, true, [p.Default]]);
    }
    const ui = template.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] };
    const group = ui.ParameterGroups.find((g) => g.Label.default === 'Catalog settings (set by your platform team)');
    expect(group?.Parameters.sort()).toEqual(ssm.map(([id]) => id).sort());
    expect(ui.ParameterGroups.at(-1)).toBe(group);
  });
});

describe('distribution values per portfolio region', () => {
  test('one image for every region of the default configuration', () => {
    expect(distributionValues(defaultConfig())).toEqual({
      'ap-northeast-1': {
        agentImage: '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/metadata-agent:1.0.0',
        agentImageRepositoryArn: 'arn:aws:ecr:ap-northeast-1:111122223333:repository/metadata-agent',
        vendorRoleArn: 'arn:aws:iam::111122223333:role/MetadataAgentCustomerAccess',
        egressDomains: ['.example-datacatalog.com', '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com'],
        credentialsPrefix: 'metadata-agent',
      },
    });
  });

  test('customer-hosted: each region its own ECR replica, repository and registry host', () => {
    const values = distributionValues(loadConfig('config/examples/customer-hosted.yaml'));
    expect(Object.keys(values)).toEqual(['ap-northeast-1', 'us-east-1']);
    expect(values['us-east-1']).toEqual({
      agentImage: '210987654321.dkr.ecr.us-east-1.amazonaws.com/metadata-agent:1.0.0',
      agentImageRepositoryArn: 'arn:aws:ecr:us-east-1:210987654321:repository/metadata-agent',
      vendorRoleArn: 'arn:aws:iam::111122223333:role/MetadataAgentCustomerAccess',
      egressDomains: ['.example-datacatalog.com', '210987654321.dkr.ecr.us-east-1.amazonaws.com'],
      credentialsPrefix: 'metadata-agent',
    });
    expect(values['ap-northeast-1'].agentImageRepositoryArn).toBe('arn:aws:ecr:ap-northeast-1:210987654321:repository/metadata-agent');
  });

  test("an image in another region's ECR opens that region's ECR API and layer bucket (computed even though the build refuses it)", () => {
    const config = { ...defaultConfig(), portfolio: { ...defaultConfig().portfolio, regions: ['us-east-1'] } };
    expect(distributionValues(config)['us-east-1'].egressDomains).toEqual([
      '.example-datacatalog.com',
      '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com',
      'api.ecr.ap-northeast-1.amazonaws.com',
      'prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com',
    ]);
  });

  test('an image outside private ECR has no repository ARN ("none") and its registry hosts', () => {
    const config = { ...defaultConfig(), agent: { ...defaultConfig().agent, image: 'vendor/agent:1.0.0' } };
    const values = distributionValues(config)['ap-northeast-1'];
    expect(values.agentImageRepositoryArn).toBe('none');
    expect(values.egressDomains).toEqual(['.example-datacatalog.com', 'registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com']);
  });
});

describe('the build refuses a region whose image the products cannot pull', () => {
  test('the example before this change: one ap-northeast-1 ECR image for ap-northeast-1 and us-east-1', () => {
    const found = configProblems((c) => {
      c.portfolio.regions = ['ap-northeast-1', 'us-east-1'];
    });
    expect(found).toEqual([
      'agent.image: got "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/metadata-agent:1.0.0", allowed: a private ECR image in us-east-1 for the portfolio region us-east-1 ' +
        "(this is an image in the ECR of ap-northeast-1): the private-link product has no internet path and its ECR interface endpoints reach only the launch region's ECR, " +
        'so it cannot pull this image in us-east-1. Replicate the repository to us-east-1 (ECR cross-region replication) and name the replica in agent.images.us-east-1',
    ]);
  });

  test('a Docker Hub image', () => {
    const found = configProblems((c) => (c.agent.image = 'vendor/agent:1.0.0'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('agent.image: got "vendor/agent:1.0.0", allowed: a private ECR image in ap-northeast-1 for the portfolio region ap-northeast-1 (this is an image outside private ECR)');
  });

  test('a per-region image in the wrong region names agent.images.<region>', () => {
    const found = configProblems((c) => {
      c.portfolio.regions = ['ap-northeast-1', 'us-east-1'];
      c.agent.images = { 'us-east-1': '111122223333.dkr.ecr.us-west-2.amazonaws.com/metadata-agent:1.0.0' };
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^agent\.images\.us-east-1: got ".*us-west-2.*", allowed: a private ECR image in us-east-1 .*in the ECR of us-west-2/);
  });

  test('a region without an image, and an agent.images region that is not a portfolio region', () => {
    const found = configProblems((c) => {
      delete c.agent.image;
      c.agent.images = { 'eu-west-1': '111122223333.dkr.ecr.eu-west-1.amazonaws.com/metadata-agent:1.0.0' };
    });
    expect(found).toEqual([
      'agent.images.eu-west-1: got "111122223333.dkr.ecr.eu-west-1.amazonaws.com/metadata-agent:1.0.0", allowed: only portfolio regions: ap-northeast-1',
      'agent.image: got undefined, allowed: an image for every portfolio region (agent.image, or agent.images per region); missing: ap-northeast-1',
    ]);
  });

  test('every committed configuration passes', () => {
    for (const file of CONFIG_FILES) expect(() => loadConfig(file)).not.toThrow();
  });
});

describe('released versions that embed another distribution\'s values are not offered', () => {
  const other = otherDistribution();

  test.each(PRODUCTS.map((p) => p.id))('%s: every released snapshot fits the default configuration; those that embed the vendor default image and role fit no other', (productId) => {
    const embedding = releasedTemplates(productId).filter(({ template }) => typeof embeddedImage(template) === 'string');
    expect(embedding.map((r) => r.version)).toContain('v1.0.0');
    for (const { version, template } of releasedTemplates(productId)) {
      expect([version, distributionMismatches(template, defaultConfig(), 'ap-northeast-1')]).toEqual([version, []]);
    }
    for (const { template } of embedding) {
      const reasons = distributionMismatches(template, other, 'eu-west-1');
      expect(reasons.join('\n')).toContain('it embeds the agent image (AgentJobDefinition) 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/metadata-agent:1.0.0');
      expect(reasons.join('\n')).toContain('vendor role');
    }
  });

  test('network-firewall v1.0.0 also embeds the allowlist domains', () => {
    const [{ template }] = releasedTemplates('network-firewall');
    const config = defaultConfig();
    const moreDomains = { ...config, agent: { ...config.agent, vendorDomains: [...config.agent.vendorDomains, 'api.new.example'] } };
    expect(distributionMismatches(template, moreDomains, 'ap-northeast-1')).toEqual([
      "its firewall allowlist (EgressDomainAllowlist) embeds the domains .example-datacatalog.com, 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com, not this configuration's " +
        '.example-datacatalog.com, api.new.example, 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com (ap-northeast-1)',
    ]);
  });

  test('a template that reads the values at launch fits every distribution', () => {
    for (const { id } of PRODUCTS) expect(distributionMismatches(productTemplate(id), other, 'us-west-2')).toEqual([]);
  });

  test('launchableReleases lists what is left out and why', () => {
    const manifest = readReleases('public-ip');
    const embedding = releasedTemplates('public-ip').filter(({ template }) => typeof embeddedImage(template) === 'string').map((r) => r.version);
    const fits = launchableReleases('public-ip', manifest, defaultConfig(), 'ap-northeast-1');
    expect(fits.launchable.map((l) => l.release.version)).toEqual(manifest.releases.map((r) => r.version));
    expect(fits.leftOut).toEqual([]);
    const other_ = launchableReleases('public-ip', manifest, other, 'eu-west-1');
    expect(other_.leftOut.map((l) => l.version)).toEqual(embedding);
    expect(other_.launchable.map((l) => l.release.version)).toEqual(manifest.releases.map((r) => r.version).filter((v) => !embedding.includes(v)));
    expect(other_.leftOut[0].reasons.join('; ')).toContain("not this configuration's 999988887777.dkr.ecr.eu-west-1.amazonaws.com/team/agent@sha256:");
  });

  test('the portfolio stack fails the build, naming product, region and reasons, when no released version is left', () => {
    // Only the released snapshots matter here: a stand-in for the synthesized current version of public-ip.
    const manifest = readReleases('public-ip');
    const v1 = { ...manifest, releases: manifest.releases.filter((r) => ['v1.0.0', 'v1.1.0'].includes(r.version)) };
    const built = { definition: productDefinition('public-ip'), version: 'v1.1.0', manifest: v1 } as unknown as SynthesizedProduct;
    const build = () => new PortfolioStack(new App(), 'Portfolio', { env: { region: 'eu-west-1' }, config: other, products: [built] });
    expect(build).toThrow(ReleaseError);
    expect(build).toThrow(/^public-ip: no released version can launch with this configuration in eu-west-1; every one embeds other distribution values:\n {2}- v1\.0\.0: it embeds .*the agent image \(AgentJobDefinition\) 111122223333/);
    expect(build).toThrow(/Release the current code, which reads them at launch from SSM: `catalog release public-ip <next version> --notes "\.\.\."`\.$/);
  });
});

/** The literal agent image of a template's job definition, if it embeds one (released before SSM settings). */
function embeddedImage(template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }): unknown {
  const job = Object.values(template.Resources).find((r) => r.Type === 'AWS::Batch::JobDefinition');
  return (job?.Properties?.ContainerProperties as { Image?: unknown } | undefined)?.Image;
}
