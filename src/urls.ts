// Every public path the site links to is spelled here, once: pages, feeds, search, edge fragments. The route
// table (routes/index.ts) declares the same shapes as patterns; a change to one is a change to both.

/** articleUrl is the public path of an article. */
export function articleUrl(slug: string): string {
  return `/opinion/${slug}`;
}

/** commentsUrl is the address an article's comment form posts to. */
export function commentsUrl(slug: string): string {
  return `${articleUrl(slug)}/comments`;
}

/** commentsRoute is commentsUrl as a route pattern, for the URL map and the guards that allow POST there. */
export const commentsRoute = commentsUrl(':slug');

/** previewUrl is the path of a preview link: the signed token alone, so the address names no piece (issue 20). */
export function previewUrl(token: string): string {
  return `/preview/${token}`;
}

/** previewRoute is previewUrl as a route pattern, for the URL map. */
export const previewRoute = previewUrl(':token');

/** withoutPreviewToken hides the token of a preview link in a path, for logs: the token is the key to the page. */
export function withoutPreviewToken(target: string): string {
  return target.startsWith('/preview/') ? target.replace(/^\/preview\/[^/?#]*/, '/preview/[token]') : target;
}

/** authorUrl is the public path of an author's page. */
export function authorUrl(slug: string): string {
  return `/authors/${slug}`;
}

/** tagUrl is the public path of a tag's page. */
export function tagUrl(slug: string): string {
  return `/tags/${slug}`;
}

/** feedPaths is where the feed documents of a page live: `${base}/feed.xml` and so on ('/' for the site's). */
export function feedPaths(base: string): { rss: string; atom: string; json: string } {
  const prefix = base === '/' ? '' : base;
  return { rss: `${prefix}/feed.xml`, atom: `${prefix}/feed.atom`, json: `${prefix}/feed.json` };
}

/** searchUrl is the address of one page of a search: also its key in the search results cache. */
export function searchUrl(text: string, page: number): string {
  return `/search?${new URLSearchParams(page === 1 ? { q: text } : { q: text, page: String(page) })}`;
}

/** searchUrlTemplate is the search address with schema.org's placeholder for the query, for SearchAction. */
export const searchUrlTemplate = '/search?q={search_term_string}';

/** edgeFragmentUrl is the path of one article's edge fragment: visits or comments. */
export function edgeFragmentUrl(name: 'visits' | 'comments', slug: string): string {
  return `/_edge/${name}/${encodeURIComponent(slug)}`;
}

/** edgeLogUrl is where a CDN pushes its request log lines (POST), for the views they count. */
export const edgeLogUrl = '/_edge/log';

/** absoluteUrl puts a site path under SITE_URL (which config keeps without a trailing slash). */
export function absoluteUrl(siteUrl: string, path: string): string {
  return `${siteUrl}${path}`;
}
