import type { NetworkModel } from '../network-model';
import type { PromiseResult } from '../types';
import { checkExistingNetwork, EXISTING_NETWORK_PROMISE } from './existing-network';
import { checkNatGateway, NAT_GATEWAY_PROMISE } from './nat-gateway';
import { checkNetworkFirewall, NETWORK_FIREWALL_PROMISE } from './network-firewall';
import { checkPrivateLink, PRIVATE_LINK_PROMISE } from './private-link';
import { checkPublicIp, PUBLIC_IP_PROMISE } from './public-ip';

/**
 * The promise of each product (../shared/DESIGN.md, "The five products"), checked on one scenario's network.
 * `readsOutputs`: whether the check reads the template's Outputs (nat-gateway: the Elastic IPs must be outputs). Only
 * then do Conditions that only Outputs use decide scenarios; otherwise they cannot change a finding.
 */
export const PROMISES: Record<
  string,
  { readonly promise: string; readonly check: (model: NetworkModel) => PromiseResult; readonly needsInternet: boolean; readonly readsOutputs: boolean }
> = {
  'public-ip': { promise: PUBLIC_IP_PROMISE, check: checkPublicIp, needsInternet: true, readsOutputs: false },
  'nat-gateway': { promise: NAT_GATEWAY_PROMISE, check: checkNatGateway, needsInternet: true, readsOutputs: true },
  'network-firewall': { promise: NETWORK_FIREWALL_PROMISE, check: checkNetworkFirewall, needsInternet: true, readsOutputs: false },
  'private-link': { promise: PRIVATE_LINK_PROMISE, check: checkPrivateLink, needsInternet: false, readsOutputs: false },
  'existing-network': { promise: EXISTING_NETWORK_PROMISE, check: checkExistingNetwork, needsInternet: false, readsOutputs: false },
};
