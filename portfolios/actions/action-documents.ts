import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { validateAutomationDocument } from './automation-document-schema';
import { ACTION_DOCUMENTS, checkNetworkDocument, runAgentDocument, type AutomationDocument } from './automation-documents';

/** Logical ids of the runbooks in the member-account stack (tests read them). */
export const ACTION_DOCUMENT_IDS = { runAgent: 'RunAgentNowDocument', checkNetwork: 'CheckNetworkDocument' } as const;

/**
 * The self-service actions' SSM Automation runbooks, created in the member-account stack of every account and
 * portfolio region under fixed names (the portfolio's service actions name them). A runbook that fails its schema
 * check fails the synthesis. UpdateMethod NewVersion: a named document cannot be replaced in place (the name is
 * create-only), so a changed runbook becomes a new version, which CloudFormation makes the default one.
 */
export class ActionDocuments extends Construct {
  readonly documents: Record<keyof typeof ACTION_DOCUMENTS, ssm.CfnDocument>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const document = (key: keyof typeof ACTION_DOCUMENTS, content: AutomationDocument) => {
      const problems = validateAutomationDocument(content, { requireAssumeRole: true });
      if (problems.length) throw new Error(`${ACTION_DOCUMENTS[key]}: the runbook is invalid:\n  - ${problems.join('\n  - ')}`);
      return new ssm.CfnDocument(scope, ACTION_DOCUMENT_IDS[key], {
        name: ACTION_DOCUMENTS[key],
        documentType: 'Automation',
        documentFormat: 'JSON',
        updateMethod: 'NewVersion',
        content,
      });
    };
    this.documents = { runAgent: document('runAgent', runAgentDocument()), checkNetwork: document('checkNetwork', checkNetworkDocument()) };
  }
}
