import type { Template } from '../../scripts/cost/evaluate';
import { egressDiagram } from '../../scripts/docs/egress-diagram';
import { productTemplate } from '../support/catalog';

const drawn = (id: Parameters<typeof productTemplate>[0], lang: 'en' | 'ja' = 'en') => egressDiagram(productTemplate(id) as unknown as Template, lang)!;
const diagram = (id: Parameters<typeof productTemplate>[0], lang: 'en' | 'ja' = 'en') => drawn(id, lang).mermaid;

describe('egress diagrams generated from the contract analysis', () => {
  test('network-firewall: one AZ drawn × 2 AZ, agent → NAT + Elastic IP → firewall endpoint → IGW, replies through the same AZ endpoint', () => {
    const text = diagram('network-firewall');
    expect(text.split('\n')[1]).toBe('flowchart TB');
    expect(text).toContain('  agent_AgentSubnet1 --> nat_NatGateway1\n');
    expect(text).toContain('  nat_NatGateway1 --> fw_EgressFirewall1_FirewallSubnet1\n');
    expect(text).toContain('  fw_EgressFirewall1_FirewallSubnet1 --> igw_InternetGateway\n');
    expect(text).toContain('  igw_InternetGateway -. replies .-> fw_EgressFirewall1_FirewallSubnet1');
    expect(text).toContain('  subgraph az1["AZ 1 (AZ 2 the same: × 2 AZs)"]\n    agent_AgentSubnet1("Agent tasks<br/>(private subnet)")\n');
    expect(text).toContain('NAT gateway + Elastic IP');
    expect(text).not.toContain('AgentSubnet2');
    expect(text).toContain('  igw_InternetGateway --> internet\n');
  });

  test('nat-gateway (single NAT in AZ 1): both AZs drawn, both agent subnets to the one NAT gateway', () => {
    const text = diagram('nat-gateway');
    expect(text).toContain('  agent_AgentSubnet1 --> nat_NatGateway1\n');
    expect(text).toContain('  agent_AgentSubnet2 --> nat_NatGateway1');
    expect(text).toContain('subgraph az2["AZ 2"]');
  });

  test('private-link: a dotted edge ending in × to "no internet path"; AWS services through the endpoints', () => {
    const text = diagram('private-link');
    expect(text).toContain('  agent_AgentSubnet1 -.-x no_route\n');
    expect(text).not.toMatch(/--> no_route/);
    expect(text).toMatch(/\n {2}interface_endpoints\["Interface VPC endpoints<br\/>ecr\.api, ecr\.dkr, logs, sts, ssm[^"]*"\]\n/);
    expect(text).toContain('  agent_AgentSubnet1 -.-> gateway_S3GatewayEndpoint');
    expect(text).not.toContain('igw_');
    expect(drawn('private-link').legend.map((l) => l.line)).toEqual(['dotted arrow', 'dotted line ending in ×']);
  });

  test("public-ip: straight to the internet gateway, S3 through the gateway endpoint; existing-network: the customer's network decides", () => {
    expect(diagram('public-ip')).toContain('  agent_PublicSubnet1 --> igw_InternetGateway\n');
    expect(diagram('public-ip')).toContain('  agent_PublicSubnet1 -.-> gateway_S3GatewayEndpoint');
    expect(diagram('existing-network')).toContain("customer_network[\"Your network's routing<br/>(proxy, NAT, firewall, endpoints)\"]");
  });

  test('Japanese labels and legend: no logical id is shown as a label', () => {
    for (const id of ['public-ip', 'nat-gateway', 'network-firewall', 'private-link', 'existing-network'] as const) {
      const { mermaid, legend } = drawn(id, 'ja');
      const labels = [...mermaid.replace(/^%%.*%%$/m, '').matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect([id, label, /[\u3040-\u30ff\u4e00-\u9fff]/.test(label) || /^AZ \d$/.test(label)]).toEqual([id, label, true]);
      expect(labels.filter((l) => /Subnet\d|NatGateway\d|InternetGateway/.test(l))).toEqual([]);
      expect(legend.length).toBeGreaterThan(0);
    }
    expect(diagram('network-firewall', 'ja')).toContain('AZ 1（AZ 2 も同じ構成 × 2 AZ）');
    expect(diagram('nat-gateway', 'ja')).toContain('NAT ゲートウェイ + Elastic IP');
  });
});
