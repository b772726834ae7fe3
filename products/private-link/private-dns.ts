import { Aws, CfnCondition, CfnOutput, CfnRule, Fn, type CfnParameter } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import type { PrivateDnsDeclaration } from './private-dns-declaration';

/**
 * Private DNS for a PrivateLink endpoint service that publishes no private DNS name of its own (Snowflake's does not):
 * a Route 53 private hosted zone associated with the product VPC, and per host name an alias A record to the interface
 * endpoint's regional DNS name.
 *
 * Why alias A and not CNAME: Route 53 alias records can target an interface endpoint (Route 53 developer guide,
 * "routing-to-vpc-interface-endpoint"; record type "A — IPv4 address" for Amazon VPC interface endpoints,
 * "resource-record-sets-values-alias"); they answer with the endpoint's current addresses, carry no TTL of their own,
 * cost nothing per query, and work at the zone apex, where a CNAME is not allowed. Snowflake documents CNAME records
 * to the VPCE DNS name (https://docs.snowflake.com/en/user-guide/admin-security-privatelink); an alias of the same
 * regional name resolves to the same addresses. The endpoint's first `DnsEntries` element is the regional name,
 * `<hosted-zone-id>:<dns-name>` (what aws-cdk's InterfaceVpcEndpointTarget selects).
 *
 * Host names are given relative to the zone (`xy12345.ap-northeast-1`, not the full name): Rules can compare parameter
 * values but not take them apart (no Fn::Split or suffix test in Rules: CloudFormation template reference, "Rule
 * functions", supported functions: Ref and rule functions only), so "every host is inside the zone" holds by
 * construction (`<host>.<zone>`) instead of by a Rule.
 */

/** Host names per endpoint service. Snowflake's agent needs four: the account URL and its OCSP host, regional and regionless. */
export const PRIVATE_DNS_HOST_SLOTS = 4;

/**
 * Empty, or a DNS zone name of 2 to 127 labels (lower case), not under amazonaws.com: a private zone there would take
 * over the names the AWS service endpoints answer for.
 */
export const PRIVATE_DNS_ZONE_OR_EMPTY = '^$|^(?!(.*\\.)?amazonaws\\.com$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$';

/** Empty, or a host name relative to the zone: one or more labels, no trailing dot, no zone suffix needed. */
export const PRIVATE_DNS_HOST_OR_EMPTY = '^$|^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?){0,9}$';

export interface PrivateDnsSlotProps {
  readonly slot: number;
  readonly group: string;
  readonly serviceName: CfnParameter;
  readonly withService: CfnCondition;
  readonly endpoint: ec2.CfnVPCEndpoint;
  readonly vpcId: string;
}

/** One endpoint service's zone parameter, host parameters, their conditions, Rules, zone, records and output. */
export class PrivateDnsSlot {
  readonly zone: CfnParameter;
  readonly hosts: CfnParameter[];
  readonly declaration: PrivateDnsDeclaration;

