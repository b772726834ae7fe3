import { contractAfter, props, ref } from './fixtures';

describe('private-link: no internet path; every dependency through an endpoint', () => {
  test('paths per AZ: no internet, AWS services through the endpoints', () => {
    const report = contractAfter('private-link', () => undefined);
    expect(report.holds).toBe(true);
    expect(report.paths[0].internet).toBe('AgentSubnet1 [AgentSubnet1RouteTable: no 0.0.0.0/0 route] → no internet path');
    // The default launch keeps credentials in Parameter Store only: no Secrets Manager endpoint.
    expect(report.paths[0].awsServices).toBe('interface endpoints ecr.api, ecr.dkr, logs, sts, ssm; s3 gateway endpoint S3GatewayEndpoint; other services unreachable');
    expect(report.notes).toContain('no secretsmanager endpoint: credentials in Secrets Manager are unreachable (Parameter Store only)');
    // A launch that asks for Secrets Manager too (paths describe the default launch: make it the default).
    const withSecrets = contractAfter('private-link', (t) => (t.Parameters!.CredentialStores.Default = 'parameter-store-and-secrets-manager'));
    expect(withSecrets.holds).toBe(true);
    expect(withSecrets.paths[0].awsServices).toBe(
      'interface endpoints ecr.api, ecr.dkr, logs, sts, ssm, secretsmanager; s3 gateway endpoint S3GatewayEndpoint; other services unreachable',
    );
  });

  test('a stray 0.0.0.0/0 route to an internet gateway in an agent route table is caught', () => {
    const report = contractAfter('private-link', (t) => {
      t.Resources.StrayGateway = { Type: 'AWS::EC2::InternetGateway', Properties: {} };
      t.Resources.StrayRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('AgentSubnet2RouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('StrayGateway') } };
    });
    expect(report.findings).toEqual([
      'AgentSubnet2RouteTable: 0.0.0.0/0 → StrayGateway (internet gateway): agent subnet AgentSubnet2 has a path to the internet; private-link promises none',
    ]);
  });

  test('a route leaving the VPC through a transit gateway cannot be proven', () => {
    const report = contractAfter('private-link', (t) => {
      t.Resources.ToHub = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('AgentSubnet1RouteTable'), DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0123456789abcdef0' } };
    });
    expect(report.findings).toEqual([
      'cannot prove: AgentSubnet1RouteTable: 0.0.0.0/0 → transit gateway "tgw-0123456789abcdef0" (leaves the VPC, unknown): traffic of agent subnet AgentSubnet1 leaves the VPC to an unknown network, which may reach the internet',
    ]);
  });

  test('a missing ecr.dkr endpoint is caught', () => {
    const report = contractAfter('private-link', (t) => {
      delete t.Resources.EcrDkrEndpoint;
      for (const output of Object.values(t.Outputs ?? {})) output.Value = JSON.parse(JSON.stringify(output.Value).replace(/\{"Ref":"EcrDkrEndpoint"\}/g, '"removed"'));
    });
    expect(report.findings).toEqual(['missing interface endpoint ecr.dkr (com.amazonaws.${AWS::Region}.ecr.dkr): without it the agent cannot pull the agent image']);
  });

  test('private DNS off is caught', () => {
    const report = contractAfter('private-link', (t) => {
      props(t, 'LogsEndpoint').PrivateDnsEnabled = false;
    });
    expect(report.findings).toEqual([
      'LogsEndpoint (logs): PrivateDnsEnabled is not true; the agent resolves the public logs name, which the agent subnets have no route to',
    ]);
  });

  test('the S3 gateway endpoint missing from an agent route table is caught', () => {
    const report = contractAfter('private-link', (t) => {
      props(t, 'S3GatewayEndpoint').RouteTableIds = [ref('AgentSubnet1RouteTable')];
    });
    expect(report.findings).toEqual([
      'S3 gateway endpoint S3GatewayEndpoint is not on agent route table AgentSubnet2RouteTable: ECR image layers (S3) are unreachable from its subnets',
    ]);
  });

  test('VPC DNS hostnames off is caught (private DNS needs them)', () => {
    const report = contractAfter('private-link', (t) => {
      props(t, 'Vpc').EnableDnsHostnames = false;
    });
    expect(report.findings).toEqual(['Vpc: EnableDnsSupport and EnableDnsHostnames must both be true for endpoint private DNS']);
  });
});
