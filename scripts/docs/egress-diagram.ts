import { buildNetworkModel, type NetworkModel, type RouteTarget } from '../analyzers/contract/network-model';
import { egressPath, returnRoute } from '../analyzers/contract/paths';
import { enumerateScenarios } from '../analyzers/template-evaluation';
import type { CfnTemplate } from '../analyzers/upgrade-diff/types';
import type { Template } from '../cost/evaluate';
import type { DocLanguage } from './product-docs';

/**
 * The egress diagram of a template (Mermaid flowchart) in one language, generated from the contract analysis of its
 * default launch (scenario 0 of `enumerateScenarios`): per agent subnet, the 0.0.0.0/0 path hop by hop (NAT gateway
 * with its Elastic IP, firewall endpoint, internet gateway), the way replies come back through a gateway route table,
 * and the VPC endpoints that carry AWS service traffic. When every AZ has the same shape, one AZ is drawn, marked
 * "× 2 AZ". The legend lists the kinds of edge the diagram uses. Nothing is drawn by hand: a product whose routes
 * change gets a new diagram.
 */
export interface EgressDiagram {
  readonly mermaid: string;
  readonly legend: { readonly line: string; readonly meaning: string }[];
}

type EdgeKind = 'route' | 'service' | 'reply' | 'none';
type Shape = 'box' | 'round' | 'stadium' | 'stop';

interface Words {
  agent: (placement: 'public' | 'private' | 'isolated' | 'yours') => string;
  nat: (own: boolean) => string;
  firewall: string;
  igw: string;
  internet: string;
  noRoute: string;
  leaves: string;
  loop: string;
  local: string;
  vpce: string;
  interfaceEndpoints: (services: string) => string;
  gatewayEndpoint: (service: string) => string;
  customerNetwork: string;
  reply: string;
  azs: (first: string, all: string[]) => string;
  legend: Record<EdgeKind, { line: string; meaning: string }>;
}

const WORDS: Record<DocLanguage, Words> = {
  en: {
    agent: (p) =>
      ({
        public: 'Agent tasks<br/>(public subnet)<br/>public IP auto-assigned',
        private: 'Agent tasks<br/>(private subnet)',
        isolated: 'Agent tasks<br/>(isolated subnet)',
        yours: 'Agent tasks<br/>(your subnets)',
      })[p],
    nat: (own) => `NAT gateway + Elastic IP<br/>(fixed source IP${own ? ', your allocation' : ''})`,
    firewall: 'Network Firewall endpoint<br/>(allowed domains only)',
    igw: 'Internet gateway',
    internet: 'Public destinations<br/>(data sources, our service, AWS services)',
    noRoute: 'No internet path<br/>(no 0.0.0.0/0 route)',
    leaves: 'Leaves the VPC',
    loop: 'Routing loop',
    local: 'VPC local route',
    vpce: 'VPC endpoint',
    interfaceEndpoints: (s) => `Interface VPC endpoints<br/>${s}`,
    gatewayEndpoint: (s) => `${s.toUpperCase()} gateway VPC endpoint`,
    customerNetwork: "Your network's routing<br/>(proxy, NAT, firewall, endpoints)",
    reply: 'replies',
    azs: (first, all) => (all.length > 1 ? `${first} (${all.slice(1).join(', ')} the same: × ${all.length} AZs)` : first),
    legend: {
      route: { line: 'solid arrow', meaning: 'the path of outbound traffic (the subnet route table’s 0.0.0.0/0 route, hop by hop)' },
      service: { line: 'dotted arrow', meaning: 'traffic to AWS services through a VPC endpoint (stays inside the VPC)' },
      reply: { line: 'dotted arrow “replies”', meaning: 'return traffic: the internet gateway’s route table (gateway route table) sends it back through the same AZ’s firewall endpoint' },
      none: { line: 'dotted line ending in ×', meaning: 'there is no route: traffic to the internet cannot leave' },
    },
  },
  ja: {
    agent: (p) =>
      ({
        public: 'エージェント<br/>（パブリックサブネット）<br/>パブリック IP を自動割り当て',
        private: 'エージェント<br/>（プライベートサブネット）',
        isolated: 'エージェント<br/>（分離されたサブネット）',
        yours: 'エージェント<br/>（お客様のサブネット）',
      })[p],
    nat: (own) => `NAT ゲートウェイ + Elastic IP<br/>（固定の送信元 IP${own ? '、お客様の割り当て' : ''}）`,
    firewall: 'Network Firewall のエンドポイント<br/>（許可したドメインだけ通過）',
    igw: 'インターネットゲートウェイ',
    internet: 'インターネット側の宛先<br/>（データソース・弊社・AWS サービス）',
    noRoute: 'インターネットへの経路なし<br/>（0.0.0.0/0 のルートなし）',
    leaves: 'VPC の外へ',
    loop: 'ルーティングのループ',
    local: 'VPC 内のローカルルート',
    vpce: 'VPC エンドポイント',
    interfaceEndpoints: (s) => `インターフェイス VPC エンドポイント<br/>${s}`,
    gatewayEndpoint: (s) => `${s.toUpperCase()} のゲートウェイ VPC エンドポイント`,
    customerNetwork: 'お客様のネットワークのルーティング<br/>（プロキシ、NAT、ファイアウォール、<br/>エンドポイント）',
    reply: '戻りの通信',
    azs: (first, all) => (all.length > 1 ? `${first}（${all.slice(1).join('、')} も同じ構成 × ${all.length} AZ）` : first),
    legend: {
      route: { line: '実線の矢印', meaning: '送信の経路（サブネットのルートテーブルの 0.0.0.0/0 のルートを順にたどったもの）' },
      service: { line: '点線の矢印', meaning: 'VPC エンドポイントを経由する AWS サービスへの通信（VPC の外に出ません）' },
      reply: { line: '点線の矢印「戻りの通信」', meaning: '戻りの通信。インターネットゲートウェイのルートテーブル（ゲートウェイルートテーブル）が同じ AZ のファイアウォールエンドポイントに戻します' },
      none: { line: '× で終わる点線', meaning: 'ルートがないこと（インターネットへの通信は出られません）' },
    },
  },
};

