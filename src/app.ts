import path from 'node:path';
import type { Database } from 'better-sqlite3';
import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import { buildAssetManifest, serveFingerprinted } from './http/assets.js';
import { resolveCommentSecret } from './comments/secret.js';
import { routes } from './routes/index.js';
import { createVisitCounter, type VisitCounter } from './visits/counter.js';

export interface AppDeps {
  db: Database;
  config: Config;
  /** Injectable clock (epoch ms); defaults to Date.now. */
  now?: () => number;
  /** The visit counter; pass one in to flush and close it on shutdown (created here if absent). */
  visits?: VisitCounter;
}

/** createApp assembles the Express app: security headers, static files, routes, 404, errors. It never listens. */
export function createApp({ db, config, now = Date.now, visits = createVisitCounter(db, config, now) }: AppDeps): express.Express {
  const app = express();
  const manifest = buildAssetManifest(path.join(config.rootDir, 'public'));

  app.disable('x-powered-by');
  app.set('views', path.join(config.rootDir, 'views'));
  app.set('view engine', 'ejs');
  // Compile each template once, whatever NODE_ENV says.
  app.set('view cache', true);
  app.set('query parser', 'simple');
  app.locals.site = { name: config.siteName, url: config.siteUrl, description: config.siteDescription };
  app.locals.asset = manifest.url;

  // Order: security headers first so every response, static or error, carries them.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          imgSrc: ["'self'"],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
        },
      },
      // HSTS only means something over HTTPS; sent on plain HTTP it would be ignored or, worse, misleading.
      strictTransportSecurity: config.siteUrl.startsWith('https:') ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    next();
  });
  app.use(serveFingerprinted(manifest));
  app.use(express.static(path.join(config.rootDir, 'public'), { index: false, redirect: false, maxAge: '1h' }));
  app.use(routes({ db, config, now, asset: manifest.url, visits, commentSecret: resolveCommentSecret(db, config) }));

  // Nothing matched: one 404 for every kind of miss (unknown path, slug, page, draft or scheduled piece).
  app.use((_req: Request, res: Response) => {
    res.status(404).render('pages/error', {
      title: 'Page not found',
      status: 404,
      message: 'We could not find that page. It may have moved, or the address may be mistyped.',
      stack: undefined,
    });
  });

  app.use((err: Error & { status?: number; statusCode?: number; expose?: boolean }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const raw = err.status ?? err.statusCode ?? 500;
    const status = Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500;
    if (status >= 500) console.error(`${req.method} ${req.originalUrl} failed:`, err);
    // Only our own HttpError (or a body-parser error marked expose) has a message meant for readers.
    const safeMessage = status < 500 && (err.name === 'HttpError' || err.expose) ? err.message : undefined;
    res.status(status).render('pages/error', {
      title: status >= 500 ? 'Something went wrong' : 'Bad request',
      status,
      message: safeMessage ?? (status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : 'The request could not be understood.'),
      stack: config.showErrorDetails ? err.stack : undefined,
    });
  });
  return app;
}
