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
  readonly promise: string;
  readonly holds: boolean;
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
}

/** What a promise check returns for one scenario. */
export interface PromiseResult {
  readonly findings: string[];
  readonly notes?: string[];
  readonly assumptions?: string[];
}
