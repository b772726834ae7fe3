/** The egress contract of one template: what the agent can reach per AZ, and whether the product's promise holds. */
export interface AzPaths {
  /** `AZ 1`, `AZ 2`, or `unknown AZ` (subnets the template does not create). */
  readonly az: string;
  readonly agentSubnet: string;
  /** Agent → internet, hop by hop. */
  readonly internet: string;
  /** Agent → AWS services (endpoints, or the internet path). */
  readonly awsServices: string;
  /** Internet → agent: how replies come back. */
  readonly returnPath: string;
}

export interface ContractReport {
  /** File name or `<product> <version>`. */
  readonly template: string;
  readonly productId?: string;
  readonly version?: string;
  /** The promise checked, in one sentence. */
  /** Set when the promise was asked for with --promise rather than taken from the template's Metadata. */
  readonly requested?: { readonly declared?: string };
  readonly promise: string;
  readonly holds: boolean;
  /** `broken`: some finding shows the promise is false; `cannot-prove`: every finding says what cannot be resolved. */
  readonly verdict: 'holds' | 'broken' | 'cannot-prove';
  /** Broken promises, each naming the route table, route, resource or missing endpoint. */
  readonly findings: string[];
  /** Worth knowing, never failing. */
  readonly notes: string[];
  /** What the template takes for granted and cannot prove (existing-network). */
  readonly assumptions: string[];
  readonly agent?: {
    computeEnvironment: string;
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: string;
    /** Per agent security group of the template: `AgentSecurityGroup: inbound none; outbound all to 0.0.0.0/0`. */
    securityGroupRules: string[];
  };
  /** Paths of the launch with default parameter values. */
  readonly paths: AzPaths[];
  /** How many condition scenarios were checked. */
  readonly scenarios: number;
  /** How the scenarios were chosen (template-evaluation planScenarios). */
  readonly coverage: {
    readonly combinations: number;
    readonly examined: number;
    readonly exhaustive: boolean;
    readonly parameters: string[];
    /** Conditions no network resource depends on: held at their default-launch value. */
    readonly ignoredConditions: string[];
  };
}

/** The prefix of a finding that says what the analysis cannot resolve (the promise is not shown, nor refuted). */
export const CANNOT_PROVE = 'cannot prove: ';

/** What a promise check returns for one scenario. */
export interface PromiseResult {
  readonly findings: string[];
  readonly notes?: string[];
  readonly assumptions?: string[];
}
