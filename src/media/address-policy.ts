import { BlockList, isIP } from 'node:net';

/** Whether the fetcher may connect to an address it resolved (an IP literal, v4 or v6). */
export type AddressPolicy = (address: string) => boolean;

// Everything that is not the public internet: loopback, private ranges, link-local (cloud metadata lives at
// 169.254.169.254), carrier-grade NAT, multicast, reserved, and their IPv6 counterparts (RFC 6890).
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(network, prefix, 'ipv6');

/**
 * publicAddressesOnly is the fetcher's default policy: a URL in a feed or an export must never make the
 * importer reach into the newsroom's own network (server-side request forgery). An IPv4-mapped IPv6 address
 * is judged as the IPv4 address it maps.
 */
export const publicAddressesOnly: AddressPolicy = (address) => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return !blocked.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
};
