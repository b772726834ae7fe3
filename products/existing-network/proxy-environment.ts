import { CfnCondition, Fn } from 'aws-cdk-lib';
import type { ConditionalEnvironment } from '../runtime/agent-runtime';
import type { CatalogProductStack } from '../shared/catalog-product-stack';

const PROXY_GROUP = 'HTTPS proxy';

/**
 * Never through the proxy: the Fargate task metadata and credentials endpoint (169.254.170.2, where the SDK gets the
 * job role's credentials), the instance metadata address, the container itself, AWS service endpoints (reached
 * directly, through VPC endpoints or NAT, like the image pull and log delivery Fargate does itself, which never use
 * the container's proxy settings) and EC2-internal names (*.ec2.internal, *.compute.internal).
 */
export const DEFAULT_NO_PROXY = ['169.254.170.2', '169.254.169.254', 'localhost', '127.0.0.1', '.amazonaws.com', '.internal'];

/** http(s)://host[:port] with no credentials and no path: a proxy password would be a credential in a parameter. */
export const PROXY_URL_PATTERN = '^$|^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?/?$';

/** Host names, .domain suffixes, IPv4 addresses or CIDR ranges, comma-separated without spaces. */
export const PROXY_EXCLUSIONS_PATTERN = '^$|^[A-Za-z0-9.*_/:-]+(,[A-Za-z0-9.*_/:-]+){0,49}$';

/**
 * The optional HTTPS proxy of the existing-network product: when a proxy URL is given, the job gets HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY (upper and lower case: curl reads only lower-case http_proxy, other clients either); when it
 * is empty, none of them is set at all.
 */
export class ProxyEnvironment {
  readonly url: string;
  readonly exclusions: string;
  readonly hasProxy: CfnCondition;
  readonly hasExclusions: CfnCondition;
  /** The NO_PROXY value: the defaults plus the customer's exclusions when given. */
  readonly noProxy: string;

  constructor(stack: CatalogProductStack) {
    this.url = stack.consoleParameters.add('ProxyUrl', {
      group: PROXY_GROUP,
      label: 'HTTPS proxy URL',
      description:
        'Empty for no proxy, or the proxy the agent sends its HTTP(S) traffic through, as http://host:port (no user or password). Sets HTTPS_PROXY and HTTP_PROXY in the job.',
      type: 'String',
      default: '',
      allowedPattern: PROXY_URL_PATTERN,
      constraintDescription: 'must be empty or http(s)://host[:port] without credentials or path, e.g. http://proxy.corp.example:3128',
    }).valueAsString;
    this.exclusions = stack.consoleParameters.add('ProxyExclusions', {
      group: PROXY_GROUP,
      label: 'Proxy exclusions (NO_PROXY additions)',
      description:
        `Extra destinations that bypass the proxy, comma-separated: your VPC range, internal domains, data-source hosts (e.g. 10.0.0.0/16,.corp.example). Always excluded: ${DEFAULT_NO_PROXY.join(',')}.`,
      type: 'String',
      default: '',
      allowedPattern: PROXY_EXCLUSIONS_PATTERN,
      constraintDescription: 'must be empty or up to 50 host names, .domains, IP addresses or CIDR ranges separated by commas (no spaces)',
    }).valueAsString;
    this.hasProxy = new CfnCondition(stack, 'HasProxy', { expression: Fn.conditionNot(Fn.conditionEquals(this.url, '')) });
    this.hasExclusions = new CfnCondition(stack, 'HasProxyExclusions', { expression: Fn.conditionNot(Fn.conditionEquals(this.exclusions, '')) });
    const defaults = DEFAULT_NO_PROXY.join(',');
    this.noProxy = Fn.conditionIf(this.hasExclusions.logicalId, Fn.join(',', [defaults, this.exclusions]), defaults).toString();
  }

  /** The job environment, present only when a proxy is given. */
  jobEnvironment(): ConditionalEnvironment {
    return {
      condition: this.hasProxy,
      variables: {
        HTTPS_PROXY: this.url,
        HTTP_PROXY: this.url,
        NO_PROXY: this.noProxy,
        https_proxy: this.url,
        http_proxy: this.url,
        no_proxy: this.noProxy,
      },
    };
  }
}
