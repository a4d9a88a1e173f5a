import type { LiveFragment } from '../http/page-cache.js';
import { signFormToken } from './token.js';

/**
 * formTokenFragment signs a fresh comment-form token for each request of an article page, cached or not:
 * a token is single-use, so a stored page must not hand the same one to every reader. Tokens are
 * base64url and dots, so they need no escaping inside the attribute.
 */
export function formTokenFragment(secret: string, now: () => number): LiveFragment {
  return (_req, page) => signFormToken(secret, String(page.context.slug), now());
}
