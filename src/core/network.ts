// The network a client address belongs to, as far as counting people goes: one IPv4 address,
// or one IPv6 /64 (a home or a phone gets a whole /64, and can pick any address in it); and
// whether an address is one of the proxies whose word on the client is taken.
import { CachetError } from './errors.js';

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(text: string): number[] | undefined {
  let address = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes its two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const bytes = ipv4Bytes(v4[2]!);
    if (!bytes) return undefined;
    address = `${v4[1]}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.map(Number);
}

/** An IPv4 part written with a leading zero (`010`, `.01`). */
const LEADING_ZERO = /(^|[.:])0\d/;

/** A dotted IPv4 address, bare or after the IPv4-mapped prefix `::ffff:` (as Node reports it). */
const PLAIN_IPV4 = /^(::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The network of a client address: an IPv4 address as it is (an IPv4-mapped IPv6 address too),
 * an IPv6 address cut to its /64 (`2001:db8:0:1::/64`). Anything else (no address, a name) is
 * returned trimmed and lower-cased, so it still counts as one client.
 */
export function networkOf(address: string): string {
  // The common case first, on every request: a plain IPv4 address, or one mapped into IPv6.
  const v4 = PLAIN_IPV4.exec(address);
  if (v4 && +v4[2]! <= 255 && +v4[3]! <= 255 && +v4[4]! <= 255 && +v4[5]! <= 255) {
    // One address, one spelling: `010.1.1.1` is 10.1.1.1, not a network of its own.
    if (LEADING_ZERO.test(address)) return `${+v4[2]!}.${+v4[3]!}.${+v4[4]!}.${+v4[5]!}`;
    return v4[1] === undefined ? address : address.slice(v4[1].length);
  }
  const text = withoutPort(address.trim().toLowerCase())
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const bytes = ipv4Bytes(text);
  if (bytes) return bytes.join('.');
  const groups = ipv6Groups(text);
  if (!groups) return text;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * The network a quota that lasts hours or days counts by: an IPv4 address, or an IPv6 client's
 * /48. A home or a server is handed a /56 or a /48, that is hundreds or thousands of /64s, each of
 * which would otherwise have a quota of its own.
 */
export function wideNetworkOf(address: string): string {
  const network = networkOf(address);
  return network.endsWith('::/64') ? `${network.split(':', 3).join(':')}::/48` : network;
}

/**
 * An address without the port some proxies append (`192.0.2.1:5678`, `[2001:db8::1]:5678`): the
 * port changes with every connection, and must not make one client many.
 */
function withoutPort(address: string): string {
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(address);
  if (v4) return v4[1]!;
  const v6 = /^\[([^\]]+)\]:\d{1,5}$/.exec(address);
  return v6 ? v6[1]! : address;
}

/**
 * The bytes of an address: four for IPv4 (an IPv4-mapped IPv6 address too, as Node reports an
 * IPv4 client of a dual-stack socket), sixteen for IPv6; undefined for anything else. Brackets
 * and a zone (`%eth0`) are dropped.
 */
export function addressBytes(address: string): number[] | undefined {
  const text = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  const v4 = ipv4Bytes(text);
  if (v4) return v4;
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** A block of addresses, `192.0.2.0/24` or `2001:db8::/32`. */
export interface AddressRange {
  /** The first address's bytes: four for IPv4, sixteen for IPv6. */
  bytes: number[];
  /** How many leading bits every address of the block shares. */
  prefix: number;
}

/**
 * Reads a CIDR block (`173.245.48.0/20`, `2400:cb00::/32`) or a single address. A block of
 * IPv4-mapped addresses (`::ffff:10.0.0.0/104`) is the IPv4 block it maps.
 * @throws CachetError `ERR_INVALID_ARGUMENT` saying what is wrong: not an address, a prefix too
 *   long, or bits set past it.
 */
export function parseAddressRange(text: string): AddressRange {
  const [address = '', length, ...rest] = text.trim().split('/');
  let bytes = addressBytes(address);
  if (!bytes || rest.length > 0)
    throw new CachetError('ERR_INVALID_ARGUMENT', 'not an IPv4 or IPv6 address');
  const mappedV6 = bytes.length === 4 && address.includes(':');
  const bits = bytes.length * 8 + (mappedV6 ? 96 : 0);
  let prefix = length === undefined ? bits : Number(length);
  if (length !== undefined && !/^\d{1,3}$/.test(length)) prefix = NaN;
  if (!(prefix >= 0 && prefix <= bits))
    throw new CachetError('ERR_INVALID_ARGUMENT', `the prefix must be from 0 to ${bits}`);
  if (mappedV6) {
    if (prefix < 96)
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        'a block of IPv4-mapped addresses needs a prefix from 96',
      );
    prefix -= 96;
  }
  bytes = [...bytes];
  if (!bytes.every((b, i) => (b & ~maskByte(prefix, i) & 0xff) === 0)) {
    const first = bytes.map((b, i) => b & maskByte(prefix, i));
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `it has bits set past /${prefix} (the block starts at ${formatBytes(first)})`,
    );
  }
  return { bytes, prefix };
}

/** True when `address` lies in one of `ranges`; false for anything that is not an address. */
export function inAddressRanges(address: string, ranges: readonly AddressRange[]): boolean {
  const bytes = addressBytes(address);
  if (!bytes) return false;
  return ranges.some(
    (r) =>
      r.bytes.length === bytes.length &&
      bytes.every((b, i) => (b & maskByte(r.prefix, i)) === r.bytes[i]),
  );
}

/**
 * The client a chain of proxies names (`X-Forwarded-For: client, proxy1, proxy2`, each proxy
 * appending the address it saw): from the right, the first entry that is not itself one of the
 * trusted proxies. What is left of it was written by whoever sent the request, so it is never
 * read. When every entry is a trusted proxy, the first one is the client.
 */
export function clientOfChain(chain: string, trusted: readonly AddressRange[]): string {
  const entries = chain
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (let i = entries.length - 1; i > 0; i--) {
    if (!inAddressRanges(entries[i]!, trusted)) return entries[i]!;
  }
  return entries[0] ?? '';
}

/** The mask of byte `i` of a block whose prefix is `prefix` bits. */
function maskByte(prefix: number, i: number): number {
  const bits = Math.min(8, Math.max(0, prefix - i * 8));
  return (0xff00 >> bits) & 0xff;
}

function formatBytes(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
