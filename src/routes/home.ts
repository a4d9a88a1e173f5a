import type { Request, Response, NextFunction } from 'express';
import { listPublishedArticles } from '../db/articles.js';
import { toCardView } from '../view-models/article.js';
import { paginationView, parsePageParam } from '../view-models/pagination.js';
import { mostReadView } from '../visits/most-read.js';
import type { RouteDeps } from './deps.js';
import { discoveryLocals } from './discovery-locals.js';

/** homeRoutes serves the front page: newest public pieces first, paginated. */
export function homeRoutes({ db, config, now, asset, visits }: RouteDeps) {
  const discovery = discoveryLocals({ db, config, now, asset });
  return {
    show(req: Request, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      if (req.query.page === '1') return res.redirect(301, '/');
      const { articles, total } = listPublishedArticles(db, page, config.pageSize, now());
      if (articles.length === 0 && page > 1) return next();
      res.render('pages/home', {
        title: page === 1 ? '' : `Page ${page}`,
        description: config.siteDescription,
        canonicalPath: page === 1 ? '/' : `/?page=${page}`,
        cards: articles.map((a) => toCardView(a, config.timeZone)),
        pagination: paginationView('/', page, total, config.pageSize),
        ...discovery.home(page === 1 ? '/' : `/?page=${page}`),
        mostRead: page === 1 ? mostReadView(visits.mostRead(5)) : [],
      });
    },
  };
}
