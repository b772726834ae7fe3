import { parseCidr, type Cidr } from '../template-evaluation';

/**
 * Sets of IP addresses as sorted, disjoint, inclusive intervals, per IP version: what longest prefix match needs
 * ("which destinations does this route get, after every more specific route took its share?").
 */
export interface AddressSet {
  readonly v4: readonly Interval[];
  readonly v6: readonly Interval[];
}

type Interval = readonly [bigint, bigint];

const MAX = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

export const EMPTY: AddressSet = { v4: [], v6: [] };

export function ofCidr(c: Cidr): AddressSet {
  const size = 1n << BigInt((c.version === 4 ? 32 : 128) - c.prefix);
  const interval: Interval = [c.network, c.network + size - 1n];
  return c.version === 4 ? { v4: [interval], v6: [] } : { v4: [], v6: [interval] };
}

export function ofCidrs(cidrs: Cidr[]): AddressSet {
  return cidrs.reduce((set, c) => union(set, ofCidr(c)), EMPTY);
}

/**
 * The addresses of the public internet: IPv4 without the private, shared, loopback, link-local, multicast and reserved
 * ranges (RFC 6890); IPv6 global unicast (2000::/3), the only IPv6 space routed on the internet.
 */
export const INTERNET: AddressSet = (() => {
  const notInternet = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3'];
  const all: AddressSet = { v4: [[0n, MAX[4]]], v6: ofCidr(parseCidr('2000::/3')!).v6 };
  return subtract(all, ofCidrs(notInternet.map((c) => parseCidr(c)!)));
})();

export function isEmpty(s: AddressSet): boolean {
  return s.v4.length === 0 && s.v6.length === 0;
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: unionOf([...a.v4, ...b.v4]), v6: unionOf([...a.v6, ...b.v6]) };
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: intersectOf(a.v4, b.v4), v6: intersectOf(a.v6, b.v6) };
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  return { v4: subtractOf(a.v4, b.v4), v6: subtractOf(a.v6, b.v6) };
}

function unionOf(list: Interval[]): Interval[] {
  const sorted = [...list].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
    else out.push([lo, hi]);
  }
  return out;
}

function intersectOf(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [alo, ahi] of a) {
    for (const [blo, bhi] of b) {
      const lo = alo > blo ? alo : blo;
      const hi = ahi < bhi ? ahi : bhi;
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return unionOf(out);
}

function subtractOf(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest: Interval[] = [...a];
  for (const [blo, bhi] of b) {
    rest = rest.flatMap(([lo, hi]): Interval[] => {
      if (bhi < lo || blo > hi) return [[lo, hi]];
      const parts: Interval[] = [];
      if (blo > lo) parts.push([lo, blo - 1n]);
      if (bhi < hi) parts.push([bhi + 1n, hi]);
      return parts;
    });
  }
  return rest;
}
