import { Router, type RequestHandler } from 'express';
import type { LiveFragment } from '../http/page-cache.js';
import { articleRoutes } from './articles.js';
import { authorRoutes } from './authors.js';
import { correctionRoutes } from './corrections.js';
import { commentRoutes } from './comments.js';
import type { RouteDeps } from './deps.js';
import { edgeFragmentRoutes } from './edge-fragments.js';
import { edgeLogRoutes } from './edge-log.js';
import { healthRoutes } from './health.js';
import { feedRoutes } from './feeds.js';
import { homeRoutes } from './home.js';
import { previewRoutes } from './preview.js';
import { searchRoutes } from './search.js';
import { sitemapRoutes } from './sitemaps.js';
import { tagRoutes } from './tags.js';
import { commentsRoute, edgeLogUrl, previewRoute } from '../urls.js';

/** What the map serves besides the route factories' pages: the site's files, and the counter line. */
export interface MapParts {
  /** Fingerprinted assets (http/assets.ts), then the plain files of public/. */
  files: readonly RequestHandler[];
  /** The article counter's live fragment, which /_edge/visits prints for an ESI cache. */
  counter: LiveFragment;
}

/**
 * routes is the whole URL map of the reading site, on one screen. The hit lane (http/hit-lane.ts) answers a
 * GET or HEAD before it only when these routes already answered it and the page cache kept the answer (or
 * the file is a fingerprinted one kept in memory): it has no URLs of its own. Which methods an address
 * takes is decided once, by the guards before this map (http/guards.ts `allowFor`: POST only at a comment
 * form and the edge log, GET and HEAD elsewhere), so a route below never meets a method its address does not take.
 */
export function routes(deps: RouteDeps, { files, counter }: MapParts): Router {
  const home = homeRoutes(deps);
  const articles = articleRoutes(deps);
  const authors = authorRoutes(deps);
  const tags = tagRoutes(deps);
  const health = healthRoutes(deps);
  const feeds = feedRoutes(deps);
  const sitemaps = sitemapRoutes(deps);
  const search = searchRoutes(deps);
  const corrections = correctionRoutes(deps);
  const preview = previewRoutes(deps);
  const comments = commentRoutes(deps, articles.show);
  const edge = edgeFragmentRoutes(deps, counter);
  const edgeLog = edgeLogRoutes(deps);

  const router = Router({ caseSensitive: true, strict: true });
  // Files first: their names (/css/site.1a2b3c4d5e.css, /favicon.ico) are never pages, and a file is
  // answered without a database read.
  router.use(...files);
  router.get('/', home.show);
  router.get('/opinion/:slug', articles.show);
  router.post(commentsRoute, comments.parseBody, comments.create);
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
  // Preview links (issue 20): a wrong, expired or revoked token falls through to the same 404 as any unknown
  // address; a valid one is rendered afresh every time, never stored here or at the edge.
  router.get(previewRoute, preview.show);
  // The includes an ESI cache fetches exist only while edge includes are on (issue 17): otherwise no page
  // links to them, and a counter anyone could call would count views no reader made.
  if (deps.config.edgeIncludes) {
    router.get('/_edge/visits/:slug', edge.visits);
    router.get('/_edge/comments/:slug', edge.comments);
  }
  // A CDN's request log, counted as views (VISITS_FROM=edge-log); it refuses every push without its secret.
  router.post(edgeLogUrl, edgeLog.parseBody, edgeLog.receive);
  // Anything else falls through to the app's single 404 (http/error-pages.ts).
  return router;
}
