import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, parseConfig } from '../config/load';
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
