// Parameters that only tell analytics where a reader came from: a viral link carries them, and the page
// is the same with or without them.
const trackingParam = /^(?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)$/;

/**
 * pageKey is the cache key of a request URL: the path plus the query without tracking parameters. A route
 * that varies on any other parameter is therefore never confused with another: its key includes it.
 */
export function pageKey(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) if (trackingParam.test(name)) params.delete(name);
  const query = params.toString();
  return query ? `${url.slice(0, q)}?${query}` : url.slice(0, q);
}
