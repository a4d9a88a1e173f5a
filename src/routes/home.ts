import type { Request, Response, NextFunction } from 'express';
import { listPublishedArticles } from '../db/articles.js';
import { paginationView, parsePageParam } from '../view-models/pagination.js';
import { listingKeys, surrogateKeys } from '../edge-cache/surrogate.js';
import type { RouteDeps } from './deps.js';
import { cardViews } from './lead-images.js';
import { discoveryLocals } from './discovery-locals.js';

/** homeRoutes serves the front page: newest public pieces first, paginated. */
export function homeRoutes({ db, config, now, asset, media, pages }: RouteDeps) {
  const discovery = discoveryLocals({ db, config, now, asset });
  return {
    show(req: Request, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      if (req.query.page === '1') return res.redirect(301, '/');
      const { articles, total } = listPublishedArticles(db, page, config.pageSize, now());
      if (articles.length === 0 && page > 1) return next();
      const canonicalPath = page === 1 ? '/' : `/?page=${page}`;
      // "Most read" on page 1 is a live fragment (visits/live.ts): it moves with every flush of the counts.
      return pages.render(req, res, 'pages/home', {
        title: page === 1 ? '' : `Page ${page}`,
        description: config.siteDescription,
        canonicalPath,
        cards: cardViews(db, media, config.timeZone, articles),
        pagination: paginationView('/', page, total, config.pageSize),
        ...discovery.home(canonicalPath),
      }, { key: canonicalPath, headers: listingKeys(surrogateKeys.home, articles) });
    },
  };
}
