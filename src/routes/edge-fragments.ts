import type { Request, Response } from 'express';
import { commentSectionExpiresTs, commentSectionView } from '../comments/view.js';
import { formToken } from '../comments/token.js';
import { listApprovedComments } from '../db/comments.js';
import { findPublishedArticleRef } from '../db/article-refs.js';
import { cacheControl } from '../cache-control.js';
import { surrogateKeyHeader, surrogateKeys } from '../edge-cache/surrogate.js';
import type { LiveFragment } from '../http/page-cache.js';
import { articleUrl, edgeFragmentUrl } from '../urls.js';
import type { RouteDeps } from './deps.js';

/**
 * edgeFragmentRoutes serves the parts of an article page that an ESI cache fetches apart from the page
 * (EDGE_INCLUDES=on, issue 9), each the exact HTML the whole page has in its place:
 * - visits: the counter line, printed by counter, the whole page's own live fragment. Counting at the origin
 *   (VISITS_FROM=origin) it is never cached, so every view reaches us and is counted here (bots, HEAD and
 *   prefetches are not); counting from the cache's log (edge-log) it counts nothing and is cached briefly
 *   (cacheControl.counter), so the count shown is at most a minute old.
 * - comments: the comment list and form (its token shared by every reader, comments/token.ts); cached at the
 *   edge under `comments-<slug>`, purged on moderation.
 * visits answers a request of every view, so it skips templates and the page cache.
 */
export function edgeFragmentRoutes({ db, config, now, pages, commentSecret }: RouteDeps, counter: LiveFragment) {
  const uncached = (request: Request, res: Response, status: number, html: string, policy: string = cacheControl.private) => {
    res.statusCode = status;
    res.setHeader('Cache-Control', policy);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Robots-Tag', 'noindex');
    // An unknown or unpublished piece leaves an empty gap: the cache splices whatever we answer into a page.
    res.end(request.method === 'HEAD' ? undefined : html);
  };
  return {
    visits(request: Request<{ slug: string }>, res: Response) {
      const article = findPublishedArticleRef(db, request.params.slug, now());
      if (!article) return uncached(request, res, 404, '');
      const html = counter(request, { key: articleUrl(article.slug), context: { articleId: article.id, slug: article.slug } });
      uncached(request, res, 200, html, config.visitsFrom === 'edge-log' ? cacheControl.counter : cacheControl.private);
    },
    comments(request: Request<{ slug: string }>, res: Response) {
      const article = findPublishedArticleRef(db, request.params.slug, now());
      if (!article) return uncached(request, res, 404, '');
      const comments = commentSectionView({
        config,
        article,
        now: now(),
        query: {},
        approved: listApprovedComments(db, article.id),
        replyTo: null,
        formToken: formToken(commentSecret, article.slug, now()),
      });
      return pages.render(request, res, 'partials/comments', { comments }, {
        key: edgeFragmentUrl('comments', article.slug),
        // A comment approved or deleted invalidates the article's page, and with it this fragment.
        belongsTo: articleUrl(article.slug),
        context: { articleId: article.id, slug: article.slug },
        expiresTs: commentSectionExpiresTs(article, config, now()),
        headers: {
          ...surrogateKeyHeader([surrogateKeys.article(article.slug), surrogateKeys.comments(article.slug)]),
          'X-Robots-Tag': 'noindex',
        },
      });
    },
  };
}

