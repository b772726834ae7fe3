import type { ProductId } from '../products/shared/identity';
import { ELASTIC_IPS_ON_TERMINATION, LOG_GROUPS_ON_TERMINATION } from '../products/shared/termination';
import { analyzeUpgrade } from '../scripts/analyzers/upgrade-diff';
import { productTemplate, releasedTemplates, type CfnTemplate } from './support/catalog';
import { resolveIfs } from './support/cfn-evaluate';

/** What terminating a provisioned product keeps (issue 12, item 9): log groups and the Elastic IPs it allocated. */
type Resource = CfnTemplate['Resources'][string] & { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown };

const PRODUCTS: ProductId[] = ['public-ip', 'nat-gateway', 'network-firewall', 'private-link', 'existing-network'];
const templates = Object.fromEntries(PRODUCTS.map((id) => [id, productTemplate(id)])) as Record<ProductId, CfnTemplate>;

const LOG_GROUPS: Record<ProductId, string[]> = {
  'public-ip': ['AgentLogGroup', 'VpcFlowLogGroup'],
  'nat-gateway': ['AgentLogGroup', 'VpcFlowLogGroup'],
  'network-firewall': ['AgentLogGroup', 'FirewallAlertLogGroup', 'FirewallFlowLogGroup', 'VpcFlowLogGroup'],
  'private-link': ['AgentLogGroup', 'VpcFlowLogGroup'],
  'existing-network': ['AgentLogGroup'],
};
const ELASTIC_IPS: Partial<Record<ProductId, string[]>> = {
  'nat-gateway': ['NatEgressAddress1', 'NatEgressAddress2'],
  'network-firewall': ['NatEgressAddress1', 'NatEgressAddress2'],
};

const ofType = (t: CfnTemplate, type: string) =>
  Object.entries(t.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id)
    .sort();

/** Both policies for one launch, as CloudFormation resolves them. */
const policies = (t: CfnTemplate, id: string, parameters: Record<string, string> = {}) => {
  const r = t.Resources[id] as Resource;
  return [resolveIfs(t, r.DeletionPolicy, parameters), resolveIfs(t, r.UpdateReplacePolicy, parameters)];
};

describe.each(PRODUCTS)('%s: termination', (productId) => {
  const t = templates[productId];

  test('every log group of the product is one this test names (a new one must decide what termination does)', () => {
    expect(ofType(t, 'AWS::Logs::LogGroup')).toEqual(LOG_GROUPS[productId]);
  });

  test.each(LOG_GROUPS[productId])('%s is kept by default (DeletionPolicy and UpdateReplacePolicy Retain), deleted with LogGroupsOnTermination delete', (id) => {
    expect(policies(t, id)).toEqual(['Retain', 'Retain']);
    expect(policies(t, id, { [LOG_GROUPS_ON_TERMINATION]: 'delete' })).toEqual(['Delete', 'Delete']);
    // Unnamed: CloudFormation generates a name per stack, so a kept group never collides with a re-launch (and no
    // name is added to a released log group, which would replace it).
    expect(t.Resources[id].Properties?.LogGroupName).toBeUndefined();
  });

  test('the log parameter defaults to keep, offers keep/delete, and is in the Logs group', () => {
    expect(t.Parameters![LOG_GROUPS_ON_TERMINATION]).toMatchObject({ Type: 'String', Default: 'keep', AllowedValues: ['keep', 'delete'] });
    const ui = t.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Label: { default: string }; Parameters: string[] }[] };
    expect(ui.ParameterGroups.find((g) => g.Label.default === 'Logs')?.Parameters).toContain(LOG_GROUPS_ON_TERMINATION);
  });

  test('no Transform: Service Catalog launches need no CAPABILITY_AUTO_EXPAND', () => {
    expect((t as { Transform?: unknown }).Transform).toBeUndefined();
  });

  const eips = ELASTIC_IPS[productId] ?? [];
  test('every Elastic IP of the product is one this test names', () => {
    expect(ofType(t, 'AWS::EC2::EIP')).toEqual(eips);
    expect(t.Parameters?.[ELASTIC_IPS_ON_TERMINATION] !== undefined).toBe(eips.length > 0);
  });

  if (eips.length > 0) {
    test.each(eips)('%s is kept by default, released with ElasticIpsOnTermination release', (id) => {
      expect(policies(t, id)).toEqual(['Retain', 'Retain']);
      expect(policies(t, id, { [ELASTIC_IPS_ON_TERMINATION]: 'release' })).toEqual(['Delete', 'Delete']);
      expect(t.Parameters![ELASTIC_IPS_ON_TERMINATION]).toMatchObject({ Default: 'keep', AllowedValues: ['keep', 'release'] });
      expect(String(t.Parameters![ELASTIC_IPS_ON_TERMINATION].Description)).toMatch(/billable .*aws ec2 release-address/);
    });
  }

  test('the policies depend on parameters only (the only thing CloudFormation resolves there): Fn::If on a condition of Fn::Equals over a Ref', () => {
    for (const id of [...LOG_GROUPS[productId], ...eips]) {
      const r = t.Resources[id] as Resource;
      const [name] = (r.DeletionPolicy as { 'Fn::If': [string] })['Fn::If'];
      expect(JSON.stringify(t.Conditions![name])).toMatch(/^\{"Fn::Equals":\[\{"Ref":"(LogGroupsOnTermination|ElasticIpsOnTermination)"\},"keep"\]\}$/);
      expect(r.UpdateReplacePolicy).toEqual(r.DeletionPolicy);
    }
  });

  test('upgrade from the latest release is compatible: a policy change replaces nothing', () => {
    const released = releasedTemplates(productId);
    const latest = released[released.length - 1];
    const report = analyzeUpgrade(latest.template as never, t as never);
    expect([latest.version, report.verdict, report.summary.replaced, report.summary.possiblyReplaced, report.summary.removed]).toEqual([
      latest.version,
      'compatible',
      0,
      0,
      0,
    ]);
  });
});
