// One client for counting: an IPv4 address, or an IPv6 /64, however the address is written.
import { describe, expect, it } from 'vitest';
import {
  clientOfChain,
  inAddressRanges,
  networkOf,
  wideNetworkOf,
  parseAddressRange,
} from '../../src/core/index.js';

describe('wideNetworkOf', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['2001:db8:bb:1::1', '2001:db8:bb::/48'],
    ['2001:db8:bb:ffff:1:2:3:4', '2001:db8:bb::/48'],
    ['[2001:db8:bb:2::1]:443', '2001:db8:bb::/48'],
  ])('%s counts as %s', (address, network) => {
    expect(wideNetworkOf(address)).toBe(network);
  });
});

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
    // A port a proxy appends is not part of the client: each connection has its own.
    ['192.0.2.7:5678', '192.0.2.7'],
    ['192.0.2.7:61000', '192.0.2.7'],
    ['[2001:db8:0:1::abcd]:443', '2001:db8:0:1::/64'],
    // One address, one spelling: leading zeros make no network of their own.
    ['198.51.100.044', '198.51.100.44'],
    ['198.051.100.44', '198.51.100.44'],
    ['::ffff:010.0.0.1', '10.0.0.1'],
    ['010.0.0.1:5678', '10.0.0.1'],
  ])('%s is %s', (address, network) => {
    expect(networkOf(address)).toBe(network);
  });

  it('counts every address of one /64 as one client, and the next /64 as another', () => {
    const inside = Array.from({ length: 50 }, (_, i) => `2001:db8:aa:bb:${i.toString(16)}::${i}`);
    expect(new Set(inside.map(networkOf)).size).toBe(1);
    expect(networkOf('2001:db8:aa:bc::1')).not.toBe(networkOf(inside[0]!));
  });
});

describe('the address blocks of a trusted proxy', () => {
  const blocks = (list: string) => list.split(',').map(parseAddressRange);

  it.each([
    ['127.0.0.1', '127.0.0.1/32', true],
    ['::ffff:127.0.0.1', '127.0.0.1/32', true],
    ['::FFFF:7f00:1', '127.0.0.1/32', true],
    ['[::ffff:127.0.0.1]', '127.0.0.0/8', true],
    ['127.0.0.2', '127.0.0.1/32', false],
    ['127.0.0.1', '::ffff:127.0.0.1/128', true],
    ['127.0.0.1', '::1/128', false],
    ['::1', '127.0.0.1/32', false],
    ['::1', '::1', true],
    ['173.245.63.255', '173.245.48.0/20', true],
    ['173.245.64.0', '173.245.48.0/20', false],
    ['2400:cb00:1234::5', '2400:cb00::/32', true],
    ['2400:cb01::5', '2400:cb00::/32', false],
    ['fe80::1%eth0', 'fe80::/10', true],
    ['198.51.100.7', '0.0.0.0/0', true],
    ['2001:db8::1', '0.0.0.0/0', false],
    ['', '0.0.0.0/0', false],
    ['localhost', '127.0.0.1/32', false],
    ['127.0.0.1.evil', '127.0.0.1/32', false],
  ])('%s in %s: %s', (address, list, inside) => {
    expect(inAddressRanges(address, blocks(list))).toBe(inside);
  });

  it.each([
    ['10.0.0.1/8', 'bits set past /8 (the block starts at 10.0.0.0)'],
    ['2400:cb00::1/32', 'bits set past /32 (the block starts at 2400:cb00::)'],
    ['10.0.0.0/33', 'the prefix must be from 0 to 32'],
    ['10.0.0.0/', 'the prefix must be from 0 to 32'],
    ['10.0.0.0/8/8', 'not an IPv4 or IPv6 address'],
    ['cloudflare', 'not an IPv4 or IPv6 address'],
    ['::ffff:10.0.0.0/64', 'IPv4-mapped addresses needs a prefix from 96'],
  ])('refuses %s: %s', (text, message) => {
    expect(() => parseAddressRange(text)).toThrow(message);
  });

  it('reads a chain from the right, past the trusted proxies only', () => {
    const proxies = blocks('127.0.0.1/32,10.1.0.0/16');
    // The proxy appends the address it saw; whatever the client wrote is to its left.
    expect(clientOfChain('203.0.113.5, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientOfChain('198.51.100.7, 10.1.2.3', proxies)).toBe('198.51.100.7');
    expect(clientOfChain('10.1.9.9, 198.51.100.7, 10.1.2.3', proxies)).toBe('198.51.100.7');
    expect(clientOfChain('10.1.9.9,10.1.2.3', proxies)).toBe('10.1.9.9');
    expect(clientOfChain(' 198.51.100.7 ', proxies)).toBe('198.51.100.7');
    expect(clientOfChain('', proxies)).toBe('');
  });
});
