import { Fn } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import type { SubnetWithRoutes } from '../shared/network';
import { keepLogGroupsCondition, retainWhen } from '../shared/termination';
import { DOMAIN_TARGET_TYPES, domainListCapacity, MAX_ALLOWED_DOMAINS } from './allowed-domains';

export interface EgressFirewallProps {
  readonly vpcId: string;
  /** One firewall subnet per AZ, in AZ order. */
  readonly firewallSubnets: SubnetWithRoutes[];
  /** The domain allowlist (may contain Fn::Sub / Fn::If tokens). */
  readonly allowedDomains: string[];
  /** The customer's non-web TCP destinations (pass rules), evaluated before the non-web drop. */
  readonly tcpDestinations: nfw.CfnRuleGroup;
}

/**
 * Suricata rules for everything that is not web traffic: only TLS and HTTP to allowlisted domains may leave, and a
 * domain list only governs TLS and HTTP (Network Firewall developer guide, "stateful-rule-groups-domain-names").
 * TCP to other ports is dropped at its first packet unless a pass rule of AllowedTcpDestinations (an earlier rule
 * group) let it through; UDP and ICMP never leave (DNS goes to the VPC resolver, which is not behind the firewall).
 * A drop rule writes an alert log entry itself (Network Firewall API reference, StatefulRule: "DROP - Blocks the
 * packets ... and sends an alert log message"), carrying its msg: the message says what was dropped and why, so no
 * separate alert rule is needed before it (it would log every dropped connection twice).
 */
export const NON_WEB_EGRESS_RULES = [
  'drop udp $HOME_NET any -> $EXTERNAL_NET any (msg:"agent egress: UDP is not allowed"; sid:1000001; rev:1;)',
  'drop icmp $HOME_NET any -> $EXTERNAL_NET any (msg:"agent egress: ICMP is not allowed"; sid:1000002; rev:1;)',
  'drop tcp $HOME_NET any -> $EXTERNAL_NET ![80,443] (msg:"agent egress dropped: TCP to a port other than 80 and 443 whose destination is not in AllowedTcpDestinations"; flow:to_server; sid:1000003; rev:2;)',
].join('\n');

/** Fixed at creation like every rule group capacity; three rules need three. */
const NON_WEB_EGRESS_CAPACITY = 10;

/**
 * The egress firewall: a strict-order policy with a domain allowlist and a drop of non-web protocols, one firewall
 * endpoint per AZ, and alert and flow logs in CloudWatch Logs.
 *
 * One firewall per AZ, each with a single subnet mapping, because CloudFormation cannot tell the endpoints of one
 * multi-AZ firewall apart: its EndpointIds attribute is an unordered list of "<az>:<vpce-id>", and the only
 * pure-CloudFormation way to pick an AZ's entry (Join, then Split on "<az>:", aws-cdk issue 11925) needs the AZ name
 * as a literal, since Fn::Split's delimiter cannot be a function (CloudFormation user guide, "Fn::Split"). Our AZs
 * are launch-time values (a parameter or Fn::GetAZs). AWS::NetworkFirewall::VpcEndpointAssociation does expose an
 * EndpointId, but only for extra endpoints in AZs the firewall already maps, so it would not remove the unordered
 * primaries and would double the endpoint hours. Endpoints are billed per endpoint-hour, so two single-AZ firewalls
 * cost what one two-AZ firewall costs; the price is two of the account's firewalls (default quota 5 per region).
 */
export class EgressFirewall {
  readonly policy: nfw.CfnFirewallPolicy;
  readonly domainAllowlist: nfw.CfnRuleGroup;
  readonly nonWebEgressDrop: nfw.CfnRuleGroup;
  readonly firewalls: nfw.CfnFirewall[];
  /** The firewall endpoint (vpce-...) of each AZ, in AZ order. */
  readonly endpointIds: string[];
  readonly alertLogGroup: logs.CfnLogGroup;
  readonly flowLogGroup: logs.CfnLogGroup;

  constructor(
    private readonly stack: CatalogProductStack,
    props: EgressFirewallProps,
  ) {
    this.domainAllowlist = new nfw.CfnRuleGroup(stack, 'EgressDomainAllowlist', {
      ruleGroupName: Fn.sub('${AWS::StackName}-allowed-domains'),
      type: 'STATEFUL',
      capacity: domainListCapacity(MAX_ALLOWED_DOMAINS),
      description: 'Domains the agent may reach over TLS (SNI) and HTTP (Host); any other TLS or HTTP is dropped.',
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: {
          // ALLOWLIST passes matching TLS/HTTP and drops TLS/HTTP to any other domain.
          rulesSourceList: { targets: props.allowedDomains, targetTypes: DOMAIN_TARGET_TYPES, generatedRulesType: 'ALLOWLIST' },
        },
      },
    });

