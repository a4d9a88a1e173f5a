import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * clientNetwork names what one client controls, given its address, for rate limits and the distinct-visitor
 * count alike: an IPv4 address stands for itself, an IPv6 address for its /64 (a subscriber is handed at least
 * a /64 and can use any address in it, so counting addresses one by one would give it 2^64 allowances or
 * identities), and an IPv4-mapped IPv6 address (::ffff:1.2.3.4, as a dual-stack socket reports IPv4 clients)
 * for the IPv4 address. Anything that is not an address is returned unchanged.
 */
export function clientNetwork(address: string): string {
  const bare = address.replace(/%.*$/, '');
  const kind = isIP(bare);
  if (kind === 4) return bare;
  if (kind !== 6) return address;
  const groups = ipv6Groups(bare.toLowerCase());
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

// The eight 16-bit groups of an address net.isIP has accepted as IPv6 (so "::" appears at most once).
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * clientKey is what a per-client limit is keyed by: the client's network (clientNetwork) under a keyed hash, so
 * the limiter's memory holds no address, and every limit groups an IPv6 /64 as one client.
 */
export function clientKey(secret: string, address: string | undefined): string {
  return createHmac('sha256', secret).update(clientNetwork(address ?? '')).digest('base64url');
}
