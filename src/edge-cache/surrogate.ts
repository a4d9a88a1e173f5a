import type { IncomingMessage } from 'node:http';

/**
 * surrogateKeys names the groups of cached responses that one purge clears together. Listings carry the
 * article key of every card they show, so purging `article-x` also clears each listing that shows x.
 */
export const surrogateKeys = Object.freeze({
  /** Every cacheable response carries this, so one purge can empty the edge (after a template deploy). */
  site: 'site',
  /** Every page of the home listing. */
  home: 'home',
  /** The site-wide feeds; an author's or tag's feeds carry that author's or tag's key instead. */
  feeds: 'feeds',
  sitemaps: 'sitemaps',
  /** Cached 404s: a newly published piece must not stay "not found" at the edge. */
  notFound: 'not-found',
  article: (slug: string) => `article-${keyPart(slug)}`,
  author: (slug: string) => `author-${keyPart(slug)}`,
  tag: (slug: string) => `tag-${keyPart(slug)}`,
  /** An article's comment list: the comments fragment, or the whole article page where comments are inline. */
  comments: (slug: string) => `comments-${keyPart(slug)}`,
});

/** Keys are lowercase letters, digits, hyphens and underscores, so a ban can match them without escaping. */
export const surrogateKeyPattern = /^[a-z0-9_-]+$/;

// Slugs are already [a-z0-9-]; anything else is folded to "_", which can only make a purge wider.
function keyPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '_') || '_';
}

/** surrogateKeyHeader is the `Surrogate-Key` header value of a response tagged with keys (plus `site`). */
export function surrogateKeyHeader(keys: Iterable<string>): Record<string, string> {
  return { 'Surrogate-Key': [...new Set([surrogateKeys.site, ...keys])].join(' ') };
}

/**
 * listingKeys tags a listing (a page or feed of cards) with its own key and the key of every piece on it, so
 * a change to any of those pieces clears it too.
 */
export function listingKeys(own: string, pieces: readonly { slug: string }[]): Record<string, string> {
  return surrogateKeyHeader([own, ...pieces.map((piece) => surrogateKeys.article(piece.slug))]);
}

/**
 * How a request is answered, as far as the edge is concerned:
 * - `direct`: no cache in front said anything; the page is sent whole, as without an edge.
 * - `esi`: the cache in front can assemble ESI and EDGE_INCLUDES is on; the counter and comments are includes.
 * - `whole`: a cache in front announced itself but will not assemble (or we were told not to use ESI); the
 *   page is sent whole, and shared all the same (its comment form is the same for every reader, issue 15).
 */
export type EdgeVariant = 'direct' | 'esi' | 'whole';

/**
 * edgeVariant classifies a request by its `Surrogate-Capability` header (W3C Edge Architecture 1.0), which
 * a cache sets on the requests it makes to us. Only GET and HEAD are ever assembled: a POST's answer (a
 * comment form sent back with errors) is rendered whole, so an include can never count it as a view.
 */
export function edgeVariant(req: IncomingMessage, edgeIncludes: boolean): EdgeVariant {
  const capability = req.headers['surrogate-capability'];
  if (capability === undefined) return 'direct';
  if (edgeIncludes && (req.method === 'GET' || req.method === 'HEAD') && /="?ESI\/1\.0/i.test(String(capability))) return 'esi';
  return 'whole';
}

/** The header that tells an ESI cache to assemble this response (W3C Edge Architecture 1.0). */
export const assembleHeader: Readonly<Record<string, string>> = Object.freeze({ 'Surrogate-Control': 'content="ESI/1.0"' });

/** esiInclude is the include tag an ESI cache replaces with the fragment at src. */
export function esiInclude(src: string): string {
  return `<esi:include src="${src}"/>`;
}
