import { analyzeContract } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { productTemplate } from '../support/catalog';

/** existing-network behind a TLS-inspecting proxy (issue 14, item 6): what the contract proves about the CA bundle. */
const current = productTemplate('existing-network') as unknown as CfnTemplate;
const ARN = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ProxyCaBundleParameter}';

function contractOf(change: (t: CfnTemplate) => void = () => undefined) {
  const template = structuredClone(current);
  change(template);
  const report = analyzeContract(template, 'existing-network (copy)');
  return { report, findings: report.findings.map((f) => f.replace(/ \(when .*\)$/, '')) };
}

type Statement = { Sid?: string; Effect: string; Action: string; Resource: unknown };
/** The execution role's CA-bundle statements, each an Fn::If on HasProxyCaBundle. */
function caStatements(t: CfnTemplate): Statement[] {
  const policies = t.Resources.AgentExecutionRole.Properties!.Policies as { PolicyDocument: { Statement: { 'Fn::If'?: [string, Statement, unknown] }[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement).flatMap((st) => (st['Fn::If']?.[0] === 'HasProxyCaBundle' ? [st['Fn::If'][1]] : []));
}

describe('existing-network contract: CA bundle of a TLS-inspecting proxy', () => {
  test('holds, and states what it assumes: the PEM in that SSM parameter, an image with /bin/sh', () => {
    const { report } = contractOf();
    expect(report.holds).toBe(true);
    expect(report.assumptions).toContain(
      `the TLS-inspecting proxy's CA (PEM) is in the SSM parameter ${ARN}; the agent image has /bin/sh and an ENTRYPOINT that runs the job's command (the start wrapper writes the bundle, then runs AgentStartCommand)`,
    );
  });

  test('an execution role that cannot read the parameter fails: every run would fail before the container starts', () => {
    const { findings } = contractOf((t) => {
      caStatements(t)[0].Resource = { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/other' };
    });
    expect(findings).toEqual([
      `AgentJobDefinition: the job secret AGENT_PROXY_CA_BUNDLE_PEM comes from ${ARN}, which the execution role AgentExecutionRole may not read (ssm:GetParameters): every run fails before the container starts`,
    ]);
  });

  test('a role that may read every parameter fails least privilege', () => {
    const { findings } = contractOf((t) => {
      caStatements(t)[0].Resource = { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/*' };
    });
    expect(findings).toEqual([
      `AgentExecutionRole: ssm:GetParameters on arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/*: the execution role needs only the CA bundle parameter ${ARN}`,
    ]);
  });

  test('a CA variable left out fails', () => {
    const { findings } = contractOf((t) => {
      const container = t.Resources.AgentJobDefinition.Properties!.ContainerProperties as { Environment: unknown[] };
      container.Environment = container.Environment.filter((e) => !JSON.stringify(e).includes('"REQUESTS_CA_BUNDLE"'));
    });
    expect(findings).toEqual([
      "AgentJobDefinition: REQUESTS_CA_BUNDLE is not set: clients that read it keep trusting only the image's roots and fail on the proxy's re-signed certificates",
    ]);
  });
});
