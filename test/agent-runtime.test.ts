import { Match, Template } from 'aws-cdk-lib/assertions';
import { FARGATE_SIZES, isValidFargateCombination } from '../products/runtime/fargate-sizes';
import { ecrRepositoryArn } from '../products/runtime/image';
import { DISTRIBUTION_PARAMETERS } from '../products/shared/member-account';
import { productTemplate, type CfnTemplate } from './support/catalog';

// The runtime is shared by every product; public-ip is the product that carries it here.
const raw: CfnTemplate = productTemplate('public-ip');
const template = Template.fromJSON(raw);

describe('agent runtime', () => {
  test('the security group has no inbound rules and only open egress', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    expect(Object.keys(groups)).toEqual(['AgentSecurityGroup']);
    expect(groups.AgentSecurityGroup.Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups.AgentSecurityGroup.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }),
    ]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('the compute environment is Fargate or Fargate Spot by parameter, in the agent subnets', () => {
    template.hasParameter('ComputeType', { AllowedValues: ['FARGATE', 'FARGATE_SPOT'], Default: 'FARGATE' });
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      Type: 'MANAGED',
      ComputeResources: {
        Type: { Ref: 'ComputeType' },
        MaxvCpus: { Ref: 'MaxVcpus' },
        Subnets: [{ Ref: 'PublicSubnet1' }, { Ref: 'PublicSubnet2' }],
        SecurityGroupIds: [{ 'Fn::GetAtt': ['AgentSecurityGroup', 'GroupId'] }],
      },
    });
    template.hasResourceProperties('AWS::Batch::JobQueue', {
      ComputeEnvironmentOrder: [{ Order: 1, ComputeEnvironment: { Ref: 'AgentComputeEnvironment' } }],
    });
  });

  test('the job definition runs the distribution\'s image (SSM at launch) with a valid Fargate size, retries, timeout and awslogs', () => {
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      PlatformCapabilities: ['FARGATE'],
      RetryStrategy: { Attempts: { Ref: 'JobAttempts' } },
      Timeout: { AttemptDurationSeconds: { Ref: 'JobTimeoutSeconds' } },
      ContainerProperties: Match.objectLike({
        Image: { Ref: 'AgentImage' },
        ResourceRequirements: [
          { Type: 'VCPU', Value: { 'Fn::FindInMap': ['FargateTaskSizes', { Ref: 'TaskSize' }, 'Vcpu'] } },
          { Type: 'MEMORY', Value: { 'Fn::FindInMap': ['FargateTaskSizes', { Ref: 'TaskSize' }, 'MemoryMiB'] } },
        ],
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: { 'awslogs-group': { Ref: 'AgentLogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'agent' },
        },
      }),
    });
    template.hasParameter('AgentImage', {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: DISTRIBUTION_PARAMETERS.agentImage,
      AllowedValues: [DISTRIBUTION_PARAMETERS.agentImage],
    });
    template.hasParameter('TaskSize', { AllowedValues: FARGATE_SIZES.map((s) => s.name), Default: '1vCPU-2GB' });
  });

  test('every offered task size is a combination Fargate accepts', () => {
    for (const size of FARGATE_SIZES) expect([size.name, isValidFargateCombination(Number(size.vcpu), Number(size.memoryMiB))]).toEqual([size.name, true]);
    expect(isValidFargateCombination(0.25, 4096)).toBe(false);
    expect(isValidFargateCombination(8, 18 * 1024)).toBe(false);
    const mapping = (raw.Mappings as Record<string, Record<string, { Vcpu: string; MemoryMiB: string }>>).FargateTaskSizes;
    expect(mapping['4vCPU-30GB']).toEqual({ Vcpu: '4', MemoryMiB: '30720' });
  });

  test('no credential is a parameter: the job reads them under a prefix at run time', () => {
    for (const [name, p] of Object.entries(raw.Parameters ?? {})) {
      expect([name, /password|secret|token|apikey/i.test(name)]).toEqual([name, false]);
      expect([name, p.NoEcho]).toEqual([name, undefined]);
    }
    const jobRole = template.findResources('AWS::IAM::Role').AgentJobRole;
    const statements = jobRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'] }),
    );
    expect(JSON.stringify(statements)).toContain('secret:${P}/*');
  });

  test('the job role may assume only the vendor role; the external id reaches the agent', () => {
    const statements = template.findResources('AWS::IAM::Role').AgentJobRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements[0]).toEqual({ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: { Ref: 'VendorRoleArn' } });
    const env = template.findResources('AWS::Batch::JobDefinition').AgentJobDefinition.Properties.ContainerProperties.Environment;
    expect(env).toContainEqual({ Name: 'VENDOR_ROLE_ARN', Value: { Ref: 'VendorRoleArn' } });
    template.hasParameter('VendorRoleArn', { Type: 'AWS::SSM::Parameter::Value<String>', Default: DISTRIBUTION_PARAMETERS.vendorRoleArn });
    expect(env).toContainEqual({ Name: 'VENDOR_EXTERNAL_ID', Value: { Ref: 'VendorExternalId' } });
    expect(env).toContainEqual({ Name: 'AWS_STS_REGIONAL_ENDPOINTS', Value: 'regional' });
    template.hasParameter('VendorExternalId', { Type: 'String', MinLength: 2, MaxLength: 1224 });
  });

  test('the execution role pulls only the distribution\'s ECR repository (none when it is "none") and writes only the agent log group', () => {
    const statements = template.findResources('AWS::IAM::Role').AgentExecutionRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({
      'Fn::If': [
        'AgentImageInEcr',
        { Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Effect: 'Allow', Resource: { Ref: 'AgentImageRepositoryArn' } },
        { Ref: 'AWS::NoValue' },
      ],
    });
    expect(statements).toContainEqual({ 'Fn::If': ['AgentImageInEcr', { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }, { Ref: 'AWS::NoValue' }] });
    expect(raw.Conditions?.AgentImageInEcr).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AgentImageRepositoryArn' }, 'none'] }] });
    expect(statements).toContainEqual({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': ['AgentLogGroup', 'Arn'] },
    });
  });

  test('ECR repository ARNs are derived only for private ECR images', () => {
    expect(ecrRepositoryArn('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/agent@sha256:' + 'a'.repeat(64))).toBe(
      'arn:aws:ecr:us-east-1:123456789012:repository/team/agent',
    );
    expect(ecrRepositoryArn('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/agent:1')).toBe('arn:aws-cn:ecr:cn-north-1:123456789012:repository/agent');
    expect(ecrRepositoryArn('public.ecr.aws/vendor/agent:1.0')).toBeUndefined();
  });

  test('the credentials prefix: empty means the distribution\'s prefix from SSM, otherwise the value given', () => {
    template.hasParameter('CredentialsPrefix', { Type: 'String', Default: '' });
    expect(new RegExp(raw.Parameters!.CredentialsPrefix.AllowedPattern as string).test('')).toBe(true);
    expect(new RegExp(raw.Parameters!.CredentialsPrefix.AllowedPattern as string).test('/leading')).toBe(false);
    template.hasParameter('DistributionCredentialsPrefix', { Type: 'AWS::SSM::Parameter::Value<String>', Default: DISTRIBUTION_PARAMETERS.credentialsPrefix });
    expect(raw.Conditions?.UseDistributionCredentialsPrefix).toEqual({ 'Fn::Equals': [{ Ref: 'CredentialsPrefix' }, ''] });
    const prefix = { 'Fn::If': ['UseDistributionCredentialsPrefix', { Ref: 'DistributionCredentialsPrefix' }, { Ref: 'CredentialsPrefix' }] };
    const env = template.findResources('AWS::Batch::JobDefinition').AgentJobDefinition.Properties.ContainerProperties.Environment;
    expect(env).toContainEqual({ Name: 'CREDENTIALS_SSM_PATH', Value: { 'Fn::Sub': ['/${Prefix}/', { Prefix: prefix }] } });
  });

  test('the log group keeps logs for the chosen retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: { Ref: 'LogRetentionDays' } });
    template.hasParameter('LogRetentionDays', { Type: 'Number', Default: '90', AllowedValues: Match.arrayWith(['1', '90', '3653']) });
  });

  test('the schedule submits the job with a time zone and can be switched off', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      State: { Ref: 'ScheduleState' },
      ScheduleExpression: { Ref: 'ScheduleExpression' },
      ScheduleExpressionTimezone: { Ref: 'ScheduleTimezone' },
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:batch:submitJob']] },
        RoleArn: { 'Fn::GetAtt': ['AgentSchedulerRole', 'Arn'] },
      }),
    });
    template.hasParameter('ScheduleState', { AllowedValues: ['ENABLED', 'DISABLED'] });
    const statements = template.findResources('AWS::IAM::Role').AgentSchedulerRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toEqual([
      { Action: 'batch:SubmitJob', Effect: 'Allow', Resource: [{ 'Fn::GetAtt': ['AgentJobQueue', 'JobQueueArn'] }, { Ref: 'AgentJobDefinition' }] },
    ]);
  });

  test.each([
    ['ScheduleExpression', 'cron(0 3 * * ? *)', true],
    ['ScheduleExpression', 'rate(6 hours)', true],
    ['ScheduleExpression', 'every day', false],
    ['ScheduleExpression', 'cron(0 3 * *)', false],
    ['ScheduleTimezone', 'Asia/Tokyo', true],
    ['ScheduleTimezone', 'America/Argentina/Buenos_Aires', true],
    ['ScheduleTimezone', 'UTC', true],
    ['ScheduleTimezone', 'Tokyo time', false],
    ['VendorExternalId', 'customer-1234', true],
    ['VendorExternalId', 'has space', false],
  ])('parameter %s accepts %p: %p', (name, value, accepted) => {
    const pattern = new RegExp(String(raw.Parameters![name].AllowedPattern));
    expect(pattern.test(value)).toBe(accepted);
  });
});
