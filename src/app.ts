import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import express, { type Request, type Response, type NextFunction } from 'express';
import proxyAddr from 'proxy-addr';
import type { Config } from './config.js';
import { describeDatabaseError } from './db/trouble.js';
import { buildAssetManifest, serveFingerprinted } from './http/assets.js';
import { cacheControl, errorPolicy } from './http/cache-control.js';
import { createPageCache, type PageCache } from './http/page-cache.js';
import { compilePartial } from './http/partial.js';
import { refuseWritesWithoutDatabase, requestGuards } from './http/guards.js';
import { createHitLane } from './http/hit-lane.js';
import { requestLog, requestLogger } from './http/request-log.js';
import { securityHeaders, setHeaders } from './http/security-headers.js';
import { createLogger, type Logger } from './log.js';
import { feedLinks } from './seo/page-meta.js';
import { resolveCommentSecret } from './comments/secret.js';
import { routes } from './routes/index.js';
import { formTokenFragment } from './comments/live.js';
import { createVisitCounter, type VisitCounter } from './visits/counter.js';
import { mostReadFragment, visitsFragment } from './visits/live.js';
import { edgeVariant, surrogateKeyHeader, surrogateKeys } from './edge-cache/surrogate.js';
import { viaEdge } from './edge-cache/live.js';
import { createPurger, type Purger } from './edge-cache/purge.js';
import { edgeFragmentRoutes } from './routes/edge-fragments.js';

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
 * headers, static files, routes, 404, errors) for everything else. It never listens.
 */
