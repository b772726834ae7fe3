import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import type { CatalogConfig } from '../../config/schema';
import { LaunchRoleStack } from '../../portfolios/launch-role-stack';
import { PRODUCT_ROLE_BOUNDARY_NAME } from '../../products/shared/member-account';
import type { CfnTemplate } from './catalog';
import { evaluate, resolvePseudo, type IamRequest, type PolicyStatementJson } from './iam-evaluate';

/**
 * The launch-role permission audit: for every resource of a product template, the IAM actions CloudFormation's
 * handler calls (resource provider schema, handlers.create/update/delete.permissions), turned into real requests
 * (resource ARNs from the IAM Service Authorization Reference bundled with cfn-lint, in every portfolio region, with
 * the request context the call carries) and evaluated against the launch role's synthesized statements.
 */

export const SCHEMA_DIR = path.join(__dirname, '..', 'fixtures', 'cfn-resource-schemas');
export const HANDLERS = ['create', 'update', 'delete'] as const;
export type Handler = (typeof HANDLERS)[number];

/** A launching (member) account and the stack Service Catalog creates there (SC-<account>-pp-<id>). */
export const MEMBER_ACCOUNT = '444455556666';
export const PARTITION = 'aws';
export const STACK_NAME = `SC-${MEMBER_ACCOUNT}-pp-abcdefghijklm`;
export const BOUNDARY_ARN = `arn:${PARTITION}:iam::${MEMBER_ACCOUNT}:policy/${PRODUCT_ROLE_BOUNDARY_NAME}`;
const STACK_TAG_KEY = 'aws:ResourceTag/aws:cloudformation:stack-name';

// ---------------------------------------------------------------------------------------------------------------
// Inputs: schemas, the authorization reference, the launch role
// ---------------------------------------------------------------------------------------------------------------

export interface ResourceSchema {
  typeName: string;
  properties: Record<string, unknown>;
  tagging?: { cloudFormationSystemTags?: boolean };
  handlers: Partial<Record<Handler | 'read' | 'list', { permissions?: string[] }>>;
}

export function schemaFile(type: string): string {
  return path.join(SCHEMA_DIR, `${type.replace(/::/g, '_')}.json`);
}

const schemas = new Map<string, ResourceSchema | undefined>();
export function readSchema(type: string): ResourceSchema | undefined {
  if (!schemas.has(type)) {
    const file = schemaFile(type);
    schemas.set(type, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ResourceSchema) : undefined);
  }
  return schemas.get(type);
}

/** cfn-lint's trimmed IAM Service Authorization Reference: service prefix → actions (resource types) and resource types (ARN formats). */
export type Authorization = Record<string, { Actions: Record<string, { Resources?: string[] }>; Resources: Record<string, { ARNFormats: string[]; ConditionKeys?: string[] }> }>;

/**
 * Read at test time from the installed cfn-lint (the same package `catalog verify` runs; CI has it): 1.9 MB of data
 * that cfn-lint refreshes from AWS, so the project keeps no stale copy of it.
 */
export function readAuthorization(): { data: Authorization; source: string } {
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('cfn-lint (Python) is not installed: the launch-role audit reads its data/AdditionalSpecs/Policies.json (pip install cfn-lint)');
  }
  const source = path.join(dir, 'data', 'AdditionalSpecs', 'Policies.json');
  return { data: JSON.parse(fs.readFileSync(source, 'utf8')) as Authorization, source };
}

/** The launch role's inline statements as synthesized for this configuration, pseudo parameters resolved for one account. */
export function launchRoleStatements(config: CatalogConfig): PolicyStatementJson[] {
  const template = memberAccountTemplate(config);
  const [roleId, role] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::IAM::Role')!;
  // Inline policies, and the managed policies the stack attaches to the role (the self-service actions' grants).
  const attached = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && ((r.Properties!.Roles as unknown[] | undefined) ?? []).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })),
  );
  const policies = [...(role.Properties!.Policies as { PolicyDocument: { Statement: unknown[] } }[]), ...attached.map((r) => r.Properties as { PolicyDocument: { Statement: unknown[] } })];
  return policies.flatMap((p) => resolvePseudo(p.PolicyDocument.Statement, { partition: PARTITION, account: MEMBER_ACCOUNT }) as PolicyStatementJson[]);
}

