import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { ACTION_DOCUMENTS } from '../../portfolios/actions/automation-documents';
import { PRODUCT_IDS } from '../../products/shared/identity';
import { readReleases } from '../../products/versioning/release-records';
import { readTemplate } from '../support/catalog';
import { releasedCatalog } from './released-catalog';

const { synthesis, copy, released } = releasedCatalog();
afterAll(() => {
  copy.restore();
  fs.rmSync(synthesis.outdir, { recursive: true, force: true });
});
const portfolio = readTemplate(path.join(synthesis.assembly.directory, synthesis.assembly.getStackByName('AgentNetworkCatalog-ap-northeast-1').templateFile));
const resources = (type: string) => Object.entries(portfolio.Resources).filter(([, r]) => r.Type === type);

/** ProductConstructId → { artifact attribute → version } from the associations' GetAtt on the version status resource. */
function associations(actionLogicalId: string): string[] {
  return resources('AWS::ServiceCatalog::ServiceActionAssociation')
    .filter(([, r]) => (r.Properties!.ServiceActionId as { Ref: string }).Ref === actionLogicalId)
    .map(([, r]) => {
      const product = (r.Properties!.ProductId as { Ref: string }).Ref;
      const [statusResource, attribute] = (r.Properties!.ProvisioningArtifactId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(statusResource).toMatch(/VersionStatus/);
      return `${product.replace(/[0-9A-F]{8}$/, '')} ${attribute}`;
    })
    .sort();
}

describe('self-service actions in the portfolio stack', () => {
  const actions = resources('AWS::ServiceCatalog::ServiceAction');
  const byName = (name: string) => actions.find(([, r]) => r.Properties!.Name === name)!;

  test('two SSM Automation actions naming the member-account runbooks, run with the launch role, the provisioned product as TARGET', () => {
    expect(actions.map(([, r]) => r.Properties!.Name).sort()).toEqual(['Check-the-network', 'Run-the-agent-now']);
    for (const [name, document] of [
      ['Run-the-agent-now', ACTION_DOCUMENTS.runAgent],
      ['Check-the-network', ACTION_DOCUMENTS.checkNetwork],
    ]) {
      const [, action] = byName(name);
      expect(action.Properties!.DefinitionType).toBe('SSM_AUTOMATION');
      expect(action.Properties!.Definition).toEqual([
        { Key: 'Name', Value: document },
        { Key: 'Version', Value: '$DEFAULT' },
        { Key: 'AssumeRole', Value: 'LAUNCH_ROLE' },
        { Key: 'Parameters', Value: '[{"Name":"ProvisionedProductId","Type":"TARGET"}]' },
      ]);
      expect(String(action.Properties!.Description).length).toBeLessThanOrEqual(1024);
      expect(name).toMatch(/^[a-zA-Z0-9_\-.]{1,256}$/);
    }
  });

  test('each action is associated with every active version whose template has what its runbook reads, and no other', () => {
    /** The first release of each product whose snapshot has the NetworkAccessScopeId and -Expectation outputs. */
    const FIRST_WITH_ACCESS_SCOPE: Record<string, string> = { 'public-ip': 'v1.3.0', 'nat-gateway': 'v1.2.0', 'network-firewall': 'v1.2.0', 'private-link': 'v1.2.0', 'existing-network': 'v1.2.0' };
    const expectedRun: string[] = [];
    const expectedCheck: string[] = [];
    const constructIds: Record<string, string> = { 'public-ip': 'PublicIp', 'nat-gateway': 'NatGateway', 'network-firewall': 'NetworkFirewall', 'private-link': 'PrivateLink', 'existing-network': 'ExistingNetwork' };
    for (const id of PRODUCT_IDS) {
      for (const release of readReleases(id).releases.filter((r) => r.status === 'active')) {
        const entry = `${constructIds[id]} ArtifactId_${release.version.replace(/\W/g, '_')}`;
        expectedRun.push(entry);
        // Only the versions released with a network access scope: the releases cut after the actions merge, and the
        // current code, released in the copy.
        if (release.version === FIRST_WITH_ACCESS_SCOPE[id] || release.version === released[id]) expectedCheck.push(entry);
      }
    }
    expect(associations(byName('Run-the-agent-now')[0])).toEqual(expectedRun.sort());
    expect(associations(byName('Check-the-network')[0])).toEqual(expectedCheck.sort());
    // No deprecated version: v1.0.0 of every product is deprecated in releases.json.
    expect(associations(byName('Run-the-agent-now')[0]).some((a) => a.endsWith('ArtifactId_v1_0_0'))).toBe(false);
  });

  test('the version status resource answers with the artifact id of every declared version (what the associations read)', () => {
    const [, status] = resources('Custom::ProductVersionStatus').find(([id]) => id.startsWith('NatGatewayVersionStatus'))!;
    const declared = (status.Properties!.Versions as { Name: string }[]).map((v) => v.Name);
    expect(declared).toContain(released['nat-gateway']);
  });
});

describe('runbooks in the member-account stack (every account and portfolio region)', () => {
  const memberAccount = Template.fromJSON(
    readTemplate(path.join(synthesis.assembly.directory, synthesis.assembly.getStackByName('AgentNetworkCatalogLaunchRole').templateFile)),
  );

  test('both runbooks, named as the actions name them, in every region (no condition), updated as new versions', () => {
    const documents = memberAccount.findResources('AWS::SSM::Document');
    expect(Object.values(documents).map((d) => d.Properties.Name).sort()).toEqual(Object.values(ACTION_DOCUMENTS).sort());
    for (const document of Object.values(documents)) {
      expect(document.Condition).toBeUndefined();
      expect(document.Properties).toMatchObject({ DocumentType: 'Automation', DocumentFormat: 'JSON', UpdateMethod: 'NewVersion' });
      expect(document.Properties.Content.schemaVersion).toBe('0.3');
    }
  });

  test('the launch role trusts SSM Automation of its own account only, besides Service Catalog', () => {
    const [role] = Object.values(memberAccount.findResources('AWS::IAM::Role'));
    const services = role.Properties.AssumeRolePolicyDocument.Statement.map((s: { Principal: { Service: string }; Condition: unknown }) => [s.Principal.Service, s.Condition]);
    // One statement (cdk.json's minimizePolicies merges the two principals with the same condition).
    expect(services).toEqual([[['servicecatalog.amazonaws.com', 'ssm.amazonaws.com'], { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }]]);
  });
});

describe('cfn-lint on the stacks that hold the actions', () => {
  test('no finding on a service action, an association, a runbook or the actions policy', () => {
    const files = ['AgentNetworkCatalog-ap-northeast-1', 'AgentNetworkCatalogLaunchRole'].map((name) =>
      path.join(synthesis.assembly.directory, synthesis.assembly.getStackByName(name).templateFile),
    );
    let output = '[]';
    try {
      output = execFileSync('cfn-lint', ['-f', 'json', ...files], { encoding: 'utf8' });
    } catch (e) {
      output = (e as { stdout: string }).stdout; // cfn-lint exits non-zero when it reports anything
    }
    const findings = JSON.parse(output) as { Rule: { Id: string }; Location: { Path: string[] }; Message: string }[];
    const ours = findings.filter((f) => /SelfServiceActions|Document|SelfServiceActionsPolicy/.test(String(f.Location.Path[1])));
    expect(ours.map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
    // What cfn-lint does report on these stacks is the allow-listed W3005 (scripts/verify/cfn-lint-allowlist.ts).
    expect([...new Set(findings.map((f) => f.Rule.Id))].filter((id) => id !== 'W3005')).toEqual([]);
  });
});
