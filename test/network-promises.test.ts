import { PRODUCT_IDS, type ProductId } from '../products/shared/identity';
import { ACCESS_SCOPE_LOGICAL_ID, ACCESS_SCOPE_OUTPUTS } from '../products/shared/network-access-scope';
import { NETWORK_PROMISES, type EgressPromise } from '../products/shared/network-promises';
import { PROMISES } from '../scripts/analyzers/contract/promises';
import { EXISTING_NETWORK_PROVES } from '../scripts/analyzers/contract/promises/existing-network';
import { NAT_GATEWAY_PROVES } from '../scripts/analyzers/contract/promises/nat-gateway';
import { NETWORK_FIREWALL_PROVES } from '../scripts/analyzers/contract/promises/network-firewall';
import { PRIVATE_LINK_PROVES } from '../scripts/analyzers/contract/promises/private-link';
import { PUBLIC_IP_PROVES } from '../scripts/analyzers/contract/promises/public-ip';
import { productTemplate, type CfnTemplate } from './support/catalog';

/**
 * Offline and online agree (issue 16, item 3). One definition per product (products/shared/network-promises.ts):
 * the contract analyzer names the definition it proves, and the product template's Network Access Analyzer scope must
 * say, in Network Access Analyzer's terms, the same thing about the template's own resources. The expectation below is
 * written from each promise and the resources found in the synthesized template, not from the scope builder.
 */
const CONTRACT_PROVES: Record<ProductId, EgressPromise> = {
  'public-ip': PUBLIC_IP_PROVES,
  'nat-gateway': NAT_GATEWAY_PROVES,
  'network-firewall': NETWORK_FIREWALL_PROVES,
  'private-link': PRIVATE_LINK_PROVES,
  'existing-network': EXISTING_NETWORK_PROVES,
};

type Statement = { ResourceStatement?: { Resources?: unknown; ResourceTypes?: string[] } };
type Path = { Source?: Statement; Destination?: Statement; ThroughResources?: Statement[] };

/** A statement in words: `type InternetGateway`, or the template resources (or parameter) it names, sorted. */
function words(statement: Statement | undefined): string {
  if (!statement) return 'any';
  const rs = statement.ResourceStatement ?? {};
  if (rs.ResourceTypes) return `type ${rs.ResourceTypes.map((t) => t.replace('AWS::EC2::', '')).join('|')}`;
  const names = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string') names.add(o.Ref);
      else if (Array.isArray(o['Fn::GetAtt'])) names.add(String(o['Fn::GetAtt'][0]));
      else if (Array.isArray(o['Fn::If'])) (o['Fn::If'] as unknown[]).slice(1).forEach(walk);
      else Object.values(o).forEach(walk);
    }
  };
  walk(rs.Resources);
  return [...names].sort().join('+');
}
const path = (p: Path) => `${words(p.Source)} -> ${(p.ThroughResources ?? []).map((t) => `via ${words(t)} -> `).join('')}${words(p.Destination)}`;

/** The template's own resources a promise speaks of. */
function promiseResources(template: CfnTemplate) {
  const of = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  const [, computeEnvironment] = of('AWS::Batch::ComputeEnvironment')[0];
  const subnetValue = (computeEnvironment.Properties!.ComputeResources as { Subnets: unknown }).Subnets;
  const agentSubnets = Array.isArray(subnetValue) ? subnetValue.map((s) => words({ ResourceStatement: { Resources: [s] } })) : [words({ ResourceStatement: { Resources: subnetValue } })];
  const azOf = (subnet: string) => JSON.stringify(template.Resources[subnet]?.Properties?.AvailabilityZone);
  // Each firewall's AZ: the AZ of its subnet mapping.
  const firewallInAzOf = (agentSubnet: string) =>
    of('AWS::NetworkFirewall::Firewall').find(([, f]) => azOf(words({ ResourceStatement: { Resources: (f.Properties!.SubnetMappings as { SubnetId: unknown }[])[0].SubnetId } })) === azOf(agentSubnet))?.[0];
  return { agentSubnets, natGateways: of('AWS::EC2::NatGateway').map(([id]) => id).sort(), firewallInAzOf };
}

/** What each promise means as access-scope paths over the template's resources: [match paths, exclude paths]. */
function expectedPaths(egress: EgressPromise, template: CfnTemplate): [string[], string[]] {
  const { agentSubnets, natGateways, firewallInAzOf } = promiseResources(template);
  const all = [...agentSubnets].sort().join('+');
  const nothingComesIn = `type InternetGateway -> ${all}`;
  switch (egress) {
    case 'no-internet-path':
      return [[`${all} -> type InternetGateway`, `${all} -> via type NatGateway -> any`, nothingComesIn], []];
    case 'only-via-nat-gateway':
      return [[`${all} -> type InternetGateway`, nothingComesIn], [`${all} -> via ${natGateways.join('+')} -> any`]];
    case 'only-via-same-az-firewall':
      return [[...agentSubnets.map((s) => `${s} -> type InternetGateway`), nothingComesIn], agentSubnets.map((s) => `${s} -> via ${firewallInAzOf(s)} -> any`)];
    case 'only-via-internet-gateway-with-public-ip':
      return [[nothingComesIn, `${all} -> via type NatGateway -> any`], []];
    case 'assumptions-only':
      return [[`${all} -> type InternetGateway`], []];
  }
}

