// The network a client address belongs to, as far as counting people goes: one IPv4 address,
// or one IPv6 /64 (a home or a phone gets a whole /64, and can pick any address in it).

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
    return v4[1] === undefined ? address : address.slice(v4[1].length);
  }
  const text = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (ipv4Bytes(text)) return text;
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
