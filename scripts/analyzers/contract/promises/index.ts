import type { NetworkModel } from '../network-model';
import type { PromiseResult } from '../types';
import { checkExistingNetwork, EXISTING_NETWORK_PROMISE } from './existing-network';
import { checkNatGateway, NAT_GATEWAY_PROMISE } from './nat-gateway';
import { checkNetworkFirewall, NETWORK_FIREWALL_PROMISE } from './network-firewall';
import { checkPrivateLink, PRIVATE_LINK_PROMISE } from './private-link';
import { checkPublicIp, PUBLIC_IP_PROMISE } from './public-ip';

/** The promise of each product (../shared/DESIGN.md, "The five products"), checked on one scenario's network. */
export const PROMISES: Record<string, { readonly promise: string; readonly check: (model: NetworkModel) => PromiseResult; readonly needsInternet: boolean }> = {
  'public-ip': { promise: PUBLIC_IP_PROMISE, check: checkPublicIp, needsInternet: true },
  'nat-gateway': { promise: NAT_GATEWAY_PROMISE, check: checkNatGateway, needsInternet: true },
  'network-firewall': { promise: NETWORK_FIREWALL_PROMISE, check: checkNetworkFirewall, needsInternet: true },
  'private-link': { promise: PRIVATE_LINK_PROMISE, check: checkPrivateLink, needsInternet: false },
  'existing-network': { promise: EXISTING_NETWORK_PROMISE, check: checkExistingNetwork, needsInternet: false },
};
