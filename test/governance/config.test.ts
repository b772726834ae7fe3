import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { iamPatternMatches, principalType, principalWarnings } from '../../config/governance-schema';
import { loadConfig, parseConfig } from '../../config/load';
import { tempDir } from '../support/catalog';
import { configProblems as problems, rawDefaultConfig as valid, type RawConfig as Raw } from '../support/config';

const SSO_PATTERN = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_DataEngineer_*';
const rule = (assert: unknown) => ({ Assertions: [{ Assert: assert, AssertDescription: 'why' }] });

describe('governance configuration: accepted values', () => {
  test('organization, OUs, principals, constraints and the StackSet load with their defaults', () => {
    const config = valid();
    config.sharing = { organization: 'o-a1b2c3d4e5', organizationalUnits: ['ou-ab12-cd34ef56'], sharePrincipals: true };
    (config as Record<string, unknown>).principals = ['arn:aws:iam::111122223333:role/PlatformAdmin', SSO_PATTERN];
    (config as Record<string, unknown>).constraints = {
      notificationTopicArn: 'arn:aws:sns:ap-northeast-1:111122223333:catalog-events',
      templateRules: { 'public-ip': { ScheduleRequired: rule({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ScheduleExpression' }, ''] }] }) } },
    };
    config.launchRole.stackSet = { organizationalUnits: ['r-ab12', 'ou-ab12-cd34ef56'] };

    const parsed = parseConfig(config);

    expect(parsed.sharing).toEqual({
      accounts: [],
      shareTagOptions: true,
      organization: 'o-a1b2c3d4e5',
      organizationalUnits: ['ou-ab12-cd34ef56'],
      sharePrincipals: true,
    });
    expect(parsed.principals.map(principalType)).toEqual(['IAM', 'IAM_PATTERN']);
    expect(parsed.launchRole.stackSet).toEqual({
      organizationalUnits: ['r-ab12', 'ou-ab12-cd34ef56'],
      callAs: 'SELF',
      retainStacksOnAccountRemoval: false,
      maxConcurrentPercentage: 25,
      failureTolerancePercentage: 10,
    });
    expect(Object.keys(parsed.constraints.templateRules)).toEqual(['public-ip']);
  });

  test('without the new sections nothing is shared beyond accounts and no constraint is added', () => {
    const parsed = parseConfig(valid());
    expect(parsed.principals).toEqual([]);
    expect(parsed.constraints).toEqual({ templateRules: {} });
    expect(parsed.launchRole.stackSet).toBeUndefined();
  });

  test.each([
    ['arn:aws:iam::111122223333:role/Admin', 'IAM'],
    ['arn:aws:iam::111122223333:user/alice', 'IAM'],
    ['arn:aws:iam::111122223333:group/path/DataEngineers', 'IAM'],
    ['arn:aws:iam:::role/Admin', 'IAM_PATTERN'],
    ['arn:aws:iam:::role/*/DataEngineer_?', 'IAM_PATTERN'],
    ['arn:aws-cn:iam:::group/Analysts*', 'IAM_PATTERN'],
  ])('%s is a principal of type %s', (arn, type) => {
    const config = valid();
    (config as Record<string, unknown>).principals = [arn];
    expect(parseConfig(config).principals.map(principalType)).toEqual([type]);
  });
});

describe('governance configuration: rejections name the field, the value and what is allowed', () => {
  test.each([
    ['a bad OU id', (c: Raw) => (c.sharing.organizationalUnits = ['ou-1']), 'sharing.organizationalUnits.0: got "ou-1", allowed: an OU id such as ou-ab12-cd34ef56'],
    ['a repeated OU', (c: Raw) => (c.sharing.organizationalUnits = ['ou-ab12-cd34ef56', 'ou-ab12-cd34ef56']), 'sharing.organizationalUnits: got ["ou-ab12-cd34ef56","ou-ab12-cd34ef56"], allowed: each OU once'],
    ['a bad organization id', (c: Raw) => (c.sharing.organization = 'org-1'), 'sharing.organization: got "org-1", allowed: an organization id such as o-a1b2c3d4e5'],
    ['a bad account id', (c: Raw) => (c.sharing.accounts = ['4444-5555-6666']), 'sharing.accounts.0: got "4444-5555-6666", allowed: a 12-digit AWS account id'],
    ['sharePrincipals without an organization share', (c: Raw) => (c.sharing.sharePrincipals = true), 'sharing.sharePrincipals: got true, allowed: true only with an organization or OU share'],
    [
      'a pattern with an account id',
      (c: Raw) => ((c as Record<string, unknown>).principals = ['arn:aws:iam::111122223333:role/AWSReservedSSO_*']),
      'principals.0: got "arn:aws:iam::111122223333:role/AWSReservedSSO_*", allowed: an IAM_PATTERN name has no account id',
    ],
    [
      'a wildcard in the resource type',
      (c: Raw) => ((c as Record<string, unknown>).principals = ['arn:aws:iam:::*/Admin']),
      'principals.0: got "arn:aws:iam:::*/Admin", allowed: wildcards only in the path and name of an IAM_PATTERN name',
    ],
    [
      'a pattern of wildcards only',
      (c: Raw) => ((c as Record<string, unknown>).principals = ['arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*']),
      'principals.0: got "arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*", allowed: an IAM_PATTERN name with a fixed part in the name',
    ],
    [
      'a principal that is not IAM',
      (c: Raw) => ((c as Record<string, unknown>).principals = ['arn:aws:sso:::permissionSet/ssoins-1/ps-1']),
      'principals.0: got "arn:aws:sso:::permissionSet/ssoins-1/ps-1", allowed: an IAM role, user or group ARN',
    ],
    [
      'more than 10 patterns',
      (c: Raw) => ((c as Record<string, unknown>).principals = Array.from({ length: 11 }, (_, i) => `arn:aws:iam:::role/Team${i}_*`)),
      'allowed: at most 10 IAM_PATTERN names (Service Catalog limit per portfolio)',
    ],
    [
      'a repeated principal',
      (c: Raw) => ((c as Record<string, unknown>).principals = [SSO_PATTERN, SSO_PATTERN]),
      'allowed: each principal once',
    ],
    [
      'an unknown product id in template rules',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { templateRules: { 'public-ipv6': { R: rule({ 'Fn::Equals': ['a', 'a'] }) } } }),
      'constraints.templateRules.public-ipv6: got "public-ipv6", allowed: a product id: public-ip, nat-gateway, network-firewall, private-link, existing-network',
    ],
    [
      'a rule name that is not alphanumeric',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { templateRules: { 'public-ip': { 'no-dashes': rule({ 'Fn::Equals': ['a', 'a'] }) } } }),
      'allowed: a rule name of letters and digits',
    ],
    [
      'an assertion that is not a rule function',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { templateRules: { 'public-ip': { R: rule({ 'Fn::If': ['c', 'a', 'b'] }) } } }),
      'constraints.templateRules.public-ip.R.Assertions.0.Assert: got {"Fn::If":["c","a","b"]}, allowed: one rule function: Fn::And, Fn::Contains',
    ],
    [
      'a rule without assertions',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { templateRules: { 'public-ip': { R: { Assertions: [] } } } }),
      'constraints.templateRules.public-ip.R.Assertions: got [], allowed: at least one assertion',
    ],
    [
      'a rule with a misspelt key',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { templateRules: { 'public-ip': { R: { Assertion: [] } } } }),
      "constraints.templateRules.public-ip.R: unknown field(s) 'Assertion'",
    ],
    [
      'a notification topic that is not an SNS ARN',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { notificationTopicArn: 'arn:aws:sqs:ap-northeast-1:111122223333:q' }),
      'constraints.notificationTopicArn: got "arn:aws:sqs:ap-northeast-1:111122223333:q", allowed: an SNS topic ARN',
    ],
    [
      'a notification topic in another region',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { notificationTopicArn: 'arn:aws:sns:us-east-1:111122223333:t' }),
      'constraints.notificationTopicArn: got "arn:aws:sns:us-east-1:111122223333:t", allowed: a topic in the portfolio region',
    ],
    [
      'a topic map that misses a portfolio region',
      (c: Raw) => {
        c.portfolio.regions = ['ap-northeast-1', 'us-east-1'];
        (c as Record<string, unknown>).constraints = { notificationTopicArn: { 'us-east-1': 'arn:aws:sns:us-east-1:111122223333:t' } };
      },
      'allowed: a topic ARN for every portfolio region; missing: ap-northeast-1',
    ],
    [
      'a topic map entry in the wrong region',
      (c: Raw) => ((c as Record<string, unknown>).constraints = { notificationTopicArn: { 'ap-northeast-1': 'arn:aws:sns:us-east-1:111122223333:t' } }),
      'constraints.notificationTopicArn.ap-northeast-1: got "arn:aws:sns:us-east-1:111122223333:t", allowed: a topic in ap-northeast-1',
    ],
    [
      'a StackSet target that is not an OU',
      (c: Raw) => (c.launchRole.stackSet = { organizationalUnits: ['111122223333'] }),
      'launchRole.stackSet.organizationalUnits.0: got "111122223333", allowed: an OU id such as ou-ab12-cd34ef56 or the root id r-ab12',
    ],
    ['a StackSet without targets', (c: Raw) => (c.launchRole.stackSet = { organizationalUnits: [] }), 'launchRole.stackSet.organizationalUnits: got [], allowed: at least one OU or root id'],
    [
      'a StackSet with an unknown callAs',
      (c: Raw) => (c.launchRole.stackSet = { organizationalUnits: ['r-ab12'], callAs: 'ADMIN' }),
      'launchRole.stackSet.callAs: got "ADMIN", allowed:',
    ],
    [
      'a StackSet with several regions',
      (c: Raw) => (c.launchRole.stackSet = { organizationalUnits: ['r-ab12'], regions: ['ap-northeast-1'] }),
      "launchRole.stackSet: unknown field(s) 'regions'; allowed: organizationalUnits, region, callAs",
    ],
  ])('rejects %s', (_what, mutate, expected) => {
    expect(problems(mutate).join('\n')).toContain(expected);
  });
});