  constructor(stack: CatalogProductStack, props: PrivateDnsSlotProps) {
    const n = props.slot;
    const p = stack.consoleParameters;
    this.zone = p.add(`PrivateLinkService${n}DnsZone`, {
      group: props.group,
      label: `Private DNS zone for service ${n} (optional)`,
      description:
        `A Route 53 private hosted zone for the provider's domain, associated with this VPC, whose host names below point at the endpoint to PrivateLinkServiceName${n}. ` +
        'Snowflake: privatelink.snowflakecomputing.com. Every name in the zone then resolves only from this zone inside the VPC: list every host the agent uses. Empty: no zone.',
      type: 'String',
      default: '',
      allowedPattern: PRIVATE_DNS_ZONE_OR_EMPTY,
      constraintDescription: 'must be empty or a lower-case DNS zone name such as privatelink.snowflakecomputing.com (not under amazonaws.com)',
    });
    this.hosts = Array.from({ length: PRIVATE_DNS_HOST_SLOTS }, (_, i) =>
      p.add(`PrivateLinkService${n}DnsHost${i + 1}`, {
        group: props.group,
        label: `Service ${n} host name ${i + 1}, without the zone (optional)`,
        description:
          `A host name inside the zone, given without the zone name: ${i % 2 === 0 ? 'xy12345.ap-northeast-1' : 'ocsp.xy12345.ap-northeast-1'} for ` +
          `${i % 2 === 0 ? 'xy12345.ap-northeast-1' : 'ocsp.xy12345.ap-northeast-1'}.privatelink.snowflakecomputing.com. ` +
          'Snowflake (SYSTEM$GET_PRIVATELINK_CONFIG): privatelink-account-url, privatelink-ocsp-url, regionless-privatelink-account-url, regionless-privatelink-ocsp-url. Empty: none.',
        type: 'String',
        default: '',
        allowedPattern: PRIVATE_DNS_HOST_OR_EMPTY,
        constraintDescription: 'must be empty or lower-case DNS labels separated by dots, without the zone name and without a trailing dot (e.g. ocsp.xy12345.ap-northeast-1)',
      }),
    );

    const given = (parameter: CfnParameter) => Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, ''));
    // The zone needs its endpoint: the records alias the endpoint's DNS name (a Rule refuses the combination as well).
    const withZone = new CfnCondition(stack, `WithPrivateLinkService${n}Dns`, {
      expression: Fn.conditionAnd(props.withService, given(this.zone)),
    });
    const hostedZone = new route53.CfnHostedZone(stack, `PrivateLinkService${n}HostedZone`, {
      name: this.zone.valueAsString,
      // VPCs makes it a private zone: only this VPC's resolver answers from it (Route 53 developer guide, "hosted-zones-private").
      vpcs: [{ vpcId: props.vpcId, vpcRegion: Aws.REGION }],
      hostedZoneConfig: { comment: Fn.sub(`\${AWS::StackName}: private DNS of PrivateLinkServiceName${n}`) },
    });
    hostedZone.cfnOptions.condition = withZone;

    // The regional DNS entry of the endpoint: "<hosted-zone-id>:<dns-name>".
    const regionalEntry = Fn.split(':', Fn.select(0, props.endpoint.attrDnsEntries));
    this.hosts.forEach((host, i) => {
      const record = new route53.CfnRecordSet(stack, `PrivateLinkService${n}DnsHost${i + 1}Record`, {
        hostedZoneId: hostedZone.ref,
        name: Fn.sub(`\${Host}.\${Zone}`, { Host: host.valueAsString, Zone: this.zone.valueAsString }),
        type: 'A',
        aliasTarget: { dnsName: Fn.select(1, regionalEntry), hostedZoneId: Fn.select(0, regionalEntry), evaluateTargetHealth: false },
      });
      record.cfnOptions.condition = new CfnCondition(stack, `WithPrivateLinkService${n}DnsHost${i + 1}`, {
        expression: Fn.conditionAnd(withZone, given(host)),
      });
    });

    new CfnOutput(stack, `PrivateLinkService${n}HostedZoneId`, {
      value: hostedZone.ref,
      condition: withZone,
      description: `Route 53 private hosted zone of PrivateLinkService${n}DnsZone (associated with the VPC): its host names are alias records to the endpoint.`,
    });

    this.addRules(stack, n, props.serviceName);
    this.declaration = {
      ServiceParameter: props.serviceName.logicalId,
      Endpoint: props.endpoint.logicalId,
      ZoneParameter: this.zone.logicalId,
      HostParameters: this.hosts.map((h) => h.logicalId),
    };
  }

  private addRules(stack: CatalogProductStack, n: number, serviceName: CfnParameter): void {
    const empty = (parameter: CfnParameter) => Fn.conditionEquals(parameter.valueAsString, '');
    const zoneGiven = Fn.conditionNot(empty(this.zone));
    new CfnRule(stack, `PrivateLinkService${n}DnsZoneNeedsServiceAndHosts`, {
      ruleCondition: zoneGiven,
      assertions: [
        {
          assert: Fn.conditionNot(empty(serviceName)),
          assertDescription: `PrivateLinkService${n}DnsZone needs its endpoint service: set PrivateLinkServiceName${n}, or leave the zone empty.`,
        },
        {
          assert: Fn.conditionOr(...this.hosts.map((h) => Fn.conditionNot(empty(h)))),
          assertDescription:
            `PrivateLinkService${n}DnsZone has no host names: a zone without records makes every name in it unresolvable inside the VPC. ` +
            `Give PrivateLinkService${n}DnsHost1 (and more), or leave the zone empty.`,
        },
      ],
    });
    new CfnRule(stack, `PrivateLinkService${n}DnsHostsNeedZone`, {
      ruleCondition: Fn.conditionOr(...this.hosts.map((h) => Fn.conditionNot(empty(h)))),
      assertions: [
        {
          assert: zoneGiven,
          assertDescription: `PrivateLinkService${n}DnsHost1-${PRIVATE_DNS_HOST_SLOTS} are names inside PrivateLinkService${n}DnsZone: set the zone, or leave the host names empty.`,
        },
      ],
    });
    // Two records of one name and type in one zone fail the launch half-way (Route 53: the record already exists).
    const pairs = this.hosts.flatMap((a, i) => this.hosts.slice(i + 1).map((b) => [a, b] as const));
    new CfnRule(stack, `PrivateLinkService${n}DistinctDnsHosts`, {
      assertions: pairs.map(([a, b]) => ({
        assert: Fn.conditionOr(empty(a), Fn.conditionNot(Fn.conditionEquals(a.valueAsString, b.valueAsString))),
        assertDescription: `${a.logicalId} and ${b.logicalId} are the same host name: give each host once.`,
      })),
    });
  }
}

/**
 * Two private zones of the same name cannot both be associated with one VPC (Route 53 refuses the second
 * association: ConflictingDomainExists), so the zones of the slots must differ.
 */
export function addDistinctZonesRule(stack: CatalogProductStack, slots: PrivateDnsSlot[]): void {
  const pairs = slots.flatMap((a, i) => slots.slice(i + 1).map((b) => [a.zone, b.zone] as const));
  new CfnRule(stack, 'DistinctPrivateDnsZones', {
    assertions: pairs.map(([a, b]) => ({
      assert: Fn.conditionOr(Fn.conditionEquals(a.valueAsString, ''), Fn.conditionNot(Fn.conditionEquals(a.valueAsString, b.valueAsString))),
      assertDescription: `${a.logicalId} and ${b.logicalId} name the same zone: one VPC can be associated with only one private zone of a name; put all its host names under one service.`,
    })),
  });
}
