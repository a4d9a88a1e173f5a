import type { Request, Response, NextFunction } from 'express';
import { findPublishedArticle, findSlugForAlias, listCorrections, listTagsOfArticle } from '../db/articles.js';
import { findSlugForOldSlug } from '../db/old-slugs.js';
import { articleUrl, toArticleView } from '../view-models/article.js';
import { discoveryLocals } from './discovery-locals.js';
import { commentSectionView } from '../comments/view.js';
import { countableVisitor, visitCounterView } from '../visits/request.js';
import type { RouteDeps } from './deps.js';

/** articleRoutes serves one article page per published piece. */
export function articleRoutes({ db, config, now, asset, visits, commentSecret }: RouteDeps) {
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
      const view = toArticleView(article, listTagsOfArticle(db, article.id), corrections, {
        timeZone: config.timeZone,
        siteUrl: config.siteUrl,
        asset,
      });
      const visitor = countableVisitor(req);
      if (visitor) visits.record(article.id, visitor);
      res.render('pages/article', {
        title: `${view.title} | ${view.kicker}`,
        description: view.dek || view.summary,
        canonicalUrl: view.canonicalUrl,
        article: view,
        ...discovery.article(article, view, corrections),
        visitCounter: visitCounterView(visits.counts(article.id)),
        // A comment post with problems renders this page again through show, leaving its form in res.locals.
        comments: commentSectionView({
          db,
          config,
          secret: commentSecret,
          article,
          now: now(),
          query: req.query,
          form: res.locals.commentForm,
        }),
      });
    },
  };
}
