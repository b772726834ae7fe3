import * as fs from 'fs';
import * as path from 'path';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import type { VerifiedTemplate, VerifyContext } from '../../scripts/verify/types';
import { defaultConfig, tempDir } from '../support/catalog';

/** A template as verify sees it, written to a temporary file (tools such as cfn-guard read files). */
export function verified(template: CfnTemplate, options: { kind?: 'product' | 'stack'; name?: string; version?: string } = {}): VerifiedTemplate {
  const text = JSON.stringify(template, null, 1);
  const file = path.join(tempDir('verify-fixture-'), `${options.name ?? 'fixture'}.template.json`);
  fs.writeFileSync(file, text);
  return { kind: options.kind ?? 'product', name: options.name ?? 'fixture', version: options.version ?? 'v1.0.0', file, text, template };
}

export function contextOf(templates: VerifiedTemplate[]): VerifyContext {
  return { config: defaultConfig(), templates, constructRoots: [] };
}

/** A small product template that passes every per-template check. */
export function goodProductTemplate(): CfnTemplate {
  return {
    Metadata: {
      'AWS::CloudFormation::Interface': {
        ParameterGroups: [{ Label: { default: 'Logs' }, Parameters: ['LogRetentionDays'] }],
        ParameterLabels: { LogRetentionDays: { default: 'Log retention (days)' } },
      },
    },
    Parameters: { LogRetentionDays: { Type: 'Number', Default: '90', AllowedValues: ['90', '365'], Description: 'How long the logs are kept.' } },
    Resources: { AgentLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'LogRetentionDays' } } } },
  };
}
