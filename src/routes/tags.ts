import type { Request, Response, NextFunction } from 'express';
import { findTag, listArticlesByTag } from '../db/articles.js';
import { tagUrl } from '../urls.js';
import { paginationView, parsePageParam } from '../view-models/pagination.js';
import { listingKeys, surrogateKeys } from '../edge-cache/surrogate.js';
import type { RouteDeps } from './deps.js';
import { cardViews } from './lead-images.js';
import { discoveryLocals } from './discovery-locals.js';

/** tagRoutes serves each tag's page: its public pieces, paginated. */
export function tagRoutes({ db, config, now, asset, media, pages }: RouteDeps) {
  const discovery = discoveryLocals({ db, config, now, asset });
  return {
    show(req: Request<{ slug: string }>, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      const tag = findTag(db, req.params.slug);
      if (!tag) return next();
      const { articles, total } = listArticlesByTag(db, tag.id, page, config.pageSize, now());
      if (articles.length === 0) return next();
      const path = tagUrl(tag.slug);
      const canonicalPath = page === 1 ? path : `${path}?page=${page}`;
      return pages.render(req, res, 'pages/tag', {
        title: page === 1 ? tag.name : `${tag.name}, page ${page}`,
        description: `Opinion pieces tagged ${tag.name}.`,
        canonicalPath,
        tag,
        cards: cardViews(db, media, config.timeZone, articles),
        pagination: paginationView(path, page, total, config.pageSize),
        ...discovery.tag(tag, canonicalPath),
      }, { key: canonicalPath, headers: listingKeys(surrogateKeys.tag(tag.slug), articles) });
    },
  };
}
