import { CfnCondition, CfnRule, Fn, type CfnParameter } from 'aws-cdk-lib';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

export const ENDPOINTS_GROUP = 'VPC endpoints';

/** How many PrivateLink endpoint services (vendor, data sources) a launch can connect to. */
export const PRIVATE_LINK_SERVICE_SLOTS = 3;

/**
 * Empty, or the name of a PrivateLink endpoint service: `com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>`.
 * (AWS services have names without `vpce.`; they are built into the template, not chosen here.)
 */
export const ENDPOINT_SERVICE_NAME_OR_EMPTY = '^$|^com\\.amazonaws\\.vpce\\.[a-z]{2}(-gov)?-[a-z]+-\\d\\.vpce-svc-[0-9a-f]{17}$';

/** The launch choices of the private-link network, their conditions, and the Rules for combinations that cannot work. */
export class PrivateLinkParameters {
  readonly endpointAzCount: CfnParameter;
  readonly credentialStores: CfnParameter;
  readonly serviceNames: CfnParameter[];
  /** EndpointAzCount is 2: interface endpoints in both agent subnets. */
  readonly endpointsInBothAzs: CfnCondition;
  readonly withSecretsManager: CfnCondition;
  /** Per endpoint-service slot: a service name was given. */
  readonly withService: CfnCondition[];
  /** At least one endpoint service was named. */
  readonly withAnyService: CfnCondition;

  constructor(stack: CatalogProductStack) {
    const p = stack.consoleParameters;
    this.endpointAzCount = p.add('EndpointAzCount', {
      group: ENDPOINTS_GROUP,
      label: 'Endpoint availability zones',
      description:
        '1: each interface endpoint in AZ 1 only (half the endpoint cost; agents in AZ 2 reach it across AZs, and while AZ 1 is impaired, runs fail until it recovers). ' +
        '2: in both AZs (each AZ independent).',
      type: 'String',
      // Same trade-off as the nat-gateway product's default: a scheduled batch job tolerates a failed run.
      default: '1',
      allowedValues: ['1', '2'],
    });
    this.credentialStores = p.add('CredentialStores', {
      group: ENDPOINTS_GROUP,
      label: 'Where data-source credentials live',
      description:
        'parameter-store (default): data-source credentials only in SSM Parameter Store (/PREFIX/...), the 5 interface endpoints the agent needs. ' +
        'parameter-store-and-secrets-manager: also in Secrets Manager (PREFIX/...), which adds its interface endpoint (one more endpoint per AZ).',
      type: 'String',
      // The cheapest launch that works (the source document's 5 endpoints): the job definition references no secret, so
      // Fargate itself never calls Secrets Manager, and the agent reads it only for credentials a customer keeps there.
      // Provisioned products that chose Secrets Manager keep it on update (UsePreviousValue; see the upgrade verdict).
      default: 'parameter-store',
      allowedValues: ['parameter-store-and-secrets-manager', 'parameter-store'],
    });
    this.serviceNames = Array.from({ length: PRIVATE_LINK_SERVICE_SLOTS }, (_, i) =>
      p.add(`PrivateLinkServiceName${i + 1}`, {
        group: ENDPOINTS_GROUP,
        label: `PrivateLink endpoint service ${i + 1} (optional)`,
        description:
          'Service name of a PrivateLink endpoint service in this region that the agent must reach: the vendor\'s own service, or a data source ' +
          "such as Snowflake (its privatelink-vpce-id). Its provider must accept this account. The provider's private DNS is not enabled: give its " +
          `zone and host names below (PrivateLinkService${i + 1}DnsZone), or map them to the endpoint DNS names (output) yourself. Empty: none.`,
        type: 'String',
        default: '',
        allowedPattern: ENDPOINT_SERVICE_NAME_OR_EMPTY,
        constraintDescription: 'must be empty or an endpoint service name such as com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0',
      }),
    );

    this.endpointsInBothAzs = new CfnCondition(stack, 'EndpointsInBothAzs', {
      expression: Fn.conditionEquals(this.endpointAzCount.valueAsString, '2'),
    });
    this.withSecretsManager = new CfnCondition(stack, 'WithSecretsManagerEndpoint', {
      expression: Fn.conditionEquals(this.credentialStores.valueAsString, 'parameter-store-and-secrets-manager'),
    });
    this.withService = this.serviceNames.map(
      (name, i) => new CfnCondition(stack, `WithPrivateLinkService${i + 1}`, { expression: Fn.conditionNot(Fn.conditionEquals(name.valueAsString, '')) }),
    );
    this.withAnyService = new CfnCondition(stack, 'WithAnyPrivateLinkService', { expression: Fn.conditionOr(...this.withService) });
    this.addRules(stack);
  }

  private addRules(stack: CatalogProductStack): void {
    // Two endpoints to one service in the same subnets add cost and nothing else; it is almost always a copy-paste slip.
    const pairs = this.serviceNames.flatMap((a, i) => this.serviceNames.slice(i + 1).map((b) => [a, b] as const));
    new CfnRule(stack, 'DistinctPrivateLinkServices', {
      assertions: pairs.map(([a, b]) => ({
        assert: Fn.conditionOr(Fn.conditionEquals(a.valueAsString, ''), Fn.conditionNot(Fn.conditionEquals(a.valueAsString, b.valueAsString))),
        assertDescription: `${a.logicalId} and ${b.logicalId} name the same endpoint service: give each service once.`,
      })),
    });
  }
}
