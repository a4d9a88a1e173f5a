/**
 * The Cache-Control policy of each kind of response, in one place (docs/caching-and-edge.md says why).
 *
 * - page: browsers ask again on every visit (max-age=0), cheaply, with the ETag (a 304): each view is
 *   counted and a newly approved comment shows at once. Shared caches (the edge) keep a page five minutes,
 *   may serve it a minute stale while they refetch, and a day stale if we are down; invalidation is by the
 *   page cache here and by purges at the edge. No must-revalidate: it would forbid the edge's stale copies.
 * - counter: what shows a visit count counted from the cache's log (VISITS_FROM=edge-log): an article page
 *   rendered whole for a cache, or its counter include. Thirty seconds at the edge plus at most thirty stale
 *   while it refetches (the shipped VCL's grace for these addresses), so the count shown is at most a minute
 *   old; a day stale if we are down, as pages.
 * - feed: feed readers poll, so browsers and readers may keep a feed five minutes, as long as the edge.
 * - asset: fingerprinted files change name when they change bytes, so they never need revalidating.
 * - file: plain files in public/ (favicon, images) keep their name across deploys: kept an hour, then
 *   revalidated with their ETag.
 * - notFound: browsers always ask again (a scheduled piece may appear), but the edge absorbs a flood of
 *   requests for a mistyped viral link for a minute.
 * - sitemap: crawlers fetch sitemaps now and then; five minutes keeps a new piece's entry prompt.
 * - robots: robots.txt changes only with a deploy.
 * - error: never stored: error pages, a form sent back with its errors, the health check (a cached "ok"
 *   would keep traffic flowing to a broken instance). stale-if-error on the page itself is what keeps
 *   readers served during an outage.
 * - private: the default for everything not listed, and for anything personal or not a GET; also a preview
 *   link's page (issue 20), which no cache may keep: it shows what is not published, to whoever holds the link.
 */
export const cacheControl = {
  page: 'public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
  counter: 'public, max-age=0, s-maxage=30, stale-while-revalidate=30, stale-if-error=86400',
  feed: 'public, max-age=300, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
  asset: 'public, max-age=31536000, immutable',
  file: 'public, max-age=3600, must-revalidate',
  notFound: 'public, max-age=0, s-maxage=60',
  sitemap: 'public, max-age=300',
  robots: 'public, max-age=3600',
  error: 'no-store',
  private: 'private, no-store',
} as const;

/** errorPolicy is the Cache-Control of an error response: a GET's 404 may be shared briefly, nothing else. */
export function errorPolicy(method: string, status: number): string {
  if (method !== 'GET' && method !== 'HEAD') return cacheControl.private;
  return status === 404 ? cacheControl.notFound : cacheControl.error;
}