    this.nonWebEgressDrop = new nfw.CfnRuleGroup(stack, 'EgressNonWebDrop', {
      ruleGroupName: Fn.sub('${AWS::StackName}-non-web-egress'),
      type: 'STATEFUL',
      capacity: NON_WEB_EGRESS_CAPACITY,
      description: 'Drops agent egress that is not TCP to ports 80 or 443.',
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: { rulesString: NON_WEB_EGRESS_RULES },
      },
    });

    this.policy = new nfw.CfnFirewallPolicy(stack, 'EgressFirewallPolicy', {
      firewallPolicyName: Fn.sub('${AWS::StackName}-egress'),
      description: 'Agent egress: allowlisted domains over TLS/HTTP only; everything else is dropped and alerted.',
      firewallPolicy: {
        // Every packet goes to the stateful engine; no stateless rule decides anything.
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        // Strict order: rule groups by priority, then the default actions, which only strict order offers. The TCP
        // handshake passes so the TLS SNI / HTTP Host can be read; an established flow no rule passed is dropped.
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        // The customer's TCP destinations get a rule group of their own before the drop: a rule group's capacity is
        // fixed at creation, so the released non-web group (capacity 10) is never resized (that would replace it).
        statefulRuleGroupReferences: [
          { resourceArn: props.tcpDestinations.attrRuleGroupArn, priority: 5 },
          { resourceArn: this.nonWebEgressDrop.attrRuleGroupArn, priority: 10 },
          { resourceArn: this.domainAllowlist.attrRuleGroupArn, priority: 20 },
        ],
      },
    });

    const retention = stack.logRetentionDays().valueAsNumber;
    this.alertLogGroup = new logs.CfnLogGroup(stack, 'FirewallAlertLogGroup', { retentionInDays: retention });
    this.flowLogGroup = new logs.CfnLogGroup(stack, 'FirewallFlowLogGroup', { retentionInDays: retention });
    // Kept on termination unless LogGroupsOnTermination says delete; unnamed, so a re-launch never collides.
    const keepLogs = keepLogGroupsCondition(stack);
    retainWhen(this.alertLogGroup, keepLogs);
    retainWhen(this.flowLogGroup, keepLogs);

    this.firewalls = props.firewallSubnets.map((subnet) => this.firewall(props.vpcId, subnet));
    this.endpointIds = this.firewalls.map((firewall) => endpointOfSingleAzFirewall(firewall));
  }

  private firewall(vpcId: string, subnet: SubnetWithRoutes): nfw.CfnFirewall {
    const n = subnet.azIndex + 1;
    const firewall = new nfw.CfnFirewall(this.stack, `EgressFirewall${n}`, {
      // The launch role may manage firewalls named SC-* only: Service Catalog stack names start with SC-.
      firewallName: Fn.sub(`\${AWS::StackName}-egress-az${n}`),
      description: `Agent egress firewall of availability zone ${n}`,
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      vpcId,
      subnetMappings: [{ subnetId: subnet.subnet.ref }],
      deleteProtection: false,
      subnetChangeProtection: false,
      firewallPolicyChangeProtection: false,
    });
    new nfw.CfnLoggingConfiguration(this.stack, `EgressFirewall${n}Logging`, {
      firewallArn: firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: [
          { logType: 'ALERT', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.alertLogGroup.ref } },
          { logType: 'FLOW', logDestinationType: 'CloudWatchLogs', logDestination: { logGroup: this.flowLogGroup.ref } },
        ],
      },
    });
    return firewall;
  }
}

/**
 * The endpoint id of a firewall with exactly one subnet mapping: EndpointIds is ["<az>:<vpce-id>"]. Joining before
 * splitting on ':' means a second endpoint could never be picked silently: "az1:vpce-1,az2:vpce-2" would yield
 * "vpce-1,az2", which no route accepts, instead of another AZ's endpoint.
 */
function endpointOfSingleAzFirewall(firewall: nfw.CfnFirewall): string {
  return Fn.select(1, Fn.split(':', Fn.join(',', firewall.attrEndpointIds)));
}
