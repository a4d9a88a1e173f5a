import { clientNetwork } from '../client-network.js';

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
