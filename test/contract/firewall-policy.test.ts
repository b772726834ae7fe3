import { analyzeContract } from '../../scripts/analyzers/contract';
import { contractAfter, props, ref } from './fixtures';
import { firewallSample } from './foreign-templates';

const policyOf = (t: { Resources: Record<string, { Properties?: Record<string, unknown> }> }, id: string) => t.Resources[id].Properties!.FirewallPolicy as Record<string, unknown>;

// Class 5: allowlists of both kinds accepted when they restrict; every way past them detected.
describe('firewall policy', () => {
  test('a Suricata strict-order allowlist (pass rules for listed SNI/hosts, handshake, drop established) is accepted', () => {
    const report = analyzeContract(firewallSample('nat-first'), 'sample.yaml', { promise: 'network-firewall' });
    expect(report.findings).toEqual([]);
  });

  test('a pass rule for a destination CIDR and TCP port restricts too', () => {
    const template = firewallSample('nat-first');
    (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: { RulesString: string } }).RulesSource.RulesString += '\npass tcp $HOME_NET any -> 198.51.100.0/24 5432 (flow:to_server; sid:4;)';
    expect(analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' }).findings).toEqual([]);
  });

  test('a stateless default of aws:pass skips the stateful rules', () => {
    const report = contractAfter('network-firewall', (t) => {
      policyOf(t, 'EgressFirewallPolicy').StatelessDefaultActions = ['aws:pass'];
    });
    expect(report.findings).toEqual([
      'EgressFirewallPolicy: StatelessDefaultActions is aws:pass: traffic no stateless rule matches skips the stateful rules (the allowlist is bypassed); use aws:forward_to_sfe',
    ]);
  });

  test('a stateless rule group that passes everything skips the stateful rules', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.PassAll = {
        Type: 'AWS::NetworkFirewall::RuleGroup',
        Properties: {
          Capacity: 10,
          Type: 'STATELESS',
          RuleGroup: { RulesSource: { StatelessRulesAndCustomActions: { StatelessRules: [{ Priority: 1, RuleDefinition: { Actions: ['aws:pass'], MatchAttributes: { Sources: [{ AddressDefinition: '10.0.0.0/16' }] } } }] } } },
        },
      };
      policyOf(t, 'EgressFirewallPolicy').StatelessRuleGroupReferences = [{ Priority: 1, ResourceArn: ref('PassAll') }];
    });
    expect(report.findings).toEqual(['PassAll: stateless rule priority 1 passes traffic to any destination without stateful inspection (the allowlist is bypassed)']);
  });

  test('a stateful pass-all group at a higher priority than the allowlist is a bypass', () => {
    const report = contractAfter('network-firewall', (t) => {
      t.Resources.Everything = {
        Type: 'AWS::NetworkFirewall::RuleGroup',
        Properties: { Capacity: 10, Type: 'STATEFUL', RuleGroup: { StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' }, RulesSource: { RulesString: 'pass ip $HOME_NET any -> any any (sid:9;)' } } },
      };
      (policyOf(t, 'EgressFirewallPolicy').StatefulRuleGroupReferences as unknown[]).unshift({ Priority: 5, ResourceArn: ref('Everything') });
    });
    expect(report.findings).toEqual(['Everything (priority 5): pass rule "pass ip $HOME_NET any -> any any (sid:9;)" passes ip traffic to any destination without a restriction, so the allowlist is bypassed']);
  });

  test('a Suricata group whose pass rules are not restricted is no allowlist', () => {
    const template = firewallSample('nat-first');
    (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: { RulesString: string } }).RulesSource.RulesString = 'pass tls $HOME_NET any -> $EXTERNAL_NET 443 (flow:to_server; sid:1;)';
    const report = analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' });
    expect(report.findings).toEqual([
      'AllowDomains (priority 10): pass rule "pass tls $HOME_NET any -> $EXTERNAL_NET 443 (flow:to_server; sid:1;)" passes tls traffic to any destination without a restriction, so the allowlist is bypassed',
      'Policy: no stateful rule group with a domain ALLOWLIST for TLS_SNI and HTTP_HOST, nor restricted pass rules (TLS SNI, HTTP host or a destination CIDR and port)',
    ]);
  });

  test('a rule group outside the template is unprovable', () => {
    const report = contractAfter('network-firewall', (t) => {
      (props(t, 'EgressFirewallPolicy').FirewallPolicy as { StatefulRuleGroupReferences: unknown[] }).StatefulRuleGroupReferences.push({ Priority: 30, ResourceArn: 'arn:aws:network-firewall:us-east-1:aws-managed:stateful-rulegroup/MalwareDomainsStrictOrder' });
    });
    expect(report.verdict).toBe('cannot-prove');
  });
});