export function egressDiagram(template: Template, lang: DocLanguage = 'en'): EgressDiagram | undefined {
  const cfn = template as unknown as CfnTemplate;
  const [defaults] = enumerateScenarios(cfn);
  if (!defaults) return undefined;
  const model = buildNetworkModel(cfn, defaults);
  if (!model.agent) return undefined;
  return new MermaidEgress(model, WORDS[lang]).render();
}

interface Step {
  /** Node key, and whether the node sits in the agent subnet's own AZ (then it is drawn once per AZ). */
  readonly key: string;
  readonly label: string;
  readonly shape: Shape;
  readonly az?: string;
}

class MermaidEgress {
  private readonly nodes = new Map<string, { label: string; shape: Shape; az?: string }>();
  private readonly edges: string[] = [];
  private readonly kinds = new Set<EdgeKind>();

  constructor(
    private readonly model: NetworkModel,
    private readonly w: Words,
  ) {}

  render(): EgressDiagram {
    const subnets = this.model.agent!.subnets;
    const drawn = this.sameShapeInEveryAz(subnets) ? [subnets[0]] : subnets;
    const allAzs = [...new Set(subnets.map((s) => this.model.subnets.get(s)?.az?.label).filter((a): a is string => a !== undefined))];
    for (const subnet of drawn) this.drawSubnet(subnet);
    const collapsedTitle = drawn.length < subnets.length ? (az: string) => this.w.azs(az, allAzs) : (az: string) => az;
    const order: EdgeKind[] = ['route', 'service', 'reply', 'none'];
    return {
      // Mermaid wraps labels at 200 px by default, which splits Japanese words; 320 px keeps each <br/> line whole.
      mermaid: ['%%{init: {"flowchart": {"wrappingWidth": 320}}}%%', 'flowchart TB', ...this.renderNodes(collapsedTitle), ...this.edges].join('\n'),
      legend: order.filter((k) => this.kinds.has(k)).map((k) => this.w.legend[k]),
    };
  }

  /** The steps of one agent subnet's drawing, with AZ-local nodes reduced to their kind: equal lists, same shape. */
  private sameShapeInEveryAz(subnets: string[]): boolean {
    if (subnets.length < 2) return false;
    const shape = (subnet: string) => {
      const az = this.model.subnets.get(subnet)?.az?.key;
      if (az === undefined) return undefined;
      return JSON.stringify(this.steps(subnet).map((s) => (s.az === undefined ? s.key : s.az === this.model.subnets.get(subnet)?.az?.label ? `local:${s.shape}:${s.label}` : `other:${s.key}`)));
    };
    const first = shape(subnets[0]);
    return first !== undefined && subnets.every((s) => shape(s) === first);
  }

  private steps(subnet: string): Step[] {
    const path = egressPath(this.model, subnet);
    const steps: Step[] = [];
    for (const hop of path.hops) {
      if (!hop.route) break;
      steps.push(this.target(hop.route.target));
    }
    return steps;
  }

