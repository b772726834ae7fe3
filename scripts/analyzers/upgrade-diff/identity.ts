/**
 * Resource types whose physical identity a customer relies on outside the stack. Replacing or deleting
 * one of them changes an id, address or history someone else has recorded (an allowlist, a route, a
 * reference in another account), so an upgrade that does it is 'critical' whatever the rest looks like.
 * `label` names the type in release notes; `loss` says what the operator loses.
 */
export const IDENTITY_RESOURCE_TYPES: Readonly<Record<string, { label: string; loss: string }>> = {
  // The public IPv4 address is the allocation itself; partners allowlist it as the agent's egress IP.
  'AWS::EC2::EIP': { label: 'Elastic IP', loss: 'the allowlisted egress IP changes' },
  // The NAT gateway's public IP is the allowlisted egress IP; a new gateway also drops in-flight connections
  // and, when its AllocationId is create-only (it is), cannot keep the old Elastic IP without downtime.
  'AWS::EC2::NatGateway': {
    label: 'NAT gateway',
    loss: 'egress is interrupted and the allowlisted egress IP changes unless the same Elastic IP allocation is kept',
  },
  // VPC id and CIDR appear in peering, Transit Gateway attachments, endpoint policies and firewall rules.
  'AWS::EC2::VPC': { label: 'VPC', loss: 'the VPC id changes and everything in it is rebuilt; peerings, attachments and rules naming the VPC break' },
  // Subnet ids and CIDR ranges are allowlisted by data sources (security groups, NACLs, database firewalls).
  'AWS::EC2::Subnet': { label: 'Subnet', loss: 'the subnet id and address range change; allowlists by CIDR or subnet id break' },
  // Other security groups (a database's inbound rule) reference the agent's group id.
  'AWS::EC2::SecurityGroup': { label: 'Security group', loss: 'the group id changes; inbound rules elsewhere that reference it stop matching' },
  // The log history lives in the group; subscriptions, metric filters and retention audits point at its name.
  'AWS::Logs::LogGroup': { label: 'Log group', loss: 'the log group and its history are deleted; subscriptions and metric filters on it break' },
  // The secret's ARN is referenced by the job role policy and by people; its value is not recreated.
  'AWS::SecretsManager::Secret': { label: 'Secret', loss: 'the secret ARN changes and its stored value is lost' },
  // Firewall endpoints are route targets per AZ; a new firewall means new endpoints and a gap in inspection.
  'AWS::NetworkFirewall::Firewall': { label: 'Network firewall', loss: 'the firewall endpoints change and egress inspection is interrupted' },
};

export function isIdentityType(resourceType: string | undefined): boolean {
  return resourceType !== undefined && Object.prototype.hasOwnProperty.call(IDENTITY_RESOURCE_TYPES, resourceType);
}

/** Human name of a resource for release notes: "Elastic IP NatEip1" or "AWS::IAM::Role JobRole". */
export function describeResource(logicalId: string, resourceType: string | undefined): string {
  const label = resourceType && isIdentityType(resourceType) ? IDENTITY_RESOURCE_TYPES[resourceType].label : resourceType ?? 'Resource';
  return `${label} ${logicalId}`;
}