describe('IAM_PATTERN principals for IAM Identity Center roles: warnings, not rejections', () => {
  const US_EAST_1_ROLE = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataEngineer_0123456789abcdef';
  const REGIONAL_ROLE = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_DataEngineer_0123456789abcdef';
  const OLD_EXAMPLE = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DataEngineer_*';

  test('matching as AssociatePrincipalWithPortfolio documents it: "*" spans "/", "?" is zero or one character', () => {
    // The API reference's own example: role/*/ResourceName_? matches pathA/pathB/ResourceName_1 and pathA/ResourceName_1.
    expect(iamPatternMatches('arn:aws:iam:::role/*/ResourceName_?', 'arn:aws:iam:::role/pathA/pathB/ResourceName_1')).toBe(true);
    expect(iamPatternMatches('arn:aws:iam:::role/*/ResourceName_?', 'arn:aws:iam:::role/pathA/ResourceName_1')).toBe(true);
    expect(iamPatternMatches('arn:aws:iam:::role/*/ResourceName_?', 'arn:aws:iam:::role/pathA/ResourceName_12')).toBe(false);
    expect(iamPatternMatches('arn:aws:iam:::role/*/ResourceName_?', 'arn:aws:iam:::role/pathA/ResourceName_')).toBe(true);
    // ".", "-" and "/" are literal.
    expect(iamPatternMatches('arn:aws:iam:::role/a.b', 'arn:aws:iam:::role/axb')).toBe(false);
    // The old example needs a segment between sso.amazonaws.com/ and the name: it misses the us-east-1 form.
    expect([US_EAST_1_ROLE, REGIONAL_ROLE].map((arn) => iamPatternMatches(OLD_EXAMPLE, arn))).toEqual([false, true]);
    expect([US_EAST_1_ROLE, REGIONAL_ROLE].map((arn) => iamPatternMatches(SSO_PATTERN, arn))).toEqual([true, true]);
  });

  test.each([
    [OLD_EXAMPLE, "matches IAM Identity Center roles only when Identity Center's home region is not us-east-1 (path /aws-reserved/sso.amazonaws.com/<region>/)"],
    ['arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataEngineer_*', "matches IAM Identity Center roles only when Identity Center's home region is us-east-1 (path /aws-reserved/sso.amazonaws.com/)"],
    [
      'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_DataEngineer_*',
      "matches IAM Identity Center roles only when Identity Center's home region is ap-northeast-1 (path /aws-reserved/sso.amazonaws.com/ap-northeast-1/)",
    ],
    ['arn:aws:iam:::role/sso.amazonaws.com/AWSReservedSSO_DataEngineer_*', 'matches neither IAM Identity Center role path'],
  ])('%s warns, naming the field and a pattern that matches both forms', (pattern, expected) => {
    const warnings = principalWarnings(['arn:aws:iam::111122223333:role/PlatformAdmin', pattern]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`principals.1: ${JSON.stringify(pattern)} ${expected}`);
    expect(warnings[0]).toContain(`to match both write ${SSO_PATTERN} ("*" also matches "/" in an IAM_PATTERN)`);
  });

  test.each([
    SSO_PATTERN,
    'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_*Admin*',
    'arn:aws:iam:::role/*AWSReservedSSO_DataEngineer_*',
    'arn:aws:iam:::role/DataEngineers*',
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataEngineer_0123456789abcdef',
  ])('%s does not warn', (pattern) => {
    expect(principalWarnings([pattern])).toEqual([]);
  });

  function configFile(principals: string[]): string {
    const config = valid();
    (config as Record<string, unknown>).principals = principals;
    const file = path.join(tempDir(), 'catalog.yaml');
    fs.writeFileSync(file, stringify(config));
    return file;
  }

  test('the loader reports the warning with the file and still returns the configuration', () => {
    const file = configFile([OLD_EXAMPLE]);
    const warnings: string[] = [];
    const config = loadConfig(file, { onWarning: (w) => warnings.push(w) });
    expect(config.principals).toEqual([OLD_EXAMPLE]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: principals\\.0: `))]);
  });

  test('by default the warning is printed on stderr once, however often the file is loaded', () => {
    const file = configFile([OLD_EXAMPLE]);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      loadConfig(file);
      loadConfig(file);
      const printed = write.mock.calls.map(([text]) => String(text)).filter((t) => t.includes(file));
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(/^Warning: .*principals\.0: .*to match both write/);
    } finally {
      write.mockRestore();
    }
  });

  test('the committed configurations load without warnings', () => {
    for (const file of ['config/default.yaml', ...fs.readdirSync('config/examples').map((f) => path.join('config/examples', f))]) {
      const warnings: string[] = [];
      loadConfig(file, { onWarning: (w) => warnings.push(w) });
      expect([file, warnings]).toEqual([file, []]);
    }
  });
});
