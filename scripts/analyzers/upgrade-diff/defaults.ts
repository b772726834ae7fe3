/**
 * Documented default values of resource properties, so that writing a property out with its default is recognised
 * as "no change in value". Sources, in order: the service spec's `defaultValue` (from the registry schemas), the
 * spec's documentation line `Default: x`, and the small table below for defaults documented only elsewhere.
 *
 * What follows from an equal effective value depends on the property. A conditionally create-only property
 * ('maybe', e.g. AWS::EC2::VPC InstanceTenancy) is replaced or not by what its value changes from and to, so the
 * default written out is no replacement. A create-only property ('yes') is different: CloudFormation compares the
 * templates and replaces the resource when such a property is added or removed whatever its value
 * (awsdocs/aws-cloudformation-user-guide issue 1276: AtRestEncryptionEnabled: false added replaces the replication
 * group; aws/aws-cdk issue 23959: StorageEncrypted: false added replaces the DB instance), so resources.ts keeps that
 * replacement and only says the value is the default.
 */
/** What defaults.ts reads of a spec property (kept structural so this file needs no spec import). */
export interface SpecPropertyDefaults {
  readonly defaultValue?: string;
  readonly documentation?: string;
}

export interface DocumentedDefault {
  readonly value: unknown;
  readonly source: string;
}

/** Defaults the service spec does not carry, each with the page that documents it. */
const DOCUMENTED_DEFAULTS: Readonly<Record<string, Readonly<Record<string, DocumentedDefault>>>> = {
  'AWS::EC2::VPC': {
    // CreateVpc, InstanceTenancy: "Default: default". The AWS::EC2::VPC page names no default but says that only a
    // change from default to dedicated replaces the VPC.
    InstanceTenancy: { value: 'default', source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html' },
  },
};

/**
 * The documented default of a property (`resourceType` and `propertyName` name the table entry; `property` is the
 * spec's entry for it, top-level or nested), or undefined when none is known.
 */
export function documentedDefault(resourceType: string, propertyName: string, property: SpecPropertyDefaults | undefined): DocumentedDefault | undefined {
  const listed = DOCUMENTED_DEFAULTS[resourceType]?.[propertyName];
  if (listed) return listed;
  if (!property) return undefined;
  return specDefault(property.defaultValue) ?? documentationDefault(property.documentation);
}

/** The spec stores `defaultValue` as JSON text ("\"STANDARD\"", "false", "1"); anything else is prose. */
export function specDefault(text: string | undefined): DocumentedDefault | undefined {
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) as unknown, source: 'service spec defaultValue' };
  } catch {
    return undefined;
  }
}

/** A documentation line `Default: \`x\`` or `Default: 600`; prose ("System chosen Availability Zone.") is not a value. */
export function documentationDefault(documentation: string | undefined): DocumentedDefault | undefined {
  const match = /(?:^|\n)\s*Default:\s*(?:`([^`]+)`|(true|false|-?\d+(?:\.\d+)?))\s*\.?\s*(?:\n|$)/.exec(documentation ?? '');
  if (!match) return undefined;
  const value = match[1] ?? (match[2] === 'true' ? true : match[2] === 'false' ? false : Number(match[2]));
  return { value, source: 'service spec documentation' };
}

/**
 * True when one side omits the property and the other writes its documented default: the effective value is the same.
 * CloudFormation passes template values as strings or numbers alike ("600" and 600), so scalars compare as text.
 */
export function isDefaultWrittenOut(defaultValue: DocumentedDefault | undefined, oldValue: unknown, newValue: unknown): boolean {
  if (!defaultValue || (oldValue === undefined) === (newValue === undefined)) return false;
  const written = oldValue === undefined ? newValue : oldValue;
  const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return isScalar(written) && isScalar(defaultValue.value) && String(written) === String(defaultValue.value);
}
