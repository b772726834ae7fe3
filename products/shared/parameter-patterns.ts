/** AllowedPattern values shared by product parameters (Java regular expressions, matched against the whole value). */

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** A private (RFC 1918) IPv4 range of /16 to /21: large enough for eight /24 subnets. */
export const PRIVATE_VPC_CIDR = `^(10(\\.${OCTET}){3}|172\\.(1[6-9]|2\\d|3[01])(\\.${OCTET}){2}|192\\.168(\\.${OCTET}){2})/(1[6-9]|2[01])$`;

/** Empty (use the region's first two AZs) or two availability-zone names separated by a comma. */
export const TWO_AZ_NAMES_OR_EMPTY = '^$|^[a-z]{2}(-[a-z]+)+-\\d+[a-z],[a-z]{2}(-[a-z]+)+-\\d+[a-z]$';

/** CloudWatch Logs retention periods (days) the API accepts. */
export const LOG_RETENTION_DAYS = ['1', '3', '5', '7', '14', '30', '60', '90', '120', '150', '180', '365', '400', '545', '731', '1096', '1827', '2192', '2557', '2922', '3288', '3653'];
