import type { Request, Response, NextFunction } from 'express';
import { findAuthor } from '../db/authors.js';
import { listArticlesByAuthor } from '../db/articles.js';
import { authorUrl } from '../urls.js';
import { paginationView, parsePageParam } from '../view-models/pagination.js';
import { listingKeys, surrogateKeys } from '../edge-cache/surrogate.js';
import type { RouteDeps } from './deps.js';
import { cardViews, portraits } from './lead-images.js';
import { pictureView } from '../view-models/picture.js';
import { discoveryLocals } from './discovery-locals.js';

/** authorRoutes serves each author's page: bio and their public pieces, paginated. */
export function authorRoutes({ db, config, now, asset, media, pages }: RouteDeps) {
  const discovery = discoveryLocals({ db, config, now, asset });
  return {
    show(req: Request<{ slug: string }>, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      const author = findAuthor(db, req.params.slug);
      if (!author) return next();
      const { articles, total } = listArticlesByAuthor(db, author.id, page, config.pageSize, now());
      if (articles.length === 0 && page > 1) return next();
      const path = authorUrl(author.slug);
      const photo = portraits(db, media, [author.slug]).get(author.slug);
      const portrait = photo ? pictureView(photo, `Portrait of ${author.name}`, 'profile') : null;
      const canonicalPath = page === 1 ? path : `${path}?page=${page}`;
      return pages.render(req, res, 'pages/author', {
        title: page === 1 ? author.name : `${author.name}, page ${page}`,
        description: author.bio || `Opinion pieces by ${author.name}.`,
        canonicalPath,
        author,
        portrait,
        cards: cardViews(db, media, config.timeZone, articles),
        pagination: paginationView(path, page, total, config.pageSize),
        ...discovery.author({ ...author, portrait: portrait?.src ?? null }, canonicalPath),
      }, { key: canonicalPath, headers: listingKeys(surrogateKeys.author(author.slug), articles) });
    },
  };
}
