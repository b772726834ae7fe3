import { Aws, CfnCondition, CfnMapping, CfnOutput, Fn, Stack, type IResolvable } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { CatalogProductStack } from '../shared/catalog-product-stack';
import { keepLogGroupsCondition, retainWhen } from '../shared/termination';
import { DEFAULT_FARGATE_SIZE, FARGATE_SIZES } from './fargate-sizes';

export interface AgentRuntimeProps {
  readonly vpcId: string;
  /** Subnets the Fargate tasks run in. */
  readonly subnetIds: string[];
  /** ENABLED only for tasks in a public subnet with no NAT (the public-ip pattern). */
  readonly assignPublicIp: string;
  /** Use these security groups instead of creating one (existing-network). */
  readonly securityGroupIds?: string[];
  /** Extra environment variables for the agent (for example proxy settings). */
  readonly environment?: Record<string, string>;
  /**
   * Environment variables set only when a template condition holds (for example proxy settings only when a proxy is
   * given). Opt-in: without it the job definition is exactly what it was.
   */
  readonly conditionalEnvironment?: ConditionalEnvironment;
}

const JOB_GROUP = 'Agent job';
const SCHEDULE_GROUP = 'Schedule';
const VENDOR_GROUP = 'Vendor access';

/**
 * The agent every product runs: an AWS Batch job on Fargate with its roles, logs, schedule and a security group
 * with no inbound rules. Resources sit directly in the product stack with readable logical ids (Agent*).
 */
export class AgentRuntime {
  readonly securityGroupIds: string[];
  readonly jobQueue: batch.CfnJobQueue;
  readonly jobDefinition: batch.CfnJobDefinition;
  readonly logGroup: logs.CfnLogGroup;
  readonly jobRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
  readonly computeEnvironment: batch.CfnComputeEnvironment;
  readonly schedule: scheduler.CfnSchedule;

