import * as fs from 'fs';
import { loadConfig } from '../../config/load';
import { resolvePseudo } from '../support/iam-evaluate';
import { memberAccountTemplate, MEMBER_ACCOUNT, PARTITION } from '../support/launch-role-audit';

/**
 * IAM limits the inline policies of one role to 10,240 characters in total, whitespace not counted (IAM user guide,
 * "reference_iam-quotas": role policy size): a launch role over it fails the member-account stack (PutRolePolicy:
 * LimitExceeded) in every account; a managed policy holds at most 6,144.
 */
const CONFIG_FILES = ['config/default.yaml', ...fs.readdirSync('config/examples').filter((f) => f.endsWith('.yaml')).map((f) => `config/examples/${f}`)];

test.each(CONFIG_FILES)('the launch role\'s inline policies fit the role policy quota (%s)', (file) => {
  const template = memberAccountTemplate(loadConfig(file));
  const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
  const policies = role.Properties!.Policies as { PolicyName: string; PolicyDocument: unknown }[];
  const sizes = policies.map((p) => [p.PolicyName, JSON.stringify(resolvePseudo(p.PolicyDocument, { partition: PARTITION, account: MEMBER_ACCOUNT })).length] as const);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  console.log(`${file}: ${sizes.map(([n, s]) => `${n} ${s}`).join(', ')}; total ${total} of 10240`);
  expect(total).toBeLessThanOrEqual(10240);
  // The actions' grants are a managed policy of their own (6,144 characters at most, IAM quotas).
  for (const policy of Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')) {
    expect(JSON.stringify(resolvePseudo(policy.Properties!.PolicyDocument, { partition: PARTITION, account: MEMBER_ACCOUNT })).length).toBeLessThanOrEqual(6144);
  }
});
