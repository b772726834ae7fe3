/**
 * The template Metadata that says which host names belong to which endpoint service (private-link): written by the
 * product (private-dns.ts), read by the contract (scripts/analyzers/contract/promises/private-dns.ts), which proves that
 * every record of a declared host resolves to the declared endpoint and no other. No CDK import: the analyzer loads it.
 */
export const PRIVATE_DNS_METADATA_KEY = 'PrivateDnsForEndpointServices';

export interface PrivateDnsDeclaration {
  /** The parameter naming the endpoint service. */
  readonly ServiceParameter: string;
  /** The interface endpoint (logical id) the hosts must resolve to. */
  readonly Endpoint: string;
  readonly ZoneParameter: string;
  readonly HostParameters: string[];
}
