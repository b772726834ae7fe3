import { analyzeContract, type ContractReport } from '../../scripts/analyzers/contract';
import type { CfnTemplate } from '../../scripts/analyzers/upgrade-diff/types';
import { productTemplate } from '../support/catalog';
import { props } from './fixtures';

// AllowedTcpDestinations is in the current code only (not released yet): these cases break copies of the current template.
const current = productTemplate('network-firewall') as unknown as CfnTemplate;

function contractAfter(change: (t: CfnTemplate) => void): ContractReport {
  const template = structuredClone(current);
  change(template);
  return analyzeContract(template, 'network-firewall (broken copy)');
}

const rulesSource = (t: CfnTemplate, group: string) => (props(t, group).RuleGroup as { RulesSource: { RulesString: unknown } }).RulesSource;

describe('network-firewall non-web destinations: only the listed CIDR:port pairs pass', () => {
  test('the current template holds and shows the allowed pairs: none by default, the given pairs when launched with some', () => {
    const report = contractAfter(() => undefined);
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain('non-web TCP destinations allowed: none (10 unused slots pass only loopback 127.0.0.1/32:9, which never reaches the firewall)');
    expect(report.notes).toContainEqual(expect.stringMatching(/^non-web TCP destinations allowed: 203\.0\.113\.10\/32:5432, 198\.51\.100\.0\/24:1521 \(8 unused slots/));
  });

  test('a firewall rule for 0.0.0.0/0:5432 is caught', () => {
    const report = contractAfter((t) => {
      rulesSource(t, 'EgressTcpDestinationAllowlist').RulesString = 'pass tcp $HOME_NET any -> 0.0.0.0/0 5432 (msg:"database"; flow:to_server; sid:1001001; rev:1;)';
    });
    expect(report.holds).toBe(false);
    expect(report.findings).toEqual([
      'EgressTcpDestinationAllowlist: "pass tcp $HOME_NET any -> 0.0.0.0/0 5432" lets the agent reach the whole internet on TCP 5432; a non-web destination must be a specific CIDR:port pair',
    ]);
  });

  test('a pass to $EXTERNAL_NET or a range wider than a /16 in any rule group is caught too', () => {
    const report = contractAfter((t) => {
      rulesSource(t, 'EgressNonWebDrop').RulesString = [
        'pass tcp $HOME_NET any -> $EXTERNAL_NET 3306 (msg:"mysql"; flow:to_server; sid:1; rev:1;)',
        'pass tcp $HOME_NET any -> 198.51.0.0/8 1433 (msg:"mssql"; flow:to_server; sid:2; rev:1;)',
      ].join('\n');
    });
    expect(report.findings).toEqual([
      'EgressNonWebDrop: "pass tcp $HOME_NET any -> $EXTERNAL_NET 3306" lets the agent reach the whole internet on TCP 3306; a non-web destination must be a specific CIDR:port pair',
      'EgressNonWebDrop: "pass tcp $HOME_NET any -> 198.51.0.0/8 1433" lets the agent reach the whole internet on TCP 1433; a non-web destination must be a specific CIDR:port pair',
    ]);
  });

  test('an AllowedPattern that lets a launch pass 0.0.0.0/0:5432 is caught', () => {
    const report = contractAfter((t) => {
      t.Parameters!.AllowedTcpDestinations.AllowedPattern = '^$|^[0-9./:,]+$';
    });
    expect(report.findings).toEqual([
      'AllowedTcpDestinations: AllowedPattern accepts 0.0.0.0/0:5432, 203.0.113.0/8:5432, 10.0.0.0/16:5432, 203.0.113.10/32:0, 203.0.113.10/32:65536, 203.0.113.10:5432, 203.0.113.10/32:443; ' +
        'it must refuse the whole internet, wide ranges, private ranges and ports out of range (when AllowedTcpDestinations=<another value>)',
    ]);
  });
});