/** The trust policy and the boundary policy of the member-account stack, resolved the same way. */
export function memberAccountTemplate(config: CatalogConfig): CfnTemplate {
  return stackTemplate(new LaunchRoleStack(new App(), 'LaunchRole', { roleName: config.launchRole.name, config }));
}

function stackTemplate(stack: LaunchRoleStack): CfnTemplate {
  const app = stack.node.root as App;
  return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
}

// ---------------------------------------------------------------------------------------------------------------
// Which IAM resources a resource type's actions act on, and where they come from
// ---------------------------------------------------------------------------------------------------------------

/**
 * For each CloudFormation type: the IAM resource types (Service Authorization Reference names, lower case) its
 * handler's actions act on, and where each comes from: 'self' (the resource itself) or the property that names it
 * (a Ref/GetAtt to a resource of the same template: created, and tagged, by the stack; anything else: foreign).
 * An action whose resource types are not listed here acts on resources the stack did not create (for example the
 * endpoints Network Firewall makes): it is checked against every resource type the action lists, untagged.
 */
const RESOURCE_SOURCES: Record<string, Record<string, string>> = {
  'AWS::EC2::VPC': { vpc: 'self' },
  'AWS::EC2::Subnet': { subnet: 'self', vpc: 'VpcId' },
  'AWS::EC2::RouteTable': { 'route-table': 'self', vpc: 'VpcId' },
  'AWS::EC2::Route': { 'route-table': 'RouteTableId' },
  'AWS::EC2::SubnetRouteTableAssociation': { 'route-table': 'RouteTableId', subnet: 'SubnetId' },
  'AWS::EC2::GatewayRouteTableAssociation': { 'route-table': 'RouteTableId', 'internet-gateway': 'GatewayId' },
  'AWS::EC2::InternetGateway': { 'internet-gateway': 'self' },
  'AWS::EC2::VPCGatewayAttachment': { 'internet-gateway': 'InternetGatewayId', vpc: 'VpcId' },
  'AWS::EC2::EIP': { 'elastic-ip': 'self' },
  'AWS::EC2::NatGateway': { natgateway: 'self', subnet: 'SubnetId', 'elastic-ip': 'AllocationId' },
  'AWS::EC2::SecurityGroup': { 'security-group': 'self', vpc: 'VpcId' },
  'AWS::EC2::VPCEndpoint': { 'vpc-endpoint': 'self', vpc: 'VpcId', subnet: 'SubnetIds', 'security-group': 'SecurityGroupIds', 'route-table': 'RouteTableIds' },
  'AWS::EC2::FlowLog': { 'vpc-flow-log': 'self', vpc: 'ResourceId' },
  'AWS::EC2::NetworkInsightsAccessScope': { 'network-insights-access-scope': 'self' },
  'AWS::IAM::Role': { role: 'self' },
  'AWS::Logs::LogGroup': { 'log-group': 'self' },
  'AWS::Batch::ComputeEnvironment': { 'compute-environment': 'self' },
  'AWS::Batch::JobQueue': { 'job-queue': 'self', 'compute-environment': 'ComputeEnvironmentOrder' },
  'AWS::Batch::JobDefinition': { 'job-definition': 'self', 'job-definition-revision': 'self' },
  'AWS::Scheduler::Schedule': { schedule: 'self' },
  // The firewall handler describes the rule groups of its policy: the stack's own (named after the stack like the policy).
  'AWS::NetworkFirewall::Firewall': { firewall: 'self', firewallpolicy: 'FirewallPolicyArn', statefulrulegroup: 'FirewallPolicyArn' },
  'AWS::NetworkFirewall::FirewallPolicy': { firewallpolicy: 'self', statefulrulegroup: 'FirewallPolicy' },
  'AWS::NetworkFirewall::RuleGroup': { statefulrulegroup: 'self', statelessrulegroup: 'self' },
  'AWS::NetworkFirewall::LoggingConfiguration': { firewall: 'FirewallArn' },
  // GetChange polls the change id Route 53 returns for the zone's own or the record's change batch.
  'AWS::Route53::HostedZone': { hostedzone: 'self', change: 'self', queryloggingconfig: 'self' },
  'AWS::Route53::RecordSet': { hostedzone: 'HostedZoneId', change: 'self' },
};

