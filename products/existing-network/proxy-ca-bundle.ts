import { Aws, CfnCondition, CfnRule, Fn, type IResolvable } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { conditionalEnvironmentEntries, type AgentRuntime } from '../runtime/agent-runtime';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

const PROXY_GROUP = 'HTTPS proxy';

/** Where the job writes the bundle: /tmp is writable in every Fargate container (no host volumes on Fargate). */
export const CA_BUNDLE_FILE = '/tmp/agent-proxy-ca/ca-bundle.pem';

/** The environment variable the PEM arrives in (ECS secret injection) before the wrapper writes it to the file. */
export const CA_BUNDLE_SECRET_VARIABLE = 'AGENT_PROXY_CA_BUNDLE_PEM';

/**
 * The variables common TLS clients read a CA file from: the AWS SDKs and CLI (AWS_CA_BUNDLE), OpenSSL-based runtimes
 * (SSL_CERT_FILE), Python requests (REQUESTS_CA_BUNDLE), curl (CURL_CA_BUNDLE) and Node.js (NODE_EXTRA_CA_CERTS, added
 * to its built-in roots). All but Node.js replace the default trust store, hence the file holds the image's own roots too.
 */
export const CA_BUNDLE_VARIABLES = ['AWS_CA_BUNDLE', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS'];

/** Empty, or a fully qualified SSM parameter name (leading slash; the reserved aws/ssm prefixes excluded). */
export const CA_BUNDLE_PARAMETER_OR_EMPTY = '^$|^/(?![Aa][Ww][Ss]|[Ss][Ss][Mm])[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){0,14}$';

/** Empty, or a command as words without shell syntax (no quotes, $, ;, |, &, redirections or backquotes). */
export const AGENT_START_COMMAND_OR_EMPTY = '^$|^[A-Za-z0-9_./:=@%+,-]+( [A-Za-z0-9_./:=@%+,-]+){0,31}$';

/** The image's system roots, by distribution (Debian/Ubuntu/Alpine, Amazon Linux/RHEL, others); the first readable one. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/**
 * A custom CA bundle for TLS-inspecting proxies (existing-network): the proxy re-signs TLS with its own CA, which the
 * agent must trust. How the PEM reaches the container without changing the vendor image:
 *
 * - From SSM Parameter Store, as a Batch job secret: the Fargate agent reads the parameter with the execution role
 *   before the container starts and puts it in AGENT_PROXY_CA_BUNDLE_PEM; the execution role needs ssm:GetParameters on it,
 *   and kms:Decrypt only for a customer managed key (https://docs.aws.amazon.com/batch/latest/userguide/specifying-sensitive-data-parameters.html). Nothing in the image fetches it, so it needs no AWS CLI and no network path of
 *   its own, and the execution role may read that one parameter only.
 * - To a file, by a start wrapper: Fargate has no host volumes and Batch job definitions cannot override the image's
 *   ENTRYPOINT, so the job's command becomes `/bin/sh -c '<write the file>; exec <AgentStartCommand>'`: it writes the
 *   image's system roots plus the proxy CA to CA_BUNDLE_FILE and then runs the agent's own start command. This assumes an
 *   image with /bin/sh whose ENTRYPOINT is empty or runs its arguments (the common `exec "$@"` entrypoint script).
 *
 * Not from S3: neither Batch nor Fargate copies an S3 object into a container (ECS environment files are KEY=VALUE
 * lines, and Batch job definitions have none), so an S3 object would need a fetching program in the vendor image. An SSM
 * parameter holds 4 KB (standard tier) or 8 KB (advanced tier): a proxy root with one or two intermediates.
 */
export class ProxyCaBundle {
  readonly parameterName: string;
  readonly startCommand: string;
  readonly hasBundle: CfnCondition;

  constructor(private readonly stack: CatalogProductStack) {
    const p = stack.consoleParameters;
    this.parameterName = p.add('ProxyCaBundleParameter', {
      group: PROXY_GROUP,
      label: 'TLS-inspecting proxy: CA bundle (SSM parameter, optional)',
      description:
        'Empty, or the name of an SSM parameter (String or SecureString, this account and region) holding the PEM of the CA your proxy re-signs TLS with ' +
        `(root and intermediates). The job trusts it in addition to the image's roots: ${CA_BUNDLE_VARIABLES.join(', ')} point to ${CA_BUNDLE_FILE}.`,
      type: 'String',
      default: '',
      allowedPattern: CA_BUNDLE_PARAMETER_OR_EMPTY,
      constraintDescription: 'must be empty or an SSM parameter name starting with / (letters, digits, _ . - and /; not under /aws or /ssm), e.g. /corp/proxy/ca-bundle',
    }).valueAsString;
    this.startCommand = p.add('AgentStartCommand', {
      group: PROXY_GROUP,
      label: "Agent image's start command (with a CA bundle only)",
      description:
        'Needed with a CA bundle: the command the agent image runs (your vendor documents it), run after the bundle is written. ' +
        'Words separated by single spaces, no quotes or shell syntax. Empty without a CA bundle.',
      type: 'String',
      default: '',
      allowedPattern: AGENT_START_COMMAND_OR_EMPTY,
      constraintDescription: 'must be empty or words of letters, digits and _ . / : = @ % + , - separated by single spaces (no quotes or shell syntax)',
    }).valueAsString;
    this.hasBundle = new CfnCondition(stack, 'HasProxyCaBundle', { expression: Fn.conditionNot(Fn.conditionEquals(this.parameterName, '')) });
    this.addRules();
  }

  /** `arn:…:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
  get parameterArn(): string {
    return Fn.sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Name}', { Name: this.parameterName });
  }

  /** Adds the secret, the wrapper command, the CA variables and the execution role's read of the one parameter. */
  applyTo(runtime: AgentRuntime): void {
    const only = (value: unknown) => Fn.conditionIf(this.hasBundle.logicalId, value, Aws.NO_VALUE);
    const container = runtime.jobDefinition.containerProperties as batch.CfnJobDefinition.ContainerPropertiesProperty;
    const environment = [
      ...((container.environment as unknown[] | undefined) ?? []),
      ...conditionalEnvironmentEntries({ condition: this.hasBundle, variables: Object.fromEntries(CA_BUNDLE_VARIABLES.map((v) => [v, CA_BUNDLE_FILE])) }),
    ];
    runtime.jobDefinition.containerProperties = {
      ...container,
      environment: environment as batch.CfnJobDefinition.EnvironmentProperty[],
      secrets: [only({ Name: CA_BUNDLE_SECRET_VARIABLE, ValueFrom: this.parameterArn })] as unknown as IResolvable,
      command: only(['/bin/sh', '-c', Fn.join('', [this.wrapperScript(), this.startCommand])]) as unknown as string[],
    };
    // Into the execution role's own policy, one conditional statement each (a conditional policy of its own would
    // leave the role's Policies list with an Fn::If, which cdk-nag's IAM rules cannot read).
    const [pullAndLogs, ...others] = runtime.executionRole.policies as iam.CfnRole.PolicyProperty[];
    const document = pullAndLogs.policyDocument as { Version: string; Statement: unknown[] };
    runtime.executionRole.policies = [
      {
        ...pullAndLogs,
        policyDocument: {
          ...document,
          Statement: [
            ...document.Statement,
            // The Fargate agent resolves the job secret with the execution role (GetParameters), only this parameter.
            only({ Sid: 'ReadProxyCaBundle', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: this.parameterArn }),
            // A SecureString under a customer managed key; only through SSM (the AWS managed aws/ssm key needs no grant).
            only({
              Sid: 'DecryptProxyCaBundle',
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: Fn.sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'),
              Condition: { StringEquals: { 'kms:ViaService': Fn.sub('ssm.${AWS::Region}.amazonaws.com') } },
            }),
          ],
        },
      },
      ...others,
    ];
  }

  /** POSIX sh: the image's roots (if any) plus the proxy CA into the file, the PEM variable removed, then the agent. */
  private wrapperScript(): string {
    const dir = CA_BUNDLE_FILE.slice(0, CA_BUNDLE_FILE.lastIndexOf('/'));
    return (
      `set -e; umask 022; mkdir -p ${dir}; : > ${CA_BUNDLE_FILE}; ` +
      `for roots in ${SYSTEM_BUNDLES.join(' ')}; do if [ -r "$roots" ]; then cat "$roots" >> ${CA_BUNDLE_FILE}; break; fi; done; ` +
      `printf '%s\\n' "$${CA_BUNDLE_SECRET_VARIABLE}" >> ${CA_BUNDLE_FILE}; unset ${CA_BUNDLE_SECRET_VARIABLE}; exec `
    );
  }

  private addRules(): void {
    const empty = (value: string) => Fn.conditionEquals(value, '');
    new CfnRule(this.stack, 'ProxyCaBundleNeedsStartCommand', {
      ruleCondition: Fn.conditionNot(empty(this.parameterName)),
      assertions: [
        {
          assert: Fn.conditionNot(empty(this.startCommand)),
          assertDescription:
            "ProxyCaBundleParameter needs AgentStartCommand: the job writes the CA bundle and then runs the agent image's start command (your vendor documents it).",
        },
      ],
    });
    new CfnRule(this.stack, 'AgentStartCommandNeedsCaBundle', {
      ruleCondition: Fn.conditionNot(empty(this.startCommand)),
      assertions: [
        {
          assert: Fn.conditionNot(empty(this.parameterName)),
          assertDescription: 'AgentStartCommand is used only with a CA bundle: set ProxyCaBundleParameter, or leave AgentStartCommand empty (the image starts as it is).',
        },
      ],
    });
  }
}
