import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

/** Why a form token was refused; each gets its own message for the reader. */
export type TokenProblem = 'missing' | 'forged' | 'too-fast' | 'expired';

/** The outcome of checking a token: its nonce (one comment per token) or the problem. */
export type TokenCheck = { ok: true; nonce: string } | { ok: false; problem: TokenProblem };

const shape = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string, slug: string, issued: string, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`comment-form\n${slug}\n${issued}\n${nonce}`).digest();
}

// Every article view signs a token, so nonces are cut from a block of random bytes filled 340 at a time:
// one call into the CSPRNG per block rather than per token (crypto.randomUUID pools the same way).
const nonceBytes = 12;
const noncePool = Buffer.alloc(nonceBytes * 340);
let nonceOffset = noncePool.length;

function nextNonce(): string {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  nonceOffset += nonceBytes;
  return noncePool.toString('base64url', nonceOffset - nonceBytes, nonceOffset);
}

/**
 * signFormToken issues the hidden token of an article's comment form: when it was issued, a random nonce,
 * and an HMAC over both and the slug, so it cannot be forged, moved to another article or re-dated.
 */
export function signFormToken(secret: string, slug: string, issuedTs: number): string {
  const issued = issuedTs.toString(36);
  const nonce = nextNonce();
  return `${issued}.${nonce}.${mac(secret, slug, issued, nonce).toString('base64url')}`;
}

/**
 * verifyFormToken checks a submitted token for slug at now: the signature first, then its age. A form sent
 * back sooner than minMs after it was served came from a script; one older than maxMs has expired.
 */
export function verifyFormToken(secret: string, slug: string, token: unknown, now: number, minMs: number, maxMs: number): TokenCheck {
  if (typeof token !== 'string' || token === '') return { ok: false, problem: 'missing' };
  const match = shape.exec(token);
  if (!match) return { ok: false, problem: 'forged' };
  const [, issued, nonce, signature] = match as unknown as [string, string, string, string];
  // Compare the text, not decoded bytes: base64url ignores a final character's spare bits, and a token
  // must have exactly one spelling.
  const expected = Buffer.from(mac(secret, slug, issued, nonce).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'forged' };
  const age = now - parseInt(issued, 36);
  // A little slack for a clock that steps back; anything issued clearly in the future was not issued by us.
  if (age < -60_000) return { ok: false, problem: 'forged' };
  if (age < minMs) return { ok: false, problem: 'too-fast' };
  if (age > maxMs) return { ok: false, problem: 'expired' };
  return { ok: true, nonce };
}