/** The property holding a resource's own name, when it has one (else CloudFormation generates `<stack>-<logical id>-<suffix>`). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Batch::ComputeEnvironment': 'ComputeEnvironmentName',
  'AWS::Batch::JobQueue': 'JobQueueName',
  'AWS::Batch::JobDefinition': 'JobDefinitionName',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::NetworkFirewall::Firewall': 'FirewallName',
  'AWS::NetworkFirewall::FirewallPolicy': 'FirewallPolicyName',
  'AWS::NetworkFirewall::RuleGroup': 'RuleGroupName',
};

/**
 * Roles a resource passes (iam:PassRole), by property path, and the service each is passed to. Batch's
 * RegisterJobDefinition does not document its iam:PassedToService: both candidates must be allowed.
 */
const PASSED_ROLES: Record<string, { property: string[]; services: string[] }[]> = {
  'AWS::Batch::JobDefinition': [
    { property: ['ContainerProperties', 'ExecutionRoleArn'], services: ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com'] },
    { property: ['ContainerProperties', 'JobRoleArn'], services: ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com'] },
  ],
  'AWS::Batch::ComputeEnvironment': [
    { property: ['ServiceRole'], services: ['batch.amazonaws.com'] },
    { property: ['ComputeResources', 'InstanceRole'], services: ['ec2.amazonaws.com'] },
  ],
  'AWS::Scheduler::Schedule': [{ property: ['Target', 'RoleArn'], services: ['scheduler.amazonaws.com'] }],
  'AWS::EC2::FlowLog': [{ property: ['DeliverLogsPermissionArn'], services: ['vpc-flow-logs.amazonaws.com'] }],
};

/** Service-linked roles a type's handler may create (iam:CreateServiceLinkedRole with iam:AWSServiceName). */
const SERVICE_LINKED_ROLES: Record<string, string[]> = {
  'AWS::Batch::ComputeEnvironment': ['batch.amazonaws.com'],
  'AWS::NetworkFirewall::Firewall': ['network-firewall.amazonaws.com'],
  'AWS::NetworkFirewall::RuleGroup': ['network-firewall.amazonaws.com'],
  'AWS::NetworkFirewall::LoggingConfiguration': ['network-firewall.amazonaws.com'],
  'AWS::EC2::FlowLog': [],
};

/** Actions whose request carries iam:PermissionsBoundary (IAM Service Authorization Reference, actions defined by IAM). */
const BOUNDARY_KEY_ACTIONS = ['iam:createrole', 'iam:putrolepolicy', 'iam:attachrolepolicy', 'iam:putrolepermissionsboundary', 'iam:deleterolepolicy', 'iam:detachrolepolicy', 'iam:deleterolepermissionsboundary'];

type Props = Record<string, unknown>;
const at = (props: Props | undefined, p: string[]): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Props)[k] : undefined), props);
const has = (props: Props | undefined, ...names: string[]) => names.some((n) => props?.[n] !== undefined);

/**
 * Handler actions a product does not trigger: each is called only for a property (or destination) the template
 * does not use, and the rule checks that against the resource's properties; when the template uses it, the action
 * is checked like any other. `always` marks actions the launch role refuses by design.
 */
