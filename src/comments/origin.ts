import type { IncomingHttpHeaders } from 'node:http';

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * isSameSitePost tells whether a form post came from one of our own pages. Browsers send Origin on every
 * POST (Referer as a fallback for old ones) and cannot be made to forge it, so a page elsewhere cannot post
 * in a reader's name. Only the configured site URL's origin is ours: the Host header is never trusted,
 * because under DNS rebinding an attacker's name resolves to our address and the browser sends that name as
 * Host and Origin alike. A post with neither header, or Origin "null", is refused.
 */
export function isSameSitePost(headers: IncomingHttpHeaders, siteUrl: string): boolean {
  const fetchSite = headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  // An empty header is no header: browsers never send one empty.
  const claimed = headers.origin || headers.referer;
  if (!claimed || claimed === 'null') return false;
  const origin = originOf(claimed);
  return origin !== undefined && origin === originOf(siteUrl);
}
