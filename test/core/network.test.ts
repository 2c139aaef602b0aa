// One client for counting: an IPv4 address, or an IPv6 /64, however the address is written.
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../src/core/index.js';

describe('networkOf', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    [' 192.0.2.7 ', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['192.0.2.256', '192.0.2.256'],
    ['::ffff:192.0.2.300', '::ffff:192.0.2.300'],
    ['::FFFF:c000:0207', '192.0.2.7'],
    ['2001:db8:0:1::1', '2001:db8:0:1::/64'],
    ['2001:DB8:0:1:ffff:ffff:ffff:ffff', '2001:db8:0:1::/64'],
    ['[2001:db8:0:1::abcd]', '2001:db8:0:1::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['', ''],
    ['not an address', 'not an address'],
    ['2001:db8::1::2', '2001:db8::1::2'],
  ])('%s is %s', (address, network) => {
    expect(networkOf(address)).toBe(network);
  });

  it('counts every address of one /64 as one client, and the next /64 as another', () => {
    const inside = Array.from({ length: 50 }, (_, i) => `2001:db8:aa:bb:${i.toString(16)}::${i}`);
    expect(new Set(inside.map(networkOf)).size).toBe(1);
    expect(networkOf('2001:db8:aa:bc::1')).not.toBe(networkOf(inside[0]!));
  });
});
