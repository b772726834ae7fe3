import { buildNetworkModel, type NetworkModel, type RouteTarget } from '../analyzers/contract/network-model';
import { egressPath, returnRoute } from '../analyzers/contract/paths';
import { enumerateScenarios } from '../analyzers/contract/scenarios';
import type { CfnTemplate } from '../analyzers/upgrade-diff/types';
import type { Template } from '../cost/evaluate';

/**
 * The egress diagram of a template (Mermaid flowchart), generated from the contract analysis of its default launch
 * (scenario 0 of `enumerateScenarios`): per agent subnet, the 0.0.0.0/0 path hop by hop (NAT gateway, firewall
 * endpoint, internet gateway), the way replies come back through an IGW edge route, and the VPC endpoints that
 * carry AWS service traffic. Nothing is drawn by hand: a product whose routes change gets a new diagram.
 */
export function egressDiagram(template: Template): string | undefined {
  const cfn = template as unknown as CfnTemplate;
  const [defaults] = enumerateScenarios(cfn);
  if (!defaults) return undefined;
  const model = buildNetworkModel(cfn, defaults);
  if (!model.agent) return undefined;
  return new MermaidEgress(model).render();
}

class MermaidEgress {
  private readonly nodes = new Map<string, { label: string; shape: 'box' | 'round' | 'circle'; az?: string }>();
  private readonly edges: string[] = [];

  constructor(private readonly model: NetworkModel) {}

  render(): string {
    const interfaces = this.model.endpoints.filter((e) => e.type === 'Interface');
    for (const subnet of this.model.agent!.subnets) {
      const info = this.model.subnets.get(subnet);
      const agent = this.node(`agent_${subnet}`, `Agent tasks<br/>${subnet}`, 'round', info?.az?.label);
      if (!info) {
        // Subnets the template does not create (existing-network): the customer's network decides.
        this.edge(agent, '-->', this.node('customer_network', "Your network's routing<br/>(proxy, NAT, firewall, endpoints)", 'box'));
        continue;
      }
      const path = egressPath(this.model, subnet);
      let from = agent;
      for (const hop of path.hops) {
        if (!hop.route) break;
        const to = this.target(hop.route.target);
        this.edge(from, '-->', to);
        from = to;
      }
      const ends = { internet: ['internet', 'Internet', 'circle'], 'leaves-vpc': ['leaves', 'Leaves the VPC', 'box'], 'no-route': ['no_route', 'No internet path', 'box'], loop: ['loop', 'Routing loop', 'box'] } as const;
      const [id, label, shape] = ends[path.end];
      this.edge(from, '-->', this.node(id, label, shape));
      const edge = path.end === 'internet' ? returnRoute(this.model, path.sourceSubnet) : undefined;
      if (edge) this.edge(from, `-. replies to ${path.sourceSubnet} .->`, this.target(edge.target));
      if (interfaces.length > 0) this.edge(agent, '-. AWS services .->', this.node('interface_endpoints', `Interface endpoints<br/>${interfaces.map((e) => e.service ?? e.serviceName ?? e.id).join(', ')}`, 'box'));
      for (const gateway of this.model.endpoints.filter((e) => e.type === 'Gateway' && e.routeTables.includes(info.routeTable ?? ''))) {
        this.edge(agent, '-. AWS services .->', this.node(`gateway_${gateway.id}`, `${gateway.service ?? gateway.id} gateway endpoint<br/>${gateway.id}`, 'box'));
      }
    }
    return ['flowchart LR', ...this.renderNodes(), ...this.edges].join('\n');
  }

  private target(t: RouteTarget): string {
    switch (t.kind) {
      case 'internet-gateway':
        return this.node(`igw_${t.id}`, `Internet gateway<br/>${t.id}`, 'box');
      case 'nat-gateway': {
        const nat = this.model.natGateways.get(t.id);
        return this.node(`nat_${t.id}`, `NAT gateway<br/>${t.id}${nat?.subnet ? ` in ${nat.subnet}` : ''}`, 'box', nat?.az?.label);
      }
      case 'firewall-endpoint':
        return this.node(`fw_${t.firewall}_${t.subnet ?? 'any'}`, `Firewall endpoint<br/>${t.firewall}${t.subnet ? ` in ${t.subnet}` : ''}`, 'box', t.az?.label);
      case 'vpc-endpoint':
        return this.node(`vpce_${t.id}`, `VPC endpoint<br/>${t.id}`, 'box');
      case 'leaves-vpc':
        return this.node('leaves', `Leaves the VPC<br/>${t.detail}`, 'box');
      case 'local':
        return this.node('local', 'VPC local route', 'box');
    }
  }

  private node(rawId: string, label: string, shape: 'box' | 'round' | 'circle', az?: string): string {
    const id = rawId.replace(/[^A-Za-z0-9_]/g, '_');
    if (!this.nodes.has(id)) this.nodes.set(id, { label, shape, az });
    return id;
  }

  private edge(from: string, arrow: string, to: string): void {
    const line = `  ${from} ${arrow} ${to}`;
    if (!this.edges.includes(line)) this.edges.push(line);
  }

  /** Nodes grouped in one subgraph per AZ (in first-seen order), the rest outside. */
  private renderNodes(): string[] {
    const text = (id: string, n: { label: string; shape: string }) => {
      const label = n.label.replace(/"/g, "'");
      return n.shape === 'circle' ? `${id}(("${label}"))` : n.shape === 'round' ? `${id}("${label}")` : `${id}["${label}"]`;
    };
    const azs = [...new Set([...this.nodes.values()].map((n) => n.az).filter((az): az is string => az !== undefined))];
    const lines: string[] = [];
    azs.forEach((az, i) => {
      lines.push(`  subgraph az${i + 1}["${az}"]`);
      for (const [id, n] of this.nodes) if (n.az === az) lines.push(`    ${text(id, n)}`);
      lines.push('  end');
    });
    for (const [id, n] of this.nodes) if (n.az === undefined) lines.push(`  ${text(id, n)}`);
    return lines;
  }
}
