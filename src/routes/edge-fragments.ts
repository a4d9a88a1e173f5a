import type { Request, Response } from 'express';
import { commentSectionView, commentsAreOpen, commentsCloseTs } from '../comments/view.js';
import { tokenField } from '../comments/live.js';
import { signFormToken } from '../comments/token.js';
import { listApprovedComments } from '../db/comments.js';
import { findPublishedArticleRef } from '../db/article-refs.js';
import { cacheControl } from '../cache-control.js';
import { assembleHeader, edgeVariant, surrogateKeyHeader, surrogateKeys } from '../edge-cache/surrogate.js';
import type { LiveFragment } from '../http/page-cache.js';
import { articleUrl, edgeFragmentUrl } from '../urls.js';
import type { RouteDeps } from './deps.js';

/**
 * edgeFragmentRoutes serves the parts of an article page that an ESI cache fetches apart from the page
 * (EDGE_INCLUDES=on, issue 9), each the exact HTML the whole page has in its place:
 * - visits: the counter line; never cached, so every view reaches us and is counted here, by counter, the
 *   whole page's own live fragment (bots, HEAD and prefetches are not counted).
 * - commentToken: the comment form's hidden token field; never cached, a fresh single-use token per reader.
 * - comments: the comment list and form; cached at the edge under `comments-<slug>`, purged on moderation.
 * visits and commentToken answer a request of every view, so they skip templates and the page cache.
 */
export function edgeFragmentRoutes({ db, config, now, pages, commentSecret }: RouteDeps, counter: LiveFragment) {
  const uncached = (request: Request, res: Response, status: number, html: string) => {
    res.statusCode = status;
    res.setHeader('Cache-Control', cacheControl.private);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Robots-Tag', 'noindex');
    // An unknown or unpublished piece leaves an empty gap: the cache splices whatever we answer into a page.
    res.end(request.method === 'HEAD' ? undefined : html);
  };
  return {
    visits(request: Request<{ slug: string }>, res: Response) {
      const article = findPublishedArticleRef(db, request.params.slug, now());
      if (!article) return uncached(request, res, 404, '');
      uncached(request, res, 200, counter(request, { key: articleUrl(article.slug), context: { articleId: article.id, slug: article.slug } }));
    },
    commentToken(request: Request<{ slug: string }>, res: Response) {
      const article = findPublishedArticleRef(db, request.params.slug, now());
      if (!article || !commentsAreOpen(article, config, now())) return uncached(request, res, 404, '');
      uncached(request, res, 200, tokenField(signFormToken(commentSecret, article.slug, now())));
    },
    comments(request: Request<{ slug: string }>, res: Response) {
      const article = findPublishedArticleRef(db, request.params.slug, now());
      if (!article) return uncached(request, res, 404, '');
      const comments = commentSectionView({ config, article, now: now(), query: {}, approved: listApprovedComments(db, article.id), replyTo: null });
      const variant = edgeVariant(request, config.edgeIncludes);
      return pages.render(request, res, 'partials/comments', { comments }, {
        key: edgeFragmentUrl('comments', article.slug),
        // A comment approved or deleted invalidates the article's page, and with it this fragment.
        belongsTo: articleUrl(article.slug),
        context: { articleId: article.id, slug: article.slug },
        expiresTs: commentsCloseTs(article, config),
        // Outside ESI the open form's token is printed here, and a shared copy would hand it to everyone.
        policy: variant !== 'esi' && comments.open ? cacheControl.private : cacheControl.page,
        headers: {
          ...surrogateKeyHeader([surrogateKeys.article(article.slug), surrogateKeys.comments(article.slug)]),
          'X-Robots-Tag': 'noindex',
          ...(variant === 'esi' && comments.open ? assembleHeader : {}),
        },
      });
    },
  };
}

