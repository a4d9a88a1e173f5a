import type { LiveFragment } from '../http/page-cache.js';
import { signFormToken } from './token.js';

/**
 * formTokenFragment prints the comment form's hidden token field with a fresh token for each request of an
 * article page, cached or not: a token is single-use, so a stored page must not hand the same one to every
 * reader. It prints the whole field, not just its value, so an edge include (which cannot sit inside an
 * attribute) can stand in for it. Tokens are base64url and dots, so they need no escaping.
 */
export function formTokenFragment(secret: string, now: () => number): LiveFragment {
  return (_req, page) => tokenField(signFormToken(secret, String(page.context.slug), now()));
}

/** tokenField is the hidden input that carries a comment form token. */
export function tokenField(token: string): string {
  return `<input type="hidden" name="token" value="${token}">`;
}