  constructor(
    private readonly stack: CatalogProductStack,
    props: AgentRuntimeProps,
  ) {
    const p = stack.consoleParameters;
    const settings = stack.distributionSettings;
    const computeType = p.add('ComputeType', {
      group: JOB_GROUP,
      label: 'Fargate capacity',
      description: 'FARGATE for on-demand capacity; FARGATE_SPOT costs up to 70% less but a run can be interrupted and retried.',
      type: 'String',
      default: 'FARGATE',
      allowedValues: ['FARGATE', 'FARGATE_SPOT'],
    });
    const taskSize = p.add('TaskSize', {
      group: JOB_GROUP,
      label: 'Task size (vCPU and memory)',
      description: 'vCPU and memory of one agent run; only combinations Fargate accepts are offered.',
      type: 'String',
      default: DEFAULT_FARGATE_SIZE,
      allowedValues: FARGATE_SIZES.map((s) => s.name),
    });
    const maxVcpus = p.add('MaxVcpus', {
      group: JOB_GROUP,
      label: 'Maximum vCPUs',
      description: 'Upper bound of vCPUs the compute environment runs at once (limits concurrent runs and cost).',
      type: 'Number',
      default: '16',
      minValue: 1,
      maxValue: 256,
    });
    const attempts = p.add('JobAttempts', {
      group: JOB_GROUP,
      label: 'Attempts per run',
      description: 'How many times AWS Batch tries a run before it is marked failed (1 = no retry).',
      type: 'Number',
      default: '2',
      minValue: 1,
      maxValue: 10,
    });
    const timeout = p.add('JobTimeoutSeconds', {
      group: JOB_GROUP,
      label: 'Run timeout (seconds)',
      description: 'AWS Batch stops an attempt that runs longer than this (60 seconds to 14 days).',
      type: 'Number',
      default: '10800',
      minValue: 60,
      maxValue: 1209600,
    });
    const credentialsPrefix = p.add('CredentialsPrefix', {
      group: JOB_GROUP,
      label: 'Credentials name prefix',
      description:
        'Data-source credentials are read at run time from SSM Parameter Store (/PREFIX/...) and Secrets Manager (PREFIX/...) under this prefix. ' +
        "Leave empty for your platform team's default prefix. Never put credentials in parameters.",
      type: 'String',
      default: '',
      allowedPattern: '^$|^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,99}$',
      constraintDescription: 'empty, or letters, digits and _ . - / (no leading slash), at most 100 characters',
    });
    // Empty: the distribution's prefix from SSM; otherwise the value given.
    const useDistributionPrefix = new CfnCondition(stack, 'UseDistributionCredentialsPrefix', {
      expression: Fn.conditionEquals(credentialsPrefix.valueAsString, ''),
    });
    const prefix = Fn.conditionIf(useDistributionPrefix.logicalId, settings.credentialsPrefix(), credentialsPrefix.valueAsString).toString();
    const scheduleState = p.add('ScheduleState', {
      group: SCHEDULE_GROUP,
      label: 'Scheduled runs',
      description: 'ENABLED runs the agent on the schedule below; DISABLED keeps the schedule but submits nothing.',
      type: 'String',
      default: 'ENABLED',
      allowedValues: ['ENABLED', 'DISABLED'],
    });
    const scheduleExpression = p.add('ScheduleExpression', {
      group: SCHEDULE_GROUP,
      label: 'Schedule expression',
      description: 'EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year) or rate(value unit).',
      type: 'String',
      default: 'cron(0 3 * * ? *)',
      allowedPattern: '^(cron\\(\\S+( \\S+){5}\\)|rate\\([1-9]\\d* (minute|minutes|hour|hours|day|days)\\))$',
      constraintDescription: 'must be cron(<6 fields>) or rate(<n> minutes|hours|days)',
    });
    const scheduleTimezone = p.add('ScheduleTimezone', {
      group: SCHEDULE_GROUP,
      label: 'Schedule time zone',
      description: 'IANA time zone the cron expression is evaluated in, e.g. Asia/Tokyo or UTC.',
      type: 'String',
      default: 'UTC',
      allowedPattern: '^(UTC|[A-Z][A-Za-z_-]+(/[A-Z0-9][A-Za-z0-9_+-]+){1,2}|Etc/GMT[+-]\\d{1,2})$',
      constraintDescription: 'must be an IANA time zone name such as Asia/Tokyo, America/New_York or UTC',
    });
    const externalId = p.add('VendorExternalId', {
      group: VENDOR_GROUP,
      label: 'Vendor external ID',
      description: "External ID the vendor gave you; the agent presents it when assuming the vendor's role (Catalog settings).",
      type: 'String',
      minLength: 2,
      maxLength: 1224,
      allowedPattern: '^[\\w+=,.@:/-]+$',
      constraintDescription: 'must be 2-1224 characters of letters, digits and +=,.@:/-',
    });

    const sizes = new CfnMapping(stack, 'FargateTaskSizes', {
      mapping: Object.fromEntries(FARGATE_SIZES.map((s) => [s.name, { Vcpu: s.vcpu, MemoryMiB: s.memoryMiB }])),
    });

    this.logGroup = new logs.CfnLogGroup(stack, 'AgentLogGroup', {
      retentionInDays: stack.logRetentionDays().valueAsNumber,
    });
    // Kept on termination unless LogGroupsOnTermination says delete; unnamed, so a re-launch never collides.
    retainWhen(this.logGroup, keepLogGroupsCondition(stack));

    this.securityGroupIds = props.securityGroupIds ?? [this.createSecurityGroup(props.vpcId).attrGroupId];

    this.executionRole = new iam.CfnRole(stack, 'AgentExecutionRole', {
      description: 'Pulls the agent image and writes its logs (ECS task execution role).',
      assumeRolePolicyDocument: assumedByService('ecs-tasks.amazonaws.com'),
      permissionsBoundary: stack.productRoleBoundaryArn,
      policies: [{ policyName: 'PullImageWriteLogs', policyDocument: this.executionPolicy() }],
    });

    this.jobRole = new iam.CfnRole(stack, 'AgentJobRole', {
      description: "The agent's own permissions: assume the vendor role and read its data-source credentials.",
      assumeRolePolicyDocument: assumedByService('ecs-tasks.amazonaws.com'),
      permissionsBoundary: stack.productRoleBoundaryArn,
      policies: [{ policyName: 'VendorAccessAndCredentials', policyDocument: this.jobPolicy(prefix) }],
    });

    this.computeEnvironment = new batch.CfnComputeEnvironment(stack, 'AgentComputeEnvironment', {
      type: 'MANAGED',
      state: 'ENABLED',
      computeResources: {
        type: computeType.valueAsString,
        maxvCpus: maxVcpus.valueAsNumber,
        subnets: props.subnetIds,
        securityGroupIds: this.securityGroupIds,
      },
    });

    this.jobQueue = new batch.CfnJobQueue(stack, 'AgentJobQueue', {
      priority: 1,
      state: 'ENABLED',
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: this.computeEnvironment.ref }],
    });

    const environment = {
      AWS_REGION: Aws.REGION,
      // Regional STS: the global endpoint is not reachable through a VPC endpoint (IAM guide, reference_sts_vpc_endpoint_create).
      AWS_STS_REGIONAL_ENDPOINTS: 'regional',
      VENDOR_ROLE_ARN: settings.vendorRoleArn(),
      VENDOR_EXTERNAL_ID: externalId.valueAsString,
      CREDENTIALS_SSM_PATH: Fn.sub('/${Prefix}/', { Prefix: prefix }),
      CREDENTIALS_SECRET_PREFIX: Fn.sub('${Prefix}/', { Prefix: prefix }),
      ...props.environment,
    };

    this.jobDefinition = new batch.CfnJobDefinition(stack, 'AgentJobDefinition', {
      type: 'container',
      platformCapabilities: ['FARGATE'],
      propagateTags: true,
      retryStrategy: { attempts: attempts.valueAsNumber },
      timeout: { attemptDurationSeconds: timeout.valueAsNumber },
      containerProperties: {
        image: settings.agentImage(),
        executionRoleArn: this.executionRole.attrArn,
        jobRoleArn: this.jobRole.attrArn,
        resourceRequirements: [
          { type: 'VCPU', value: sizes.findInMap(taskSize.valueAsString, 'Vcpu') },
          { type: 'MEMORY', value: sizes.findInMap(taskSize.valueAsString, 'MemoryMiB') },
        ],
        networkConfiguration: { assignPublicIp: props.assignPublicIp },
        fargatePlatformConfiguration: { platformVersion: 'LATEST' },
        environment: [
          ...Object.entries(environment).map(([name, value]) => ({ name, value })),
          ...conditionalEnvironmentEntries(props.conditionalEnvironment),
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': this.logGroup.ref,
            'awslogs-region': Aws.REGION,
            'awslogs-stream-prefix': 'agent',
          },
        },
      },
    });

    this.schedule = this.createSchedule(scheduleState.valueAsString, scheduleExpression.valueAsString, scheduleTimezone.valueAsString);
    this.addOutputs();
  }

  private createSecurityGroup(vpcId: string): ec2.CfnSecurityGroup {
    // No inbound rules at all: nothing initiates a connection to the agent. Outbound is open, as in the
    // vendor's own template; the network pattern decides where that traffic can go.
    return new ec2.CfnSecurityGroup(this.stack, 'AgentSecurityGroup', {
      vpcId,
      groupDescription: 'Agent tasks: no inbound rules; all outbound',
      securityGroupEgress: [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0', description: 'Agent egress (data sources, AWS services, vendor)' }],
      tags: [{ key: 'Name', value: Fn.sub('${AWS::StackName}-agent') }],
    });
  }

  /**
   * Logs always; ECR pulls only from the distribution's repository (its ARN read at launch), and not at all when the
   * distribution's image is outside private ECR (the repository parameter is "none": public registries need no IAM).
   */
  private executionPolicy(): unknown {
    const settings = this.stack.distributionSettings;
    const pullsFromEcr = new CfnCondition(this.stack, 'AgentImageInEcr', {
      expression: Fn.conditionNot(Fn.conditionEquals(settings.agentImageRepositoryArn(), 'none')),
    });
    const onlyFromEcr = (statement: iam.PolicyStatement) => Fn.conditionIf(pullsFromEcr.logicalId, statement.toStatementJson(), Aws.NO_VALUE);
    return {
      Version: '2012-10-17',
      Statement: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.attrArn] }).toStatementJson(),
        // GetAuthorizationToken has no resource-level permissions (ECR user guide, security_iam_id-based-policy-examples).
        onlyFromEcr(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] })),
        onlyFromEcr(
          new iam.PolicyStatement({
            actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            resources: [settings.agentImageRepositoryArn()],
          }),
        ),
      ],
    };
  }

  private jobPolicy(prefix: string): iam.PolicyDocument {
    const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [this.stack.distributionSettings.vendorRoleArn()] }),
        new iam.PolicyStatement({
          actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
          resources: [arn('ssm', Fn.sub('parameter/${P}', { P: prefix })), arn('ssm', Fn.sub('parameter/${P}/*', { P: prefix }))],
        }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [arn('secretsmanager', Fn.sub('secret:${P}/*', { P: prefix }))],
        }),
        // Customer-managed keys of those parameters/secrets, only when used through those services.
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [arn('kms', 'key/*')],
          conditions: {
            StringEquals: { 'kms:ViaService': [`ssm.${Aws.REGION}.amazonaws.com`, `secretsmanager.${Aws.REGION}.amazonaws.com`] },
          },
        }),
      ],
    });
  }

  private createSchedule(state: string, expression: string, timezone: string): scheduler.CfnSchedule {
    const role = new iam.CfnRole(this.stack, 'AgentSchedulerRole', {
      description: 'EventBridge Scheduler submits the agent job.',
      permissionsBoundary: this.stack.productRoleBoundaryArn,
      assumeRolePolicyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new iam.ServicePrincipal('scheduler.amazonaws.com')],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }),
      policies: [
        {
          policyName: 'SubmitAgentJob',
          policyDocument: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({
                actions: ['batch:SubmitJob'],
                resources: [this.jobQueue.attrJobQueueArn, this.jobDefinition.ref],
              }),
            ],
          }),
        },
      ],
    });
    return new scheduler.CfnSchedule(this.stack, 'AgentSchedule', {
      description: 'Runs the metadata agent',
      state,
      scheduleExpression: expression,
      scheduleExpressionTimezone: timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        // Batch has no templated Scheduler target; the universal target calls SubmitJob
        // (EventBridge Scheduler user guide, "managing-targets-universal").
        arn: `arn:${Aws.PARTITION}:scheduler:::aws-sdk:batch:submitJob`,
        roleArn: role.attrArn,
        input: Stack.of(this.stack).toJsonString({
          JobName: 'metadata-agent',
          JobQueue: this.jobQueue.attrJobQueueArn,
          JobDefinition: this.jobDefinition.ref,
        }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
    });
  }

  private addOutputs(): void {
    const out = (id: string, value: string, description: string) => new CfnOutput(this.stack, id, { value, description });
    out('JobQueueArn', this.jobQueue.attrJobQueueArn, 'AWS Batch job queue of the agent (aws batch submit-job --job-queue).');
    out('JobDefinitionArn', this.jobDefinition.ref, 'AWS Batch job definition of the agent (aws batch submit-job --job-definition).');
    out('LogGroupName', this.logGroup.ref, 'CloudWatch Logs group with the agent run logs.');
    out('SecurityGroupIds', Fn.join(',', this.securityGroupIds), 'Security group(s) of the agent tasks (no inbound rules).');
    out('JobRoleArn', this.jobRole.attrArn, 'IAM role the agent runs as; grant it access to your data sources.');
    out('ScheduleName', this.schedule.ref, 'EventBridge Scheduler schedule that submits the agent job.');
  }
}

export interface ConditionalEnvironment {
  readonly condition: CfnCondition;
  readonly variables: Record<string, string>;
}

/**
 * One Fn::If per variable: the whole { Name, Value } entry when the condition holds, AWS::NoValue (which drops the list
 * item) when it does not. Making only the value conditional would leave an entry without a value, which is invalid.
 */
export function conditionalEnvironmentEntries(conditional?: ConditionalEnvironment): IResolvable[] {
  if (!conditional) return [];
  return Object.entries(conditional.variables).map(([name, value]) =>
    Fn.conditionIf(conditional.condition.logicalId, { Name: name, Value: value }, Aws.NO_VALUE),
  );
}

function assumedByService(service: string): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [new iam.ServicePrincipal(service)],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    ],
  });
}
