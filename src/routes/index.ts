import { Router } from 'express';
import { articleRoutes } from './articles.js';
import { authorRoutes } from './authors.js';
import { commentRoutes } from './comments.js';
import type { RouteDeps } from './deps.js';
import { homeRoutes } from './home.js';
import { tagRoutes } from './tags.js';

/** routes is the whole URL map of the reading site, on one screen. */
export function routes(deps: RouteDeps): Router {
  const home = homeRoutes(deps);
  const articles = articleRoutes(deps);
  const authors = authorRoutes(deps);
  const tags = tagRoutes(deps);
  const comments = commentRoutes(deps, articles.show);

  const router = Router({ caseSensitive: true, strict: true });
  router.get('/', home.show);
  router.get('/opinion/:slug', articles.show);
  router.post('/opinion/:slug/comments', comments.parseBody, comments.create);
  router.get('/authors/:slug', authors.show);
  router.get('/tags/:slug', tags.show);
  return router;
}
