/**
 * AWS Control Tower proactive-control findings the catalog accepts, each with its reason. Anything not listed here
 * fails `catalog verify`. `product` and `resource` may be `*` when the reason holds for every product or resource.
 */
export interface ControlTowerAllowance {
  /** Control id, e.g. CT.CLOUDWATCH.PR.2. */
  readonly control: string;
  readonly product: string;
  /** Logical id in the product template. */
  readonly resource: string;
  readonly reason: string;
}

const RETENTION = 'retention is the LogRetentionDays launch parameter (default 90 days): the customer chooses, up to 3653 days';
const ENCRYPTION = 'CloudWatch Logs encrypts log data at rest by default; a customer-managed KMS key per product would add a key policy and cost the pattern does not need';

export const CONTROL_TOWER_ALLOWLIST: readonly ControlTowerAllowance[] = [
  // Log groups of the shared runtime and network (every product).
  { control: 'CT.CLOUDWATCH.PR.2', product: '*', resource: 'AgentLogGroup', reason: RETENTION },
  { control: 'CT.CLOUDWATCH.PR.2', product: '*', resource: 'VpcFlowLogGroup', reason: RETENTION },
  { control: 'CT.CLOUDWATCH.PR.3', product: '*', resource: 'AgentLogGroup', reason: ENCRYPTION },
  { control: 'CT.CLOUDWATCH.PR.3', product: '*', resource: 'VpcFlowLogGroup', reason: ENCRYPTION },
  // network-firewall (products/network-firewall/egress-firewall.ts).
  { control: 'CT.CLOUDWATCH.PR.2', product: 'network-firewall', resource: 'FirewallAlertLogGroup', reason: RETENTION },
  { control: 'CT.CLOUDWATCH.PR.2', product: 'network-firewall', resource: 'FirewallFlowLogGroup', reason: RETENTION },
  { control: 'CT.CLOUDWATCH.PR.3', product: 'network-firewall', resource: 'FirewallAlertLogGroup', reason: ENCRYPTION },
  { control: 'CT.CLOUDWATCH.PR.3', product: 'network-firewall', resource: 'FirewallFlowLogGroup', reason: ENCRYPTION },
  {
    control: 'CT.NETWORK-FIREWALL.PR.5',
    product: 'network-firewall',
    resource: 'EgressFirewall1',
    reason: "one single-AZ firewall per AZ, by design: a two-AZ firewall's EndpointIds cannot be told apart per AZ in CloudFormation without literal AZ names; together the two firewalls cover both AZs",
  },
  {
    control: 'CT.NETWORK-FIREWALL.PR.5',
    product: 'network-firewall',
    resource: 'EgressFirewall2',
    reason: 'the AZ 2 half of the per-AZ firewall pair (see EgressFirewall1)',
  },
];
