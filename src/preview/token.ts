import { createHmac, timingSafeEqual } from 'node:crypto';
import { isSlug } from '../content/slug.js';

/** What a valid preview link says: which piece, when it was issued and until when it works (epoch ms). */
export interface PreviewClaim {
  slug: string;
  issuedTs: number;
  expiresTs: number;
}

/** The longest a preview link may live: a leaked link must not work for ever. */
export const maxPreviewMs = 30 * 86_400_000;

// The site secret also signs comment forms (comments/token.ts): the label keeps the two kinds of token apart,
// so no comment token (nor any other MAC made with this key) can ever pass as a preview link.
const purpose = 'broadsheet preview link v1\n';
const macBytes = 32;
const timeBytes = 6;
const headerBytes = 2 * timeBytes;
// A slug is short; anything much longer than the longest token we sign is refused before any work.
const maxTokenLength = 400;
const tokenShape = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(purpose).update(payload).digest();
}

/**
 * signPreviewToken makes the token of a preview link: issue time, expiry and slug, then an HMAC-SHA256 over
 * them, all as one base64url string, so the link names nothing readable and needs no database row.
 */
export function signPreviewToken(secret: string, claim: PreviewClaim): string {
  const payload = Buffer.alloc(headerBytes + Buffer.byteLength(claim.slug));
  payload.writeUIntBE(claim.issuedTs, 0, timeBytes);
  payload.writeUIntBE(claim.expiresTs, timeBytes, timeBytes);
  payload.write(claim.slug, headerBytes, 'utf8');
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/**
 * verifyPreviewToken returns what a token claims if we signed it and it is still valid at now, else
 * undefined. It reads no database (revocation is the caller's next step), and every way to fail costs one
 * HMAC at most, so a forged link learns nothing about which pieces exist.
 */
export function verifyPreviewToken(secret: string, token: string, now: number): PreviewClaim | undefined {
  if (token.length > maxTokenLength || !tokenShape.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: base64url ignores a last character's spare bits, which would make copies.
  if (bytes.length <= headerBytes + macBytes || bytes.toString('base64url') !== token) return undefined;
  const payload = bytes.subarray(0, bytes.length - macBytes);
  if (!timingSafeEqual(bytes.subarray(bytes.length - macBytes), mac(secret, payload))) return undefined;
  const claim = {
    slug: payload.toString('utf8', headerBytes),
    issuedTs: payload.readUIntBE(0, timeBytes),
    expiresTs: payload.readUIntBE(timeBytes, timeBytes),
  };
  // Only we sign, so these hold for every genuine token; checking them keeps the rules in one place.
  if (!isSlug(claim.slug) || claim.expiresTs - claim.issuedTs > maxPreviewMs) return undefined;
  // A minute's slack for a clock that steps back; a token from further in the future was not issued here.
  if (now >= claim.expiresTs || claim.issuedTs > now + 60_000) return undefined;
  return claim;
}