  private drawSubnet(subnet: string): void {
    const info = this.model.subnets.get(subnet);
    if (!info) {
      // Subnets the template does not create (existing-network): the customer's network decides.
      const agent = this.node({ key: 'agent', label: this.w.agent('yours'), shape: 'round' });
      this.edge(agent, 'route', this.node({ key: 'customer_network', label: this.w.customerNetwork, shape: 'box' }));
      return;
    }
    const path = egressPath(this.model, subnet);
    const first = path.hops.find((h) => h.route)?.route?.target;
    const placement = !first ? 'isolated' : first.kind === 'internet-gateway' ? 'public' : 'private';
    const agent = this.node({ key: `agent_${subnet}`, label: this.w.agent(placement), shape: 'round', az: info.az?.label });
    let from = agent;
    for (const step of this.steps(subnet)) {
      const to = this.node(step);
      this.edge(from, 'route', to);
      from = to;
    }
    const ends: Record<typeof path.end, Step> = {
      internet: { key: 'internet', label: this.w.internet, shape: 'stadium' },
      'leaves-vpc': { key: 'leaves', label: this.w.leaves, shape: 'box' },
      'no-route': { key: 'no_route', label: this.w.noRoute, shape: 'stop' },
      loop: { key: 'loop', label: this.w.loop, shape: 'box' },
    };
    this.edge(from, path.end === 'no-route' ? 'none' : 'route', this.node(ends[path.end]));
    const back = path.end === 'internet' ? returnRoute(this.model, path.sourceSubnet) : undefined;
    if (back) this.edge(from, 'reply', this.node(this.target(back.target)));
    const interfaces = this.model.endpoints.filter((e) => e.type === 'Interface');
    if (interfaces.length > 0) {
      const services = interfaces.map((e) => e.service ?? e.serviceName ?? e.id).join(', ');
      this.edge(agent, 'service', this.node({ key: 'interface_endpoints', label: this.w.interfaceEndpoints(services), shape: 'box' }));
    }
    for (const gateway of this.model.endpoints.filter((e) => e.type === 'Gateway' && e.routeTables.includes(info.routeTable ?? ''))) {
      this.edge(agent, 'service', this.node({ key: `gateway_${gateway.id}`, label: this.w.gatewayEndpoint(gateway.service ?? gateway.id), shape: 'box' }));
    }
  }

  private target(t: RouteTarget): Step {
    switch (t.kind) {
      case 'internet-gateway':
        return { key: `igw_${t.id}`, label: this.w.igw, shape: 'box' };
      case 'nat-gateway': {
        const nat = this.model.natGateways.get(t.id);
        return { key: `nat_${t.id}`, label: this.w.nat(nat?.elasticIp?.startsWith('parameter ') ?? false), shape: 'box', az: nat?.az?.label };
      }
      case 'firewall-endpoint':
        return { key: `fw_${t.firewall}_${t.subnet ?? 'any'}`, label: this.w.firewall, shape: 'box', az: t.az?.label };
      case 'vpc-endpoint':
        return { key: `vpce_${t.id}`, label: this.w.vpce, shape: 'box' };
      case 'leaves-vpc':
        return { key: 'leaves', label: this.w.leaves, shape: 'box' };
      case 'local':
        return { key: 'local', label: this.w.local, shape: 'box' };
    }
  }

  private node(step: Step): string {
    const id = step.key.replace(/[^A-Za-z0-9_]/g, '_');
    if (!this.nodes.has(id)) this.nodes.set(id, { label: step.label, shape: step.shape, az: step.az });
    return id;
  }

  private edge(from: string, kind: EdgeKind, to: string): void {
    const arrow = { route: '-->', service: '-.->', reply: `-. ${this.w.reply} .->`, none: '-.-x' }[kind];
    const line = `  ${from} ${arrow} ${to}`;
    this.kinds.add(kind);
    if (!this.edges.includes(line)) this.edges.push(line);
  }

  /** Nodes grouped in one subgraph per AZ (in first-seen order), the rest outside. */
  private renderNodes(title: (az: string) => string): string[] {
    const text = (id: string, n: { label: string; shape: Shape }) => {
      const label = n.label.replace(/"/g, "'");
      return { stadium: `${id}(["${label}"])`, round: `${id}("${label}")`, box: `${id}["${label}"]`, stop: `${id}[/"${label}"\\]` }[n.shape];
    };
    const azs = [...new Set([...this.nodes.values()].map((n) => n.az).filter((az): az is string => az !== undefined))];
    const lines: string[] = [];
    azs.forEach((az, i) => {
      lines.push(`  subgraph az${i + 1}["${title(az)}"]`);
      for (const [id, n] of this.nodes) if (n.az === az) lines.push(`    ${text(id, n)}`);
      lines.push('  end');
    });
    for (const [id, n] of this.nodes) if (n.az === undefined) lines.push(`  ${text(id, n)}`);
    return lines;
  }
}
