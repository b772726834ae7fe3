import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';
import { latestTemplate } from './fixtures';

describe('catalog contract', () => {
  test('a released version: paths per AZ, promise holds, exit 0', async () => {
    const { code, stdout } = await runCatalog(['contract', 'network-firewall', '--version', 'v1.0.0']);
    expect(code).toBe(0);
    expect(stdout).toContain('network-firewall v1.0.0: network-firewall v1.0.0');
    expect(stdout).toContain('AZ 1 (agent subnet AgentSubnet1)');
    expect(stdout).toContain('return path:        internet → InternetGateway (internet gateway) [edge InternetGatewayEdgeRouteTable: NatSubnet1 CIDR');
    expect(stdout).toMatch(/PROMISE HOLDS \(\d+ parameter scenarios checked\)/);
  });

  test('the current code of a product', async () => {
    const { code, stdout } = await runCatalog(['contract', 'private-link', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect([report.productId, report.holds, report.template]).toEqual(['private-link', true, expect.stringMatching(/^private-link v\d+\.\d+\.\d+ \(current code\)$/)]);
  });

  test('a hand-edited YAML copy that breaks the promise: the finding, and exit 1', async () => {
    const template = latestTemplate('nat-gateway');
    const route = template.Resources.AgentSubnet2DefaultRoute.Properties!;
    delete route.NatGatewayId;
    route.GatewayId = { Ref: 'InternetGateway' };
    const file = path.join(tempDir(), 'nat-gateway-edited.yaml');
    fs.writeFileSync(file, stringify(template));
    const { code, stdout, stderr } = await runCatalog(['contract', '--template', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      '  ✗ AgentSubnet2RouteTable: 0.0.0.0/0 → InternetGateway (internet gateway), but agent subnet AgentSubnet2 must leave through a NAT gateway with an Elastic IP, never straight to the internet gateway',
    );
    expect(stderr).toBe('catalog: nat-gateway-edited.yaml: the nat-gateway promise does not hold (1 finding(s))\n');
  });

  test.each([
    [['contract'], 'catalog: give a product (public-ip, nat-gateway, network-firewall, private-link, existing-network) or --template FILE\n'],
    [['contract', 'nope'], "catalog: unknown product 'nope'; products: public-ip, nat-gateway, network-firewall, private-link, existing-network\n"],
    [['contract', 'public-ip', '--template', 'x.json'], 'catalog: give either <product> [--version V] or --template FILE, not both\n'],
    [['contract', 'public-ip', '--version', 'v9.9.9'], 'catalog: --version: public-ip has no released version v9.9.9; released: '],
    [['contract', '--template', 'missing.json'], 'catalog: Template file missing.json cannot be read: '],
  ])('%j fails with one clear message', async (args, message) => {
    const { code, stderr } = await runCatalog(args);
    expect(code).toBe(1);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a template that declares no product is refused, naming the Metadata key and the products', async () => {
    const file = path.join(tempDir(), 'plain.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    const { code, stderr } = await runCatalog(['contract', '--template', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'catalog: plain.json: declares no product in Metadata.AgentNetworkCatalog.ProductId, so there is no promise to check; give --promise <product> to check one of public-ip, nat-gateway, network-firewall, private-link, existing-network on it\n',
    );
  });
});