/** Where the template's scope differs from what its promise means; empty when they agree. */
function scopeMismatches(productId: ProductId, template: CfnTemplate): string[] {
  const scope = template.Resources[ACCESS_SCOPE_LOGICAL_ID];
  if (scope?.Type !== 'AWS::EC2::NetworkInsightsAccessScope') return [`${productId}: no ${ACCESS_SCOPE_LOGICAL_ID} (AWS::EC2::NetworkInsightsAccessScope)`];
  const [match, exclude] = expectedPaths(NETWORK_PROMISES[productId].egress, template);
  const actual = (key: 'MatchPaths' | 'ExcludePaths') => ((scope.Properties?.[key] as Path[] | undefined) ?? []).map(path).sort();
  const problems: string[] = [];
  if (JSON.stringify(actual('MatchPaths')) !== JSON.stringify([...match].sort())) problems.push(`MatchPaths ${JSON.stringify(actual('MatchPaths'))}, the promise means ${JSON.stringify([...match].sort())}`);
  if (JSON.stringify(actual('ExcludePaths')) !== JSON.stringify([...exclude].sort())) problems.push(`ExcludePaths ${JSON.stringify(actual('ExcludePaths'))}, the promise means ${JSON.stringify([...exclude].sort())}`);
  const expectation = (template.Outputs?.[ACCESS_SCOPE_OUTPUTS.expectation] as { Value?: unknown } | undefined)?.Value;
  if (expectation !== NETWORK_PROMISES[productId].analyzer) problems.push(`output ${ACCESS_SCOPE_OUTPUTS.expectation} is ${JSON.stringify(expectation)}, the promise says ${NETWORK_PROMISES[productId].analyzer}`);
  return problems;
}

const templates = Object.fromEntries(PRODUCT_IDS.map((id) => [id, productTemplate(id)])) as Record<ProductId, CfnTemplate>;

describe('one definition of each promise: the contract analyzer proves the shared definition', () => {
  test.each(PRODUCT_IDS)('%s', (id) => {
    expect(CONTRACT_PROVES[id]).toBe(NETWORK_PROMISES[id].egress);
    expect(PROMISES[id].promise).toBe(NETWORK_PROMISES[id].statement);
  });
});

describe("the product template's access scope says what its promise says", () => {
  test.each(PRODUCT_IDS)('%s', (id) => {
    expect(scopeMismatches(id, templates[id])).toEqual([]);
  });

  test('the per-AZ firewall scope excuses a path only through its own AZ firewall (spelled out)', () => {
    const [match, exclude] = expectedPaths('only-via-same-az-firewall', templates['network-firewall']);
    expect(match).toEqual(['AgentSubnet1 -> type InternetGateway', 'AgentSubnet2 -> type InternetGateway', 'type InternetGateway -> AgentSubnet1+AgentSubnet2']);
    expect(exclude).toEqual(['AgentSubnet1 -> via EgressFirewall1 -> any', 'AgentSubnet2 -> via EgressFirewall2 -> any']);
  });
});

describe('the comparison bites', () => {
  const mutated = (id: ProductId, edit: (scope: Record<string, unknown>) => void) => {
    const copy = structuredClone(templates[id]);
    edit(copy.Resources[ACCESS_SCOPE_LOGICAL_ID].Properties!);
    return scopeMismatches(id, copy);
  };
  test('a nat-gateway scope that excuses any NAT gateway, not the product\'s own', () => {
    expect(
      mutated('nat-gateway', (p) => ((p.ExcludePaths as Path[])[0].ThroughResources = [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::NatGateway'] } }])),
    ).toEqual([expect.stringMatching(/^ExcludePaths \["AgentSubnet1\+AgentSubnet2 -> via type NatGateway -> any"\], the promise means \["AgentSubnet1\+AgentSubnet2 -> via NatGateway1\+NatGateway2\+RegionalNatGateway -> any"\]$/)]);
  });
  test('a firewall scope whose AZ 1 path is excused by the AZ 2 firewall', () => {
    const problems = mutated('network-firewall', (p) => {
      const [first, second] = p.ExcludePaths as Path[];
      [first.ThroughResources, second.ThroughResources] = [second.ThroughResources, first.ThroughResources];
    });
    expect(problems).toEqual([expect.stringMatching(/^ExcludePaths .*AgentSubnet1 -> via EgressFirewall2/)]);
  });
  test('a private-link scope without the NAT path', () => {
    expect(mutated('private-link', (p) => (p.MatchPaths = (p.MatchPaths as Path[]).filter((m) => !m.ThroughResources)))).toHaveLength(1);
  });
  test('a product whose template lost its scope', () => {
    const copy = structuredClone(templates['public-ip']);
    delete copy.Resources[ACCESS_SCOPE_LOGICAL_ID];
    expect(scopeMismatches('public-ip', copy)).toEqual(['public-ip: no NetworkAccessScope (AWS::EC2::NetworkInsightsAccessScope)']);
  });
});
