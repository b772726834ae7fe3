import { analyzeContract } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { productTemplate } from '../support/catalog';

/**
 * private-link's private DNS for endpoint services (issue 14, item 4): every configured host resolves, in a private
 * hosted zone associated with the VPC, to its own service's endpoint. The mutations a careless edit would make fail.
 */
const current = productTemplate('private-link') as unknown as CfnTemplate;

function contractOf(change: (t: CfnTemplate) => void = () => undefined) {
  const template = structuredClone(current);
  change(template);
  const report = analyzeContract(template, 'private-link (copy)');
  // Findings met only when the endpoint services are named carry "(when …)": compare the finding itself.
  return { report, findings: report.findings.map((f) => f.replace(/ \(when .*\)$/, '')) };
}

const record = (t: CfnTemplate, id: string) => t.Resources[id].Properties as Record<string, unknown>;

/** Resource `id` created only when `condition` holds too (a mutation referencing another service's resources). */
function onlyWith(t: CfnTemplate, id: string, condition: string): void {
  const both = `${id}AndMutation`;
  t.Conditions = { ...t.Conditions, [both]: { 'Fn::And': [{ Condition: t.Resources[id].Condition }, { Condition: condition }] } };
  t.Resources[id].Condition = both;
}

describe('private-link contract: private DNS of endpoint services', () => {
  test('the product holds: three zones associated with the VPC, every host aliasing its own endpoint', () => {
    const { report } = contractOf();
    expect(report.findings).toEqual([]);
    expect(report.holds).toBe(true);
    expect(report.promise).toContain("every endpoint service's configured host name resolves, in a private hosted zone of the VPC, to that service's endpoint");
    expect(report.notes.join('\n')).toContain('private hosted zones PrivateLinkService1HostedZone, PrivateLinkService2HostedZone, PrivateLinkService3HostedZone');
  });

  test('a hosted zone not associated with the VPC (a public zone) fails', () => {
    const { report, findings } = contractOf((t) => {
      delete record(t, 'PrivateLinkService1HostedZone').VPCs;
    });
    expect(report.holds).toBe(false);
    expect(findings).toEqual([
      "PrivateLinkService1HostedZone: a public hosted zone (no VPCs): the agent's VPC resolver never answers from it, so its host names resolve to the provider's public addresses, which the agent subnets have no route to",
    ]);
  });

  test('a private zone associated with another VPC fails', () => {
    const { findings } = contractOf((t) => {
      record(t, 'PrivateLinkService2HostedZone').VPCs = [{ VPCId: 'vpc-0123456789abcdef0', VPCRegion: { Ref: 'AWS::Region' } }];
    });
    expect(findings).toEqual(["PrivateLinkService2HostedZone: private hosted zone not associated with the agent VPC (Vpc): its records never answer the agent's queries"]);
  });

  test('a record pointing at another endpoint fails, naming the host, its service and both endpoints', () => {
    const { findings } = contractOf((t) => {
      const alias = JSON.stringify(record(t, 'PrivateLinkService1DnsHost2Record').AliasTarget).replace(/PrivateLinkService1Endpoint/g, 'PrivateLinkService2Endpoint');
      record(t, 'PrivateLinkService1DnsHost2Record').AliasTarget = JSON.parse(alias);
      // Only where the other endpoint exists: elsewhere CloudFormation refuses the reference, a different mistake.
      onlyWith(t, 'PrivateLinkService1DnsHost2Record', 'WithPrivateLinkService2');
    });
    expect(findings).toEqual([
      'PrivateLinkService1DnsHost2Record: host PrivateLinkService1DnsHost2 of PrivateLinkServiceName1 resolves to PrivateLinkService2Endpoint, not to its endpoint PrivateLinkService1Endpoint: the agent reaches another service under that name',
    ]);
  });

  test('a record in another service\'s zone fails', () => {
    const { findings } = contractOf((t) => {
      record(t, 'PrivateLinkService3DnsHost1Record').HostedZoneId = { Ref: 'PrivateLinkService2HostedZone' };
      onlyWith(t, 'PrivateLinkService3DnsHost1Record', 'WithPrivateLinkService2Dns');
    });
    expect(findings).toEqual([
      'PrivateLinkService3DnsHost1Record: name ${PrivateLinkService3DnsHost1}.${PrivateLinkService3DnsZone} is not inside zone PrivateLinkService2HostedZone (${PrivateLinkService2DnsZone}): Route 53 refuses the record',
      'PrivateLinkService3DnsHost1Record: host PrivateLinkService3DnsHost1 of PrivateLinkServiceName3 is in zone PrivateLinkService2HostedZone, not in the zone named by PrivateLinkService3DnsZone',
    ]);
  });

  test('a configured host without a record fails: it would not resolve to the endpoint', () => {
    const { findings } = contractOf((t) => {
      delete t.Resources.PrivateLinkService1DnsHost4Record;
    });
    expect(findings).toEqual(['PrivateLinkService1DnsHost4: no record for this host name of PrivateLinkServiceName1: the configured host does not resolve to PrivateLinkService1Endpoint']);
  });

  test('a record with a fixed address instead of the endpoint fails', () => {
    const { findings } = contractOf((t) => {
      const p = record(t, 'PrivateLinkService2DnsHost1Record');
      delete p.AliasTarget;
      Object.assign(p, { TTL: '300', ResourceRecords: ['10.80.0.10'] });
    });
    expect(findings).toEqual([
      'PrivateLinkService2DnsHost1Record: points at no interface endpoint of the template (alias or CNAME to an endpoint\'s DnsEntries): the host does not resolve to the endpoint',
    ]);
  });

  test('a CNAME to the endpoint\'s regional DNS name (what Snowflake documents) holds as well', () => {
    const { report } = contractOf((t) => {
      const p = record(t, 'PrivateLinkService1DnsHost1Record');
      const dnsName = (p.AliasTarget as { DNSName: unknown }).DNSName;
      delete p.AliasTarget;
      Object.assign(p, { Type: 'CNAME', TTL: '300', ResourceRecords: [dnsName] });
    });
    expect(report.findings).toEqual([]);
  });
});
