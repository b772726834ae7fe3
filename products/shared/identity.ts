/**
 * Every product template declares which catalog product and version it is, in its template Metadata:
 * `{ "AgentNetworkCatalog": { "ProductId": "public-ip", "Version": "v1.0.0" } }`.
 * Analyzers (contract, diff, adopt) read it back with `templateIdentity`.
 */
export const IDENTITY_METADATA_KEY = 'AgentNetworkCatalog';

export const PRODUCT_IDS = ['public-ip', 'nat-gateway', 'network-firewall', 'private-link', 'existing-network'] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

export interface TemplateIdentity {
  readonly productId: string;
  readonly version: string;
}

export function identityMetadata(identity: TemplateIdentity): Record<string, unknown> {
  return { [IDENTITY_METADATA_KEY]: { ProductId: identity.productId, Version: identity.version } };
}

/** The identity a template declares, or undefined when it declares none. */
export function templateIdentity(template: { Metadata?: Record<string, unknown> }): TemplateIdentity | undefined {
  const entry = template.Metadata?.[IDENTITY_METADATA_KEY] as { ProductId?: unknown; Version?: unknown } | undefined;
  if (typeof entry?.ProductId !== 'string' || typeof entry.Version !== 'string') return undefined;
  return { productId: entry.ProductId, version: entry.Version };
}
