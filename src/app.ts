import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import express, { type Request, type Response, type NextFunction } from 'express';
import proxyAddr from 'proxy-addr';
import type { Config } from './config.js';
import { buildAssetManifest, serveFingerprinted } from './http/assets.js';
import { serveMedia } from './http/media.js';
import { drawShareCard } from './publishing/share-cards.js';
import { openMediaStore } from './media/store.js';
import { cacheControl } from './cache-control.js';
import { errorPage, notFound } from './http/error-pages.js';
import { createPageCache, type PageCache } from './http/page-cache.js';
import { compilePartial } from './http/partial.js';
import { refuseWritesWithoutDatabase, requestGuards } from './http/guards.js';
import { createHitLane } from './http/hit-lane.js';
import { liveFragments } from './http/live-fragments.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders, setHeaders } from './http/security-headers.js';
import { stderrLogger, type Logger } from './log.js';
import { feedLinks } from './seo/page-meta.js';
import { resolveCommentSecret } from './comments/secret.js';
import { routes } from './routes/index.js';
import { createVisitCounter, type VisitCounter } from './visits/counter.js';
import { visitsFragment } from './visits/live.js';
import { edgeVariant } from './edge-cache/surrogate.js';
import { createPurger, type Purger } from './edge-cache/purge.js';
import { pictureHtml } from './view-models/picture.js';

export interface AppDeps {
  db: Database;
  config: Config;
  /** Injectable clock (epoch ms); defaults to Date.now. */
  now?: () => number;
  /** The JSON logger; by default warnings and errors go to stderr. */
  logger?: Logger;
  /** The visit counter; pass one in to flush and close it on shutdown (created here if absent). */
  visits?: VisitCounter;
  /** Called with the page cache once it exists, so tests and the benchmark can read its counters. */
  onPageCache?: (pages: PageCache) => void;
  /** Sends edge-cache purges; by default to config.purgeUrl, logged through logger. */
  purger?: Purger;
}

/** The site's request listener, and the Express app behind it (for its settings). */
export type Site = RequestListener & { readonly express: express.Express };

/**
 * createApp assembles the site: the hit lane for what is already prepared, then the Express app (security
 * headers, guards, the URL map with the site's files, 404, errors) for everything else. It never listens.
 */
export function createApp({
  db,
  config,
  now = Date.now,
  logger = stderrLogger(),
  visits = createVisitCounter(db, config, now, logger),
  onPageCache,
  purger = createPurger({ purgeUrl: config.purgeUrl, log: (level, message) => logger[level](message) }),
}: AppDeps): Site {
  const app = express();
  const manifest = buildAssetManifest(path.join(config.rootDir, 'public'));
  const viewsDir = path.join(config.rootDir, 'views');
  const commentSecret = resolveCommentSecret(db, config);
  const variant = (req: IncomingMessage) => edgeVariant(req, config.edgeIncludes);
  // What Express calls req.ip, for requests the hit lane answers without Express: the same function over
  // the same trust proxy setting (set below).
  const clientIp = (req: IncomingMessage) => proxyAddr(req, app.get('trust proxy fn'));
  const counter = visitsFragment(visits, compilePartial(viewsDir, 'visit-counter'), clientIp, config.visitsFrom === 'origin');
  // Pages are rendered once per change and kept; their live fragments are filled in on every answer.
  const pages = createPageCache({
    db,
    now,
    maxBytes: config.pageCacheBytes,
    live: liveFragments({ visits, counter, viewsDir, variant }),
    variant,
  });
  // Search results get their own, smaller budget: every new query is a new page, and a flood of distinct
  // queries must not push articles out of memory.
  const searchPages = createPageCache({ db, now, maxBytes: Math.floor(config.pageCacheBytes / 8) });
  onPageCache?.(pages);

  app.disable('x-powered-by');
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  // Compile each template once, whatever NODE_ENV says.
  app.set('view cache', true);
  app.set('query parser', 'simple');
  // Decides what req.ip and req.protocol believe of X-Forwarded-*; see docs/operations.md.
  app.set('trust proxy', config.trustProxy);
  app.locals.site = { name: config.siteName, url: config.siteUrl, description: config.siteDescription };
  app.locals.asset = manifest.url;
  app.locals.pictureHtml = pictureHtml;
  app.locals.siteFeeds = feedLinks('/', config.siteName);
  const media = openMediaStore(config.mediaDir);
  const deps = { db, config, now, asset: manifest.url, media, visits, pages, searchPages, commentSecret, purger };
  const headers = securityHeaders(config);
  // Plain files in public/ keep their name across deploys, so they get the file policy, not the private default.
  // Processed images sit between the two: fingerprinted by their content address, read from MEDIA_DIR.
  const filePolicy = (res: Response) => res.setHeader('Cache-Control', cacheControl.file);
  const files = [
    serveFingerprinted(manifest),
    serveMedia(media, (key) => drawShareCard(db, media, config.siteName, key)),
    express.static(path.join(config.rootDir, 'public'), { index: false, redirect: false, cacheControl: false, setHeaders: filePolicy }),
  ];

  // The Express chain, in order. The request log first, so every line about a request (errors included)
  // carries its id.
  app.use(requestLog(logger, app.get('trust proxy fn')));
  // Then security headers, so every response, a file or an error page, carries them.
  app.use((_req, res, next) => {
    setHeaders(res, headers);
    next();
  });
  // Hostile or impossible requests are refused before anything reads the disk or the database; a post
  // meets the missing-database check before its handler could write into a deleted file.
  app.use(requestGuards());
  app.use(refuseWritesWithoutDatabase(db));
  // Whatever answers next (a page, a file, an error) sets its own policy; this is the safe default.
  app.use(privateByDefault);
  // The URL map, the site's files first (routes/index.ts).
  app.use(routes(deps, { files, counter }));
  // Nothing matched: one 404 for every kind of miss. Then the one error handler, last, so it sees every throw.
  app.use(notFound());
  app.use(errorPage(config, logger));

  // The lanes, in order. The hit lane first: a stored page, feed, search result or in-memory asset is
  // answered before Express, whose dispatch costs more than the rest of such an answer; it is the only place
  // a stored answer is sent. Everything it leaves (a miss, a post, a refusal, its own failure, which it
  // logs) goes to the Express chain above, which renders it afresh.
  const lane = createHitLane({ pages, searchPages, asset: manifest.prepared, headers, logger, trustProxy: app.get('trust proxy fn') });
  const site = (req: IncomingMessage, res: ServerResponse) => {
    if (!lane(req, res)) app(req as Request, res as Response);
  };
  return Object.assign(site, { express: app });
}

function privateByDefault(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Cache-Control', cacheControl.private);
  next();
}
