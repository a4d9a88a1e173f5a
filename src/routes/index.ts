import { Router } from 'express';
import { articleRoutes } from './articles.js';
import { authorRoutes } from './authors.js';
import { correctionRoutes } from './corrections.js';
import { commentRoutes } from './comments.js';
import type { RouteDeps } from './deps.js';
import { edgeFragmentRoutes } from './edge-fragments.js';
import { healthRoutes } from './health.js';
import { feedRoutes } from './feeds.js';
import { homeRoutes } from './home.js';
import { searchRoutes } from './search.js';
import { sitemapRoutes } from './sitemaps.js';
import { tagRoutes } from './tags.js';

/** routes is the whole URL map of the reading site, on one screen. */
export function routes(deps: RouteDeps, edge: ReturnType<typeof edgeFragmentRoutes>): Router {
  const home = homeRoutes(deps);
  const articles = articleRoutes(deps);
  const authors = authorRoutes(deps);
  const tags = tagRoutes(deps);
  const health = healthRoutes(deps);
  const feeds = feedRoutes(deps);
  const sitemaps = sitemapRoutes(deps);
  const search = searchRoutes(deps);
  const corrections = correctionRoutes(deps);
  const comments = commentRoutes(deps, articles.show);

  const router = Router({ caseSensitive: true, strict: true });
  router.get('/', home.show);
  router.get('/opinion/:slug', articles.show);
  router.post('/opinion/:slug/comments', comments.parseBody, comments.create);
  router.get('/authors/:slug', authors.show);
  router.get('/tags/:slug', tags.show);
  router.get('/healthz', health.show);
  router.get('/feed.:format', feeds.site);
  router.get('/authors/:slug/feed.:format', feeds.author);
  router.get('/tags/:slug/feed.:format', feeds.tag);
  router.get('/sitemap.xml', sitemaps.index);
  router.get('/sitemaps/:file', sitemaps.file);
  router.get('/sitemap-news.xml', sitemaps.news);
  router.get('/robots.txt', sitemaps.robots);
  router.get('/search', search.show);
  router.get('/corrections', corrections.list);
  // The includes an ESI cache fetches exist only while edge includes are on (issue 17): otherwise no page
  // links to them, and a counter anyone could call would count views no reader made.
  if (deps.config.edgeIncludes) {
    router.get('/_edge/visits/:slug', edge.visits);
    router.get('/_edge/comment-token/:slug', edge.commentToken);
    router.get('/_edge/comments/:slug', edge.comments);
  }
  return router;
}
