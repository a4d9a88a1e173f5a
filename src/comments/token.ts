import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a form token was refused; each gets its own message for the reader. */
export type TokenProblem = 'missing' | 'forged' | 'too-fast' | 'expired';

/** The outcome of checking a token: accepted, or the problem. */
export type TokenCheck = { ok: true } | { ok: false; problem: TokenProblem };

/**
 * formWindowMs is how long one form token is handed out: every reader of a piece during the same hour gets
 * the same token, so the article page (form included) is one shared object for every cache (issue 15).
 */
export const formWindowMs = 3_600_000;

const shape = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

// The purpose label keeps this MAC from ever equalling one the same secret signs for something else.
function mac(secret: string, slug: string, windowStart: string): Buffer {
  return createHmac('sha256', secret).update(`comment-form-window\n${slug}\n${windowStart}`).digest();
}

/** formWindowStart is the start (epoch ms) of the token window that the instant ts falls in. */
export function formWindowStart(ts: number): number {
  return ts - (ts % formWindowMs);
}

/**
 * formToken is the hidden token of an article's comment form during the window holding ts: the window's
 * start and an HMAC over it and the slug, the same for every reader (WordPress nonces work this way), so it
 * cannot be forged, moved to another article or re-dated, but it proves nothing about who sends it.
 */
export function formToken(secret: string, slug: string, ts: number): string {
  const start = formWindowStart(ts).toString(36);
  return `${start}.${mac(secret, slug, start).toString('base64url')}`;
}

/**
 * verifyFormToken checks a submitted token for slug at now: the signature first, then its age, counted from
 * its window's start. A form sent back sooner than minMs after that came from a script that computed the
 * moment; one older than maxMs has expired.
 */
export function verifyFormToken(secret: string, slug: string, token: unknown, now: number, minMs: number, maxMs: number): TokenCheck {
  if (typeof token !== 'string' || token === '') return { ok: false, problem: 'missing' };
  const match = shape.exec(token);
  if (!match) return { ok: false, problem: 'forged' };
  const [, start, signature] = match as unknown as [string, string, string];
  // Compare the text, not decoded bytes: base64url ignores a final character's spare bits, and a token
  // must have exactly one spelling.
  const expected = Buffer.from(mac(secret, slug, start).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'forged' };
  const startTs = parseInt(start, 36);
  // Only window starts are ever signed; a little slack for a clock that steps back, nothing more.
  if (startTs % formWindowMs !== 0 || startTs - now > 60_000) return { ok: false, problem: 'forged' };
  const age = now - startTs;
  if (age < minMs) return { ok: false, problem: 'too-fast' };
  if (age > maxMs) return { ok: false, problem: 'expired' };
  return { ok: true };
}