describe('rules built from parameters (Suricata CIDR:port allowances)', () => {
  test('a pass rule whose destination comes from a parameter is read with the parameter in place', () => {
    const template = firewallSample('nat-first');
    // A launch chooses the destination: only an AllowedPattern refusing the whole internet and wide ranges keeps it specific.
    template.Parameters = { DatabaseCidr: { Type: 'String', Default: '198.51.100.0/24', AllowedPattern: '^198\\.51\\.100\\.\\d{1,3}/(2[4-9]|3[0-2])$' } };
    const source = (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: Record<string, unknown> }).RulesSource;
    source.RulesString = { 'Fn::Join': ['\n', [source.RulesString, { 'Fn::Sub': 'pass tcp $HOME_NET any -> ${DatabaseCidr} 5432 (flow:to_server; sid:4;)' }]] };
    expect(analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' }).findings).toEqual([]);
  });

  test('a pass rule whose destination is a parameter any CIDR fits is caught: a launch could pass 0.0.0.0/0', () => {
    const template = firewallSample('nat-first');
    template.Parameters = { DatabaseCidr: { Type: 'String', Default: '198.51.100.0/24' } };
    const source = (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: Record<string, unknown> }).RulesSource;
    source.RulesString = { 'Fn::Join': ['\n', [source.RulesString, { 'Fn::Sub': 'pass tcp $HOME_NET any -> ${DatabaseCidr} 5432 (flow:to_server; sid:4;)' }]] };
    expect(analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' }).findings).toEqual([
      'AllowDomains: "pass tcp $HOME_NET any -> ${DatabaseCidr} 5432": its destination is launch parameter DatabaseCidr, whose values no AllowedPattern restricts: a launch could let the agent reach the whole internet on TCP 5432',
    ]);
  });

  test('a pass-all rule hidden in a joined rules string is still found', () => {
    const template = firewallSample('nat-first');
    const source = (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: Record<string, unknown> }).RulesSource;
    source.RulesString = { 'Fn::Join': ['\n', [source.RulesString, 'pass ip any any -> any any (sid:5;)']] };
    expect(analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' }).findings).toEqual([
      'AllowDomains (priority 10): pass rule "pass ip any any -> any any (sid:5;)" passes ip traffic to any destination without a restriction, so the allowlist is bypassed',
      'Policy: no stateful rule group with a domain ALLOWLIST for TLS_SNI and HTTP_HOST, nor restricted pass rules (TLS SNI, HTTP host or a destination CIDR and port)',
    ]);
  });

  test('rules imported from another stack: unprovable', () => {
    const template = firewallSample('nat-first');
    (template.Resources.AllowDomains.Properties!.RuleGroup as { RulesSource: Record<string, unknown> }).RulesSource.RulesString = { 'Fn::ImportValue': 'shared-rules' };
    const report = analyzeContract(template, 'sample.yaml', { promise: 'network-firewall' });
    expect(report.verdict).toBe('cannot-prove');
    expect(report.findings).toContain('cannot prove: AllowDomains.RuleGroup.RulesSource.RulesString: Fn::ImportValue shared-rules: exported by another stack, not known from this template');
  });
});
