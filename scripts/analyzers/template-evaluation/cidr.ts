/** IPv4 and IPv6 CIDR blocks as numbers: parsing, `Fn::Cidr`, containment (for longest prefix match). */

export interface Cidr {
  readonly version: 4 | 6;
  /** The network address (host bits cleared). */
  readonly network: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const prefix = Number(m[2]);
  const v4 = parseIpv4(m[1]);
  if (v4 !== undefined) return prefix <= 32 ? { version: 4, network: clearHost(v4, prefix, 32), prefix } : undefined;
  const v6 = parseIpv6(m[1]);
  if (v6 !== undefined) return prefix <= 128 ? { version: 6, network: clearHost(v6, prefix, 128), prefix } : undefined;
  return undefined;
}

export function formatCidr(c: Cidr): string {
  if (c.version === 4) {
    const n = Number(c.network);
    return `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')}/${c.prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((c.network >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The canonical short form: the longest run of zero groups (two or more) becomes `::`.
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const text = best[1] >= 2 ? `${groups.slice(0, best[0]).join(':')}::${groups.slice(best[0] + best[1]).join(':')}` : groups.join(':');
  return `${text}/${c.prefix}`;
}

/**
 * `Fn::Cidr [ipBlock, count, cidrBits]`: the first `count` blocks with `cidrBits` host bits, in order
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html).
 */
export function cidrSubnets(block: Cidr, count: number, cidrBits: number): Cidr[] | undefined {
  const prefix = BITS[block.version] - cidrBits;
  if (!Number.isInteger(count) || !Number.isInteger(cidrBits) || count < 1 || prefix < block.prefix || count > 2 ** (prefix - block.prefix)) return undefined;
  const size = 1n << BigInt(cidrBits);
  return Array.from({ length: count }, (_, i) => ({ version: block.version, network: block.network + BigInt(i) * size, prefix }));
}

/** Whether `outer` contains every address of `inner`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
  return clearHost(inner.network, outer.prefix, BITS[outer.version]) === outer.network;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsCidr(a, b) || containsCidr(b, a);
}

function clearHost(address: bigint, prefix: number, bits: number): bigint {
  const host = BigInt(bits - prefix);
  return (address >> host) << host;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) return undefined;
  const groups = [...left, ...Array(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}
