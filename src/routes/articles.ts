import type { Request, Response, NextFunction } from 'express';
import { findPublishedArticle, findSlugForAlias, listCorrections, listTagsOfArticle } from '../db/articles.js';
import { findSlugForOldSlug } from '../db/old-slugs.js';
import { articleUrl } from '../urls.js';
import { toArticleView } from '../view-models/article.js';
import { discoveryLocals } from './discovery-locals.js';
import { findReplyParent } from '../comments/submit.js';
import { commentSectionExpiresTs, commentSectionView, type CommentFormState } from '../comments/view.js';
import { formToken } from '../comments/token.js';
import { listApprovedComments } from '../db/comments.js';
import { articlePageEdge } from '../edge-cache/article-page.js';
import { pageKey } from '../page-key.js';
import type { RouteDeps } from './deps.js';
import { bodyImages, leadImages, portraits } from './lead-images.js';
import { findArticleCardKey } from '../db/article-cards.js';

/**
 * articleRoutes serves one article page per published piece, through the page cache: the visit counter is a
 * live fragment (visits/live.ts), so a stored page still shows a fresh count; the comment form's token is
 * printed in the page, the same for every reader in its window (comments/token.ts).
 */
export function articleRoutes({ db, config, now, asset, media, pages, commentSecret }: RouteDeps) {
  const discovery = discoveryLocals({ db, config, now, asset });
  return {
    show(req: Request<{ slug: string }>, res: Response, next: NextFunction) {
      const { slug } = req.params;
      const article = findPublishedArticle(db, slug, now());
      if (!article) {
        // An old slug or alias answers with a permanent redirect; anything else falls through to the 404.
        const current = findSlugForAlias(db, slug, now()) ?? findSlugForOldSlug(db, slug, now());
        return current ? res.redirect(301, articleUrl(current)) : next();
      }
      const corrections = listCorrections(db, article.id);
      const tags = listTagsOfArticle(db, article.id);
      const view = toArticleView(article, tags, corrections, {
        timeZone: config.timeZone,
        siteUrl: config.siteUrl,
        asset,
        image: leadImages(db, media, [article.id]).get(article.id),
        // Named whether or not it is drawn yet: its first request draws it (http/media.ts).
        shareCardKey: findArticleCardKey(db, article.id),
        portraits: portraits(db, media, article.authors.map((a) => a.slug)),
        bodyImages: bodyImages(db, media, [article.id]).get(article.id),
      });
      const key = articleUrl(article.slug);
      const related = discovery.article(article, view, corrections);
      // A comment post with problems renders this page again through show, leaving its form in res.locals;
      // that answer, like any with ?replyto= or ?comment=, is not the canonical URL and is never stored.
      const form = res.locals.commentForm as CommentFormState | undefined;
      const comments = commentSectionView({
        config,
        article,
        now: now(),
        query: req.query,
        form,
        approved: listApprovedComments(db, article.id),
        replyTo: findReplyParent(db, article.id, form ? form.parentRaw : req.query.replyto),
        formToken: formToken(commentSecret, article.slug, now()),
      });
      // Behind an edge cache: surrogate keys, and the comments as an include where the cache assembles them.
      const edge = articlePageEdge(req, config, { article, tags, related: related.related, canonical: pageKey(req.url) === key && !form });
      return pages.render(req, res, 'pages/article', {
        title: `${view.title} | ${view.kicker}`,
        description: view.dek || view.summary,
        canonicalUrl: view.canonicalUrl,
        article: view,
        ...related,
        comments,
        edgeComments: edge.commentsInclude,
      }, {
        key,
        context: { articleId: article.id, slug: article.slug },
        // Once comments close by age, or the form token's window ends, the stored page is rendered again.
        expiresTs: commentSectionExpiresTs(article, config, now()),
        policy: edge.policy,
        headers: edge.headers,
      });
    },
  };
}
