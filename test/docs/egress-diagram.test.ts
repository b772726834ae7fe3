import type { Template } from '../../scripts/cost/evaluate';
import { egressDiagram } from '../../scripts/docs/egress-diagram';
import { productTemplate } from '../support/catalog';

const diagram = (id: Parameters<typeof productTemplate>[0]) => egressDiagram(productTemplate(id) as unknown as Template) ?? '';

describe('egress diagrams generated from the contract analysis', () => {
  test('network-firewall: per AZ agent → NAT → firewall endpoint → IGW, replies through the same AZ endpoint', () => {
    const text = diagram('network-firewall');
    expect(text.split('\n')[0]).toBe('flowchart LR');
    for (const az of [1, 2]) {
      expect(text).toContain(`  agent_AgentSubnet${az} --> nat_NatGateway${az}\n`);
      expect(text).toContain(`  nat_NatGateway${az} --> fw_EgressFirewall${az}_FirewallSubnet${az}\n`);
      expect(text).toContain(`  fw_EgressFirewall${az}_FirewallSubnet${az} --> igw_InternetGateway\n`);
      expect(text).toContain(`  igw_InternetGateway -. replies to NatSubnet${az} .-> fw_EgressFirewall${az}_FirewallSubnet${az}`);
      expect(text).toContain(`  subgraph az${az}["AZ ${az}"]\n    agent_AgentSubnet${az}("Agent tasks<br/>AgentSubnet${az}")\n`);
    }
    expect(text).toContain('  igw_InternetGateway --> internet\n');
  });

  test('private-link: no internet path; AWS services through the endpoints', () => {
    const text = diagram('private-link');
    expect(text).toContain('  agent_AgentSubnet1 --> no_route\n');
    expect(text).toMatch(/\n {2}interface_endpoints\["Interface endpoints<br\/>ecr\.api, ecr\.dkr, logs, sts, ssm[^"]*"\]\n/);
    expect(text).toContain('  agent_AgentSubnet1 -. AWS services .-> gateway_S3GatewayEndpoint');
    expect(text).not.toContain('igw_');
  });

  test("public-ip: straight to the internet gateway; existing-network: the customer's network decides", () => {
    expect(diagram('public-ip')).toContain('  agent_PublicSubnet1 --> igw_InternetGateway\n');
    expect(diagram('existing-network')).toContain("customer_network[\"Your network's routing<br/>(proxy, NAT, firewall, endpoints)\"]");
  });
});
