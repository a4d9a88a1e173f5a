import type { Request } from 'express';
import type { Config } from '../config.js';
import type { ArticleSummary, Tag } from '../db/articles.js';
import { cacheControl } from '../cache-control.js';
import type { RelatedView } from '../view-models/related.js';
import { edgeFragmentUrl } from '../urls.js';
import { assembleHeader, edgeVariant, esiInclude, surrogateKeyHeader, surrogateKeys } from './surrogate.js';

/** How an article page is sent to the cache in front of us. */
export interface ArticlePageEdge {
  /** The ESI include that stands for the comments section, or undefined to print it in the page. */
  commentsInclude: string | undefined;
  /** The page's Cache-Control. */
  policy: string;
  headers: Record<string, string>;
}

const articlePath = /^\/opinion\/([^/?#]+)$/;

/**
 * articlePageEdge decides how an article page meets the edge. Its surrogate keys are the article, its
 * authors and tags, and the pieces it links to (their titles appear on it); its comments key only when the
 * comments are printed in it. For an ESI cache the comments section of the canonical page becomes an
 * include (the counter is one too, via its live fragment). The page holds nothing per reader (the form
 * token is the same for everyone, comments/token.ts), so it is shared in every mode. When the count printed
 * in a whole page comes from the cache's log (VISITS_FROM=edge-log), the page keeps only a short TTL
 * (cacheControl.counter), so the count shown is at most a minute old.
 */
export function articlePageEdge(
  req: Request,
  config: Config,
  page: { article: ArticleSummary; tags: readonly Tag[]; related: RelatedView; canonical: boolean },
): ArticlePageEdge {
  const { article, tags, related } = page;
  const variant = edgeVariant(req, config.edgeIncludes);
  const include = variant === 'esi' && page.canonical;
  const keys = [surrogateKeys.article(article.slug)];
  for (const author of article.authors) keys.push(surrogateKeys.author(author.slug));
  for (const tag of tags) keys.push(surrogateKeys.tag(tag.slug));
  for (const link of [related.older, related.newer, ...(related.moreFrom?.pieces ?? [])]) {
    const slug = link && articlePath.exec(link.url)?.[1];
    if (slug) keys.push(surrogateKeys.article(slug));
  }
  if (!include) keys.push(surrogateKeys.comments(article.slug));
  return {
    commentsInclude: include ? esiInclude(edgeFragmentUrl('comments', article.slug)) : undefined,
    policy: variant === 'whole' && config.visitsFrom === 'edge-log' ? cacheControl.counter : cacheControl.page,
    headers: { ...surrogateKeyHeader(keys), ...(variant === 'esi' ? assembleHeader : {}) },
  };
}
