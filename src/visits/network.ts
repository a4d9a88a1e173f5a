import net from 'node:net';

/**
 * visitorNetwork is what identifies a visitor for the distinct count: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address included), an IPv6 address cut to its /64, the prefix one subscriber line or host is given
 * (RFC 6177), since a single client can draw any number of addresses from it.
 */
export function visitorNetwork(ip: string): string {
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  if (!net.isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
