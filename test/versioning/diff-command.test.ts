import * as fs from 'fs';
import * as path from 'path';
import { snapshotFile } from '../../products/versioning/release-records';
import { BREAKING_EXIT_CODE } from '../../scripts/commands/diff';
import { tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';
import { natGatewayV1 } from '../upgrade-diff/fixtures';

describe('catalog diff <product> <from> <to>', () => {
  test('the real public-ip v1.0.0 → v1.1.0 is compatible: one endpoint and one output added', async () => {
    const result = await runCatalog(['diff', 'public-ip', 'v1.0.0', 'v1.1.0', '--json']);

    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      product: 'public-ip',
      from: 'v1.0.0',
      to: 'v1.1.0',
      verdict: 'compatible',
      summary: { added: 1, removed: 0, modified: 0, replaced: 0, possiblyReplaced: 0 },
    });
    expect(json.reasons.map((r: { kind: string; logicalId?: string; name?: string }) => [r.kind, r.logicalId ?? r.name])).toEqual([
      ['resource-added', 'S3GatewayEndpoint'],
      ['output-added', 'S3GatewayEndpointId'],
      ['description-changed', 'Description'],
    ]);
  });

  test('text output reads like release notes', async () => {
    const result = await runCatalog(['diff', 'public-ip', 'v1.0.0', 'v1.1.0']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Upgrade v1.0.0 → v1.1.0: COMPATIBLE: provisioned products can update in place (3 info).');
    expect(result.stdout).toContain('Added\n  info      New AWS::EC2::VPCEndpoint S3GatewayEndpoint will be created.');
  });

  test('"current" is what the code would release now: nothing pending after the latest release', async () => {
    const versions = path.dirname(snapshotFile('public-ip', 'v1.0.0'));
    const before = fs.readdirSync(versions);

    const result = await runCatalog(['diff', 'public-ip', 'v1.3.0', 'current', '--json']);

    // Synthesized in a temporary folder: no snapshot is written beside the committed ones.
    expect(fs.readdirSync(versions)).toEqual(before);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ from: 'v1.3.0', to: 'current code (latest release v1.3.0)', verdict: 'compatible', reasons: [] });
  });

  test('downgrading v1.1.0 → v1.0.0 deletes the endpoint and removes an output: breaking, exit 2', async () => {
    const result = await runCatalog(['diff', 'public-ip', 'v1.1.0', 'v1.0.0', '--json']);

    expect(result.code).toBe(BREAKING_EXIT_CODE);
    const json = JSON.parse(result.stdout);
    expect(json.verdict).toBe('breaking');
    expect(json.reasons).toContainEqual(expect.objectContaining({ kind: 'output-removed', name: 'S3GatewayEndpointId', severity: 'breaking' }));
  });

  test.each([
    [['diff', 'private-ip', 'v1.0.0', 'v1.1.0'], "catalog: unknown product 'private-ip'; products: public-ip"],
    [['diff', 'public-ip', 'v1.0.0', 'v7.0.0'], 'catalog: <to> v7.0.0: public-ip has no released version of that name; versions: v1.0.0, v1.1.0, v1.2.0, v1.3.0, or "current"'],
    [['diff', 'public-ip', 'v1.0.0'], 'catalog: give <product> <from> <to> (versions such as v1.0.0, or "current"), or --from-template A --to-template B'],
    [['diff', '--from-template', 'a.json'], 'catalog: --from-template and --to-template go together; missing --to-template'],
    [['diff', 'public-ip', '--from-template', 'a.json', '--to-template', 'b.json'], 'catalog: give either <product> <from> <to> or --from-template and --to-template, not both'],
  ])('%j is refused: %s', async (args, message) => {
    const result = await runCatalog(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  test('--help documents the exit status', async () => {
    const result = await runCatalog(['diff', '--help']);
    expect(result.stdout).toContain('Exit status: 0 the upgrade is compatible; 2 it is breaking (a new major version is needed); 1 the command failed.');
  });
});

describe('catalog diff --from-template A --to-template B', () => {
  const dir = tempDir();
  const write = (name: string, template: object) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(template));
    return file;
  };

  test('a replaced NAT Elastic IP is critical: breaking, exit 2, JSON verdict and reasons', async () => {
    const before = natGatewayV1();
    const after = natGatewayV1();
    // Renaming the logical id makes CloudFormation create a new EIP and delete the allowlisted one.
    after.Resources.NatEgressAddressA = after.Resources.NatEgressAddress1;
    delete after.Resources.NatEgressAddress1;
    after.Resources.NatGateway1.Properties!.AllocationId = { 'Fn::GetAtt': ['NatEgressAddressA', 'AllocationId'] };
    after.Outputs!.NatEgressIp1.Value = { Ref: 'NatEgressAddressA' };

    const result = await runCatalog(['diff', '--from-template', write('v1.json', before), '--to-template', write('v2.json', after), '--json']);

    expect(result.code).toBe(BREAKING_EXIT_CODE);
    const json = JSON.parse(result.stdout);
    expect(json.verdict).toBe('breaking');
    expect(json.from).toBe(path.join(dir, 'v1.json'));
    expect(json.reasons[0]).toMatchObject({ severity: 'critical', logicalId: 'NatEgressAddress1', resourceType: 'AWS::EC2::EIP' });
  });

  test('an optional parameter added is compatible: exit 0, text report', async () => {
    const after = natGatewayV1();
    after.Parameters!.ProxyUrl = { Type: 'String', Default: '' };

    const result = await runCatalog(['diff', '--from-template', write('a.json', natGatewayV1()), '--to-template', write('b.json', after)]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: COMPATIBLE: provisioned products can update in place/);
    expect(result.stdout).toContain('Parameters\n');
  });

  test('an unreadable template names the flag and the file', async () => {
    const result = await runCatalog(['diff', '--from-template', path.join(dir, 'missing.json'), '--to-template', write('c.json', natGatewayV1())]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`catalog: --from-template: Template file ${path.join(dir, 'missing.json')} cannot be read`);
  });
});
