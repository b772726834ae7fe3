import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, parseConfig } from '../config/load';
import { productContacts } from '../portfolios/portfolio-stack';
import { tempDir } from './support/catalog';
import { configProblems as problems, rawDefaultConfig as valid } from './support/config';

describe('catalog configuration', () => {
  test('the default configuration loads', () => {
    const config = loadConfig('config/default.yaml');
    expect(config.portfolio.regions).toEqual(['ap-northeast-1']);
    expect(config.sharing.accounts).toEqual(['444455556666']);
  });

  test('defaults fill optional fields', () => {
    const config = valid();
    delete config.sharing;
    delete config.tagOptions;
    const parsed = parseConfig(config);
    expect(parsed.sharing).toEqual({ accounts: [], shareTagOptions: true, organizationalUnits: [], sharePrincipals: false });
    expect(parsed.tagOptions).toEqual({});
  });

  test.each([
    ['a region name', (c: ReturnType<typeof valid>) => (c.portfolio.regions = ['tokyo']), 'portfolio.regions.0: got "tokyo", allowed: an AWS region name'],
    ['no region', (c: ReturnType<typeof valid>) => (c.portfolio.regions = []), 'portfolio.regions: got [], allowed: at least one region'],
    ['a repeated region', (c: ReturnType<typeof valid>) => (c.portfolio.regions = ['us-east-1', 'us-east-1']), 'portfolio.regions: got ["us-east-1","us-east-1"], allowed: each region once'],
    ['an empty display name', (c: ReturnType<typeof valid>) => (c.portfolio.displayName = ''), 'portfolio.displayName: got "", allowed: a non-empty name'],
    ['a long provider name', (c: ReturnType<typeof valid>) => (c.portfolio.providerName = 'x'.repeat(51)), 'portfolio.providerName: got "xxxx'],
    ['an image without tag', (c: ReturnType<typeof valid>) => (c.agent.image = '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/agent'), 'agent.image: got "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/agent", allowed: an image reference with a tag or digest'],
    ['a vendor role that is a user', (c: ReturnType<typeof valid>) => (c.agent.vendorRoleArn = 'arn:aws:iam::111122223333:user/bob'), 'agent.vendorRoleArn: got "arn:aws:iam::111122223333:user/bob", allowed: an IAM role ARN'],
    ['a credentials prefix with a leading slash', (c: ReturnType<typeof valid>) => (c.agent.credentialsPrefix = '/agent'), 'agent.credentialsPrefix: got "/agent", allowed: a Parameter Store / Secrets Manager name prefix'],
    ['an upper-case vendor domain', (c: ReturnType<typeof valid>) => (c.agent.vendorDomains = ['Vendor.COM']), 'agent.vendorDomains.0: got "Vendor.COM", allowed: a lower-case domain name'],
    ['a launch role name with a space', (c: ReturnType<typeof valid>) => (c.launchRole.name = 'launch role'), 'launchRole.name: got "launch role", allowed: an IAM role name of 1-64 characters'],
    ['a TagOption key without values', (c: ReturnType<typeof valid>) => (c.tagOptions = { Team: [] }), 'tagOptions.Team: got [], allowed: at least one value'],
    ['more than 25 TagOption values', (c: ReturnType<typeof valid>) => (c.tagOptions = { Team: Array.from({ length: 26 }, (_, i) => `t${i}`) }), 'allowed: at most 25 TagOption values in all'],
    ['a short account id', (c: ReturnType<typeof valid>) => (c.sharing.accounts = ['12345']), 'sharing.accounts.0: got "12345", allowed: a 12-digit AWS account id'],
    ['an account id as a number', (c: ReturnType<typeof valid>) => (c.sharing.accounts = [444455556666]), 'sharing.accounts.0: got 444455556666, expected string'],
    ['a repeated account', (c: ReturnType<typeof valid>) => (c.sharing.accounts = ['444455556666', '444455556666']), 'allowed: each account once'],
    ['shareTagOptions not a boolean', (c: ReturnType<typeof valid>) => (c.sharing.shareTagOptions = 'yes'), 'sharing.shareTagOptions: got "yes", expected boolean'],
  ])('rejects %s, naming field, value and what is allowed', (_what, mutate, expected) => {
    expect(problems(mutate).join('\n')).toContain(expected);
  });

  describe('console support fields', () => {
    test('owner and distributor default to providerName; the support contact is optional', () => {
      const config = valid();
      config.portfolio.support = { email: 'help@vendor.io', url: 'https://help.vendor.io/agent?ref=catalog' };
      const parsed = parseConfig(config);
      expect(parsed.portfolio.support).toEqual({ email: 'help@vendor.io', url: 'https://help.vendor.io/agent?ref=catalog' });
      expect(productContacts(parsed)).toEqual({
        owner: 'Example Data Catalog Vendor',
        distributor: 'Example Data Catalog Vendor',
        supportEmail: 'help@vendor.io',
        supportUrl: 'https://help.vendor.io/agent?ref=catalog',
        supportDescription: undefined,
      });
      delete config.portfolio.support;
      expect(parseConfig(config).portfolio.support).toBeUndefined();
    });

    test('owner and distributor distinct where the configuration says so', () => {
      const config = valid();
      Object.assign(config.portfolio, { owner: 'Example Corp Cloud Platform', distributor: 'Example Data Catalog Vendor' });
      expect(productContacts(parseConfig(config))).toMatchObject({ owner: 'Example Corp Cloud Platform', distributor: 'Example Data Catalog Vendor' });
    });

    const support = (fields: Record<string, unknown>) => (c: ReturnType<typeof valid>) => (c.portfolio.support = fields);
    test.each([
      ['an email without domain', support({ email: 'support' }), 'portfolio.support.email: got "support", allowed: an email address such as support@example.com'],
      // aws-cdk-lib's CloudFormationProduct would throw on this at synth; refused here with the field named.
      ['an email with a 5-letter top-level domain', support({ email: 'help@vendor.cloud' }), 'portfolio.support.email: got "help@vendor.cloud", allowed: an email address such as support@example.com (a top-level domain of 2-4 letters'],
      ['an email over 254 characters', support({ email: `${'a'.repeat(250)}@x.io` }), 'allowed: an email address of at most 254 characters'],
      ['an http URL', support({ url: 'http://support.example.com' }), 'portfolio.support.url: got "http://support.example.com", allowed: an https URL such as https://support.example.com/agent'],
      ['a URL with a space', support({ url: 'https://support.example.com/my page' }), 'portfolio.support.url: got "https://support.example.com/my page", allowed: an https URL'],
      ['a URL over 2083 characters', support({ url: `https://x.io/${'a'.repeat(2080)}` }), 'allowed: an https URL of at most 2083 characters'],
      ['an empty support description', support({ description: '' }), 'portfolio.support.description: got "", allowed: a non-empty text, or leave the field out'],
      ['a support description over 8191 characters', support({ description: 'x'.repeat(8192) }), 'allowed: at most 8191 characters'],
      ['an unknown support field', support({ phone: '+81 3 0000 0000' }), "portfolio.support: unknown field(s) 'phone'; allowed: email, url, description"],
      ['an empty owner', (c: ReturnType<typeof valid>) => (c.portfolio.owner = ''), 'portfolio.owner: got "", allowed: a non-empty owner name, or leave the field out for providerName'],
      ['a distributor over 8191 characters', (c: ReturnType<typeof valid>) => (c.portfolio.distributor = 'd'.repeat(8192)), 'portfolio.distributor: got "dddd'],
      ['a distributor over 8191 characters (limit named)', (c: ReturnType<typeof valid>) => (c.portfolio.distributor = 'd'.repeat(8192)), 'allowed: at most 8191 characters'],
    ])('rejects %s, naming field, value and what is allowed', (_what, mutate, expected) => {
      expect(problems(mutate).join('\n')).toContain(expected);
    });
  });

  test('rejects unknown fields and lists the allowed ones', () => {
    const found = problems((c) => (c.agent.imageUri = 'x'));
    expect(found).toContainEqual("agent: unknown field(s) 'imageUri'; allowed: image, images, vendorRoleArn, credentialsPrefix, vendorDomains");
  });

  test('rejects a missing required field', () => {
    expect(problems((c) => delete c.launchRole.name)).toContainEqual('launchRole.name: required (string) but missing');
  });

  test('reports every problem at once', () => {
    const found = problems((c) => {
      c.portfolio.regions = ['x'];
      c.agent.image = 'nope';
    });
    expect(found).toHaveLength(2);
  });

  test('names the file when it cannot be read or parsed', () => {
    const dir = tempDir();
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'portfolio: [unclosed');
    expect(() => loadConfig(broken)).toThrow(new RegExp(`Invalid catalog configuration ${broken}:\\n  - not valid YAML/JSON`));
    expect(() => loadConfig(path.join(dir, 'missing.yaml'))).toThrow(/missing\.yaml:\n {2}- cannot read the file/);
  });

  test('accepts JSON as well as YAML', () => {
    const file = path.join(tempDir(), 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(valid()));
    expect(loadConfig(file).launchRole.name).toBe('AgentNetworkCatalogLaunchRole');
  });
});