export function createApp({
  db,
  config,
  now = Date.now,
  logger = createLogger({ level: 'warn', destination: process.stderr }),
  visits = createVisitCounter(db, config, now),
  onPageCache,
  purger = createPurger({ purgeUrl: config.purgeUrl, log: (level, message) => logger[level](message) }),
}: AppDeps): Site {
  const app = express();
  const manifest = buildAssetManifest(path.join(config.rootDir, 'public'));
  const viewsDir = path.join(config.rootDir, 'views');
  const commentSecret = resolveCommentSecret(db, config);
  // Pages are rendered once per change and kept; these fragments are filled in on every request.
  // With an ESI cache in front (EDGE_INCLUDES=on), the per-reader fragments become includes the cache
  // fetches from /_edge/, and that version of each page is stored apart from the whole one.
  const variant = (req: IncomingMessage) => edgeVariant(req, config.edgeIncludes);
  // What Express calls req.ip, for requests the hit lane answers without Express: the same function over
  // the same trust proxy setting (set below).
  const clientIp = (req: IncomingMessage) => proxyAddr(req, app.get('trust proxy fn'));
  const renderVisitCounter = compilePartial(viewsDir, 'visit-counter');
  const pages = createPageCache({
    db,
    now,
    maxBytes: config.pageCacheBytes,
    live: {
      visits: viaEdge('visits', variant, visitsFragment(visits, renderVisitCounter, clientIp)),
      'most-read': mostReadFragment(visits, compilePartial(viewsDir, 'most-read')),
      'comment-token': viaEdge('comment-token', variant, formTokenFragment(commentSecret, now)),
    },
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
  app.locals.siteFeeds = feedLinks('/', config.siteName);
  const deps = { db, config, now, asset: manifest.url, visits, pages, searchPages, commentSecret, purger };
  const edge = edgeFragmentRoutes(deps, renderVisitCounter, clientIp);
  const headers = securityHeaders(config);

  // Order: the request log first, so every line about a request (errors included) carries its id.
  app.use(requestLog(logger, app.get('trust proxy fn')));
  // Then security headers, so every response, static or error, carries them.
  app.use((_req, res, next) => {
    setHeaders(res, headers);
    next();
  });
  // Hostile or impossible requests are refused before they reach static files or routes.
  app.use(requestGuards());
  app.use(refuseWritesWithoutDatabase(db));
  // Stored pages are answered here, before any file-system lookup or route.
  app.use(pages.serve);
  app.use('/search', searchPages.serve);
  app.use(serveFingerprinted(manifest));
  // The page cache's private default (above) is replaced: plain files are the same for everyone.
  const filePolicy = (res: Response) => res.setHeader('Cache-Control', cacheControl.file);
  app.use(express.static(path.join(config.rootDir, 'public'), { index: false, redirect: false, cacheControl: false, setHeaders: filePolicy }));
  app.use(routes(deps, edge));

  // Nothing matched: one 404 for every kind of miss (unknown path, slug, page, draft or scheduled piece).
  app.use((req: Request, res: Response) => {
    res.setHeader('Cache-Control', errorPolicy(req.method, 404));
    // The edge keeps a 404 a minute; a piece published meanwhile purges this key.
    res.set(surrogateKeyHeader([surrogateKeys.notFound]));
    res.status(404).render('pages/error', {
      title: 'Page not found',
      status: 404,
      message: 'We could not find that page. It may have moved, or the address may be mistyped.',
      stack: undefined,
    });
  });

  app.use((err: Error & { status?: number; statusCode?: number; expose?: boolean }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const log = requestLogger(res, logger);
    // A locked, read-only, full or missing database is an outage of writes, not a bug: 503, and say which.
    const databaseTrouble = describeDatabaseError(err);
    const raw = databaseTrouble ? 503 : err.status ?? err.statusCode ?? 500;
    const status = Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500;
    if (databaseTrouble) log.error({ err, problem: databaseTrouble }, 'database trouble');
    // Our own 503s (a guard refusing writes) are expected conditions: their cause says it all, no stack needed.
    else if (status >= 500 && err.name === 'HttpError') {
      log.error({ status, problem: (err.cause as Error | undefined)?.message ?? err.message }, 'request refused');
    }
    else if (status >= 500) log.error({ err, method: req.method }, 'request failed');
    if (status === 503) res.setHeader('Retry-After', '60');
    // A handler may have declared its page cacheable before failing; an error page is never stored.
    res.setHeader('Cache-Control', errorPolicy(req.method, status));
    res.removeHeader('ETag');
    // Only our own HttpError (or a body-parser error marked expose) has a message meant for readers.
    const safeMessage = err.name === 'HttpError' || (status < 500 && err.expose) ? err.message : undefined;
    const fallback = databaseTrouble
      ? 'We cannot save anything just now. Reading still works; please try again in a few minutes.'
      : status >= 500
        ? 'Something went wrong on our side. Please try again in a moment.'
        : 'The request could not be understood.';
    const locals = {
      title: errorTitles[status] ?? (status >= 500 ? 'Something went wrong' : 'Bad request'),
      status,
      message: safeMessage ?? fallback,
      stack: config.showErrorDetails ? err.stack : undefined,
    };
    // Rendered with a callback so a broken template still ends in a plain answer, never Express's own
    // error page (which prints the stack outside production).
    res.status(status).render('pages/error', locals, (renderError: Error | null, html?: string) => {
      if (!renderError) return res.send(html);
      log.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send(`${status} ${locals.title}\n`);
    });
  });

  // Stored pages, search results and in-memory assets are answered before Express's router (hit-lane.ts).
  const lane = createHitLane({ pages, searchPages, asset: manifest.prepared, headers, logger, trustProxy: app.get('trust proxy fn') });
  const site = (req: IncomingMessage, res: ServerResponse) => {
    let answered = false;
    try {
      answered = lane(req, res);
    } catch {
      // Express meets the same failure in its own chain and answers it with the error page and a log line.
    }
    if (!answered) app(req as Request, res as Response);
  };
  return Object.assign(site, { express: app });
}

const errorTitles: Record<number, string> = {
  403: 'Forbidden',
  404: 'Page not found',
  405: 'Method not allowed',
  408: 'Request timed out',
  413: 'Submission too large',
  414: 'Address too long',
  415: 'Unsupported submission',
  429: 'Too many requests',
  503: 'Temporarily unavailable',
};
