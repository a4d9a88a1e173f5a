import { isIP } from 'node:net';

/** The answer for one attempt: allowed, or how long until the next one would be. */
export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** A sliding-window limiter held in memory; see createRateLimiter. */
export interface RateLimiter {
  /**
   * hit records an attempt by key at the current time and says whether it is within the limit. A key that
   * is an IP address counts for its client's network (see clientNetwork), so every caller keyed by address
   * gets the same grouping.
   */
  hit(key: string): RateDecision;
}

/**
 * clientNetwork names what one client controls, given its address: an IPv4 address stands for itself, an
 * IPv6 address for its /64 (a subscriber is handed at least a /64 and can use any address in it, so counting
 * addresses one by one would give it 2^64 allowances), and an IPv4-mapped IPv6 address (::ffff:1.2.3.4, as
 * a dual-stack socket reports IPv4 clients) for the IPv4 address. Anything that is not an address is returned
 * unchanged.
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
 * createRateLimiter allows `limit` attempts per key in any `windowMs`, by the clock now. Memory is bounded:
 * past maxKeys, expired keys are dropped, then the oldest. Each process keeps its own counts.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; now: () => number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs, now, maxKeys = 10_000 } = options;
  const attempts = new Map<string, number[]>();

  const prune = (ts: number) => {
    for (const [key, times] of attempts) if (times.at(-1)! <= ts - windowMs) attempts.delete(key);
    // Still full: forget the keys seen longest ago (Map keeps insertion order).
    for (const key of attempts.keys()) {
      if (attempts.size < maxKeys) break;
      attempts.delete(key);
    }
  };

  return {
    hit(rawKey) {
      const key = clientNetwork(rawKey);
      const ts = now();
      const recent = (attempts.get(key) ?? []).filter((t) => t > ts - windowMs);
      if (recent.length >= limit) {
        attempts.set(key, recent);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + windowMs - ts) / 1000)) };
      }
      recent.push(ts);
      attempts.delete(key);
      if (attempts.size >= maxKeys) prune(ts);
      attempts.set(key, recent);
      return { allowed: true, retryAfterSeconds: 0 };
    },
  };
}