const NOT_TRIGGERED: { type: string; action: string; unless: (props: Props | undefined, template: CfnTemplate) => boolean; reason: string }[] = [
  { type: 'AWS::Batch::ComputeEnvironment', action: 'eks:describecluster', unless: (p) => has(p, 'EksConfiguration'), reason: 'EKS compute environments only (EksConfiguration)' },
  { type: 'AWS::EC2::EIP', action: 'ec2:acceptaddresstransfer', unless: (p) => has(p, 'TransferAddress'), reason: 'address transfer only (TransferAddress)' },
  { type: 'AWS::EC2::FlowLog', action: 's3:getbucketpolicy', unless: (p) => p?.LogDestinationType === 's3', reason: 'S3 destinations only' },
  { type: 'AWS::EC2::FlowLog', action: 's3:putbucketpolicy', unless: (p) => p?.LogDestinationType === 's3', reason: 'S3 destinations only' },
  {
    type: 'AWS::EC2::FlowLog',
    action: 'iam:createservicelinkedrole',
    unless: (p) => p?.LogDestinationType !== undefined && p.LogDestinationType !== 'cloud-watch-logs',
    reason: 'S3 / Firehose delivery only (CloudWatch Logs delivery uses DeliverLogsPermissionArn)',
  },
  { type: 'AWS::EC2::FlowLog', action: 'logs:createlogdelivery', unless: (p) => p?.LogDestinationType !== undefined && p.LogDestinationType !== 'cloud-watch-logs', reason: 'vended delivery to S3 / Firehose only' },
  { type: 'AWS::EC2::FlowLog', action: 'logs:deletelogdelivery', unless: (p) => p?.LogDestinationType !== undefined && p.LogDestinationType !== 'cloud-watch-logs', reason: 'vended delivery to S3 / Firehose only' },
  ...['ec2:associatenatgatewayaddress', 'ec2:disassociatenatgatewayaddress', 'ec2:assignprivatenatgatewayaddress', 'ec2:unassignprivatenatgatewayaddress'].map((action) => ({
    type: 'AWS::EC2::NatGateway',
    action,
    unless: (p: Props | undefined) => has(p, 'SecondaryAllocationIds', 'SecondaryPrivateIpAddresses', 'SecondaryPrivateIpAddressCount', 'AvailabilityMode'),
    reason: 'secondary addresses / regional NAT only',
  })),
  ...['ec2:associatesubnetcidrblock', 'ec2:disassociatesubnetcidrblock'].map((action) => ({
    type: 'AWS::EC2::Subnet',
    action,
    unless: (p: Props | undefined) => has(p, 'Ipv6CidrBlock', 'Ipv6CidrBlocks', 'Ipv6Native', 'AssignIpv6AddressOnCreation'),
    reason: 'IPv6 subnets only',
  })),
  { type: 'AWS::EC2::VPC', action: 'ec2:createvpcencryptioncontrol', unless: (p) => has(p, 'VpcEncryptionControl'), reason: 'VPC encryption control only (VpcEncryptionControl)' },
  { type: 'AWS::EC2::VPC', action: 'ec2:modifyvpctenancy', unless: (p) => has(p, 'InstanceTenancy'), reason: 'a tenancy change only (InstanceTenancy)' },
  ...['vpc-lattice:createservicenetworkvpcendpointassociation', 'vpc-lattice:describeservicenetworkvpcendpointassociation'].map((action) => ({
    type: 'AWS::EC2::VPCEndpoint',
    action,
    unless: (p: Props | undefined) => has(p, 'ServiceNetworkArn', 'ResourceConfigurationArn'),
    reason: 'service-network / resource endpoints only',
  })),
  { type: 'AWS::EC2::VPCEndpoint', action: 'vpce:allowmultiregion', unless: (p) => has(p, 'ServiceRegion'), reason: 'cross-region endpoints only (ServiceRegion)' },
  ...['ec2:attachvpngateway', 'ec2:detachvpngateway'].map((action) => ({
    type: 'AWS::EC2::VPCGatewayAttachment',
    action,
    unless: (p: Props | undefined) => has(p, 'VpnGatewayId'),
    reason: 'virtual private gateways only (VpnGatewayId)',
  })),
  ...['logs:associatekmskey', 'logs:disassociatekmskey'].map((action) => ({ type: 'AWS::Logs::LogGroup', action, unless: (p: Props | undefined) => has(p, 'KmsKeyId'), reason: 'KMS-encrypted log groups only (KmsKeyId)' })),
  ...['AWS::Logs::LogGroup', 'AWS::NetworkFirewall::LoggingConfiguration'].map((type) => ({
    type,
    action: 'firehose:tagdeliverystream',
    unless: (_p: Props | undefined, t: CfnTemplate) => Object.values(t.Resources).some((r) => r.Type.startsWith('AWS::KinesisFirehose::') || JSON.stringify(r.Properties ?? {}).includes('KinesisDataFirehose')),
    reason: 'Firehose delivery only (no delivery stream in the template)',
  })),
  ...['s3:putbucketpolicy', 's3:getbucketpolicy'].map((action) => ({
    type: 'AWS::NetworkFirewall::LoggingConfiguration',
    action,
    unless: (p: Props | undefined) => JSON.stringify(p ?? {}).includes('"S3"'),
    reason: 'S3 log destinations only',
  })),
  ...['route53:createqueryloggingconfig', 'route53:deletequeryloggingconfig'].map((action) => ({
    type: 'AWS::Route53::HostedZone',
    action,
    unless: (p: Props | undefined) => has(p, 'QueryLoggingConfig'),
    reason: 'DNS query logging only (QueryLoggingConfig)',
  })),
  { type: 'AWS::IAM::Role', action: 'iam:putrolepermissionsboundary', unless: (p) => has(p, 'PermissionsBoundary'), reason: 'only for a role with PermissionsBoundary' },
  {
    type: 'AWS::IAM::Role',
    action: 'iam:deleterolepermissionsboundary',
    unless: () => false,
    reason: 'only when an update removes PermissionsBoundary: denied by design (DenyBoundaryRemoval)',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Building the requests
// ---------------------------------------------------------------------------------------------------------------

export interface Check {
  readonly source: string;
  readonly type: string;
  readonly logicalId: string;
  readonly handler: Handler | 'service-catalog' | 'parameters';
  readonly region: string;
  readonly request: IamRequest;
}

export interface Skip {
  readonly type: string;
  readonly handler: Handler;
  readonly action: string;
  readonly reason: string;
}

/** True when the audit knows where a type's IAM resources come from (and so can check it). */
export function auditKnowsType(type: string): boolean {
  return type in RESOURCE_SOURCES && readSchema(type) !== undefined;
}

function generatedName(logicalId: string): string {
  return `${STACK_NAME}-${logicalId}-1A2B3C4D5E6F`.slice(0, 64);
}

/** The literal value of a name-like property: Fn::Sub/Join over pseudo parameters and parameter defaults. */
function resolveName(template: CfnTemplate, value: unknown, region: string): string | undefined {
  const defaults = Object.fromEntries(Object.entries(template.Parameters ?? {}).map(([k, p]) => [k, p.Default]));
  const sub = (s: string, vars: Record<string, unknown> = {}) =>
    s.replace(/\$\{([^}]+)\}/g, (_, n: string) => {
      if (n in vars) return String(resolveName(template, vars[n], region));
      if (n === 'AWS::StackName') return STACK_NAME;
      if (n === 'AWS::Region') return region;
      if (n === 'AWS::AccountId') return MEMBER_ACCOUNT;
      if (n === 'AWS::Partition') return PARTITION;
      if (defaults[n] !== undefined) return String(defaults[n]);
      throw new Error(`unresolvable ${n}`);
    });
  try {
    if (typeof value === 'string') return value;
    const o = value as Record<string, unknown>;
    if ('Ref' in o) {
      const r = o.Ref as string;
      if (r === 'AWS::StackName') return STACK_NAME;
      if (defaults[r] !== undefined) return String(defaults[r]);
      return undefined;
    }
    if ('Fn::Sub' in o) {
      const v = o['Fn::Sub'];
      return typeof v === 'string' ? sub(v) : sub((v as [string, Record<string, unknown>])[0], (v as [string, Record<string, unknown>])[1]);
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      const values = parts.map((p) => resolveName(template, p, region));
      return values.every((v) => v !== undefined) ? values.join(sep) : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Logical ids a property value refers to (Ref / Fn::GetAtt to resources of the template). */
function referencedResources(template: CfnTemplate, value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string' && o.Ref in template.Resources) found.push(o.Ref);
      if (Array.isArray(o['Fn::GetAtt']) && (o['Fn::GetAtt'][0] as string) in template.Resources) found.push(o['Fn::GetAtt'][0] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return found;
}

function systemTags(type: string): boolean {
  return readSchema(type)?.tagging?.cloudFormationSystemTags !== false;
}

function arnOf(auth: Authorization, service: string, iamType: string, region: string, id: string): string {
  const resources = auth[service].Resources;
  const key = Object.keys(resources).find((k) => k.toLowerCase() === iamType.toLowerCase())!;
  return resources[key].ARNFormats[0]
    .replace('${Partition}', PARTITION)
    .replace('${Region}', region)
    .replace('${Account}', MEMBER_ACCOUNT)
    .replace(/\.\*$/, id);
}

/** The resource id an ARN of this IAM type ends in, for the resource itself. */
function ownId(type: string, iamType: string, logicalId: string, props: Props | undefined, template: CfnTemplate, region: string): string {
  const nameProperty = NAME_PROPERTY[type];
  const name = (nameProperty && props?.[nameProperty] !== undefined && resolveName(template, props[nameProperty], region)) || generatedName(logicalId);
  if (iamType === 'schedule') return `${(props?.GroupName as string | undefined) ?? 'default'}/${name}`;
  if (iamType === 'job-definition-revision') return `job-definition/${name}:1`;
  if (type.startsWith('AWS::EC2::')) return `${iamType}-0${logicalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 16)}`;
  return name;
}

/**
 * Every request one product template's create, update and delete make in one region, and the handler actions it
 * does not trigger (with the reason). Also: the SSM parameters CloudFormation resolves for the template.
 */
export function templateChecks(auth: Authorization, source: string, template: CfnTemplate, region: string): { checks: Check[]; skips: Skip[]; notIam: string[] } {
  const checks: Check[] = [];
  const skips: Skip[] = [];
  const notIam: string[] = [];

  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (String(parameter.Type).startsWith('AWS::SSM::Parameter::Value<')) {
      const parameterName = String(parameter.Default ?? '').replace(/^\//, '');
      checks.push({
        source,
        type: `Parameter ${name}`,
        logicalId: name,
        handler: 'parameters',
        region,
        request: { action: 'ssm:GetParameters', resource: arnOf(auth, 'ssm', 'parameter', region, parameterName) },
      });
    }
  }

  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const { Type: type } = resource;
    const props = resource.Properties;
    const schema = readSchema(type);
    if (!schema) throw new Error(`${source}: ${logicalId} is ${type}, which has no schema copy in ${SCHEMA_DIR} (see its README: add ${path.basename(schemaFile(type))})`);
    const sources = RESOURCE_SOURCES[type];
    if (!sources) throw new Error(`${type}: add its IAM resource types to RESOURCE_SOURCES in ${__filename}`);

    for (const handler of HANDLERS) {
      const permissions: string[] = schema.handlers[handler]?.permissions ?? [];
      for (const raw of permissions) {
        const [servicePart, actionPart]: string[] = raw.split(':');
        const service = servicePart.toLowerCase();
        const action = `${service}:${actionPart}`;
        const key = action.toLowerCase();
        const skip = NOT_TRIGGERED.find((n) => n.type === type && n.action === key);
        if (skip && !skip.unless(props, template)) {
          skips.push({ type, handler, action, reason: skip.reason });
          continue;
        }
        const actionInfo = auth[service]?.Actions[actionPart.toLowerCase()];
        if (!actionInfo) {
          notIam.push(`${type} ${handler}: ${raw}`);
          continue;
        }
        const push = (resourceArn: string, context: Record<string, string | string[]> = {}) =>
          checks.push({ source, type, logicalId, handler, region, request: { action, resource: resourceArn, context } });

        if (key === 'iam:passrole') {
          const passed = (PASSED_ROLES[type] ?? []).filter((r) => at(props, r.property) !== undefined);
          if (!passed.length) {
            skips.push({ type, handler, action, reason: 'no role property in the template' });
            continue;
          }
          for (const r of passed) {
            const roleId = referencedResources(template, at(props, r.property))[0];
            const roleArn = roleId
              ? arnOf(auth, 'iam', 'role', region, ownId('AWS::IAM::Role', 'role', roleId, template.Resources[roleId].Properties, template, region))
              : String(resolveName(template, at(props, r.property), region));
            for (const passedTo of r.services) push(roleArn, { 'iam:PassedToService': passedTo });
          }
          continue;
        }
        if (key === 'iam:createservicelinkedrole') {
          const services = SERVICE_LINKED_ROLES[type];
          if (!services) throw new Error(`${type}: name the service of its service-linked role in SERVICE_LINKED_ROLES`);
          for (const svc of services) push(`arn:${PARTITION}:iam::${MEMBER_ACCOUNT}:role/aws-service-role/${svc}/AWSServiceRoleFor${svc.split('.')[0]}`, { 'iam:AWSServiceName': svc });
          if (!services.length) skips.push({ type, handler, action, reason: 'no service-linked role for this destination' });
          continue;
        }

        const iamTypes = (actionInfo.Resources ?? []).map((t) => t.toLowerCase());
        if (!iamTypes.length) {
          push('*');
          continue;
        }
        // A rule group is stateful or stateless by its Type.
        const mine = iamTypes.filter((t) => t in sources && !(type === 'AWS::NetworkFirewall::RuleGroup' && t !== `${String(props?.Type).toLowerCase()}rulegroup`));
        if (!mine.length) {
          // Resources the stack did not create: every resource type the action lists, without the stack's tag.
          for (const t of iamTypes) push(arnOf(auth, service, t, region, `${t}-0foreign`));
          continue;
        }
        for (const t of mine) {
          const from = sources[t];
          let id: string;
          let tagged: boolean;
          if (from === 'self') {
            id = ownId(type, t, logicalId, props, template, region);
            // Conservative: during create the resource may not carry the stack tags yet.
            tagged = handler !== 'create' && systemTags(type);
          } else {
            const ref = referencedResources(template, props?.[from])[0];
            if (ref) {
              const refType = template.Resources[ref].Type;
              id = ownId(refType, t, ref, template.Resources[ref].Properties, template, region);
              tagged = systemTags(refType);
            } else {
              id = `${t}-0foreign`;
              tagged = false;
            }
          }
          const context: Record<string, string | string[]> = tagged ? { [STACK_TAG_KEY]: STACK_NAME } : {};
          if (type === 'AWS::IAM::Role' && BOUNDARY_KEY_ACTIONS.includes(key) && props?.PermissionsBoundary !== undefined) {
            context['iam:PermissionsBoundary'] = String(resolvePseudo(props.PermissionsBoundary, { partition: PARTITION, account: MEMBER_ACCOUNT, region, stackName: STACK_NAME }));
          }
          push(arnOf(auth, service, t, region, id), context);
        }
      }
    }
  }
  return { checks, skips, notIam };
}

/** What Service Catalog itself does with the launch role in a region (admin guide, constraints-launch). */
export function serviceCatalogChecks(auth: Authorization, region: string): Check[] {
  const stackArn = arnOf(auth, 'cloudformation', 'stack', region, `${STACK_NAME}/11111111-2222-3333-4444-555555555555`);
  const cfn = [
    'CreateStack',
    'UpdateStack',
    'DeleteStack',
    'DescribeStacks',
    'DescribeStackEvents',
    'DescribeStackResource',
    'DescribeStackResources',
    'GetTemplate',
    'SetStackPolicy',
    'ContinueUpdateRollback',
    'CreateChangeSet',
    'DescribeChangeSet',
    'ExecuteChangeSet',
    'DeleteChangeSet',
    'TagResource',
    'UntagResource',
    'ValidateTemplate',
    'GetTemplateSummary',
  ];
  const checks: Check[] = cfn.map((a) => {
    const resourceTypes = auth.cloudformation.Actions[a.toLowerCase()]?.Resources ?? [];
    return {
      source: 'Service Catalog',
      type: 'provisioned product stack',
      logicalId: STACK_NAME,
      handler: 'service-catalog' as const,
      region,
      request: { action: `cloudformation:${a}`, resource: resourceTypes.includes('stack') ? stackArn : '*' },
    };
  });
  checks.push({
    source: 'Service Catalog',
    type: 'product template object',
    logicalId: 'template',
    handler: 'service-catalog',
    region,
    request: {
      action: 's3:GetObject',
      resource: `arn:${PARTITION}:s3:::cf-templates-abcdefghijkl-${region}/product-template.json`,
      context: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' },
    },
  });
  return checks;
}

export interface Finding {
  readonly check: Check;
  readonly deniedBy?: string;
}

export function describe(f: Finding): string {
  const c = f.check;
  const ctx = Object.entries(c.request.context ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${c.request.action} — ${c.type} ${c.logicalId} (${c.handler}, ${c.region}) in ${c.source}: ${c.request.resource}${ctx ? ` [${ctx}]` : ''}${f.deniedBy ? ` denied by ${f.deniedBy}` : ' not allowed'}`;
}

/** The checks that the statements do not allow. */
export function notAllowed(statements: PolicyStatementJson[], checks: readonly Check[]): Finding[] {
  return checks.flatMap((check) => {
    const decision = evaluate(statements, check.request);
    return decision.allowed ? [] : [{ check, deniedBy: decision.deniedBy }];
  });
}
