import { Router } from 'express';
import { articleRoutes } from './articles.js';
import { authorRoutes } from './authors.js';
import type { RouteDeps } from './deps.js';
import { healthRoutes } from './health.js';
import { homeRoutes } from './home.js';
import { tagRoutes } from './tags.js';

/** routes is the whole URL map of the reading site, on one screen. */
export function routes(deps: RouteDeps): Router {
  const home = homeRoutes(deps);
  const articles = articleRoutes(deps);
  const authors = authorRoutes(deps);
  const tags = tagRoutes(deps);
  const health = healthRoutes(deps);

  const router = Router({ caseSensitive: true, strict: true });
  router.get('/', home.show);
  router.get('/opinion/:slug', articles.show);
  router.get('/authors/:slug', authors.show);
  router.get('/tags/:slug', tags.show);
  router.get('/healthz', health.show);
  return router;
}
