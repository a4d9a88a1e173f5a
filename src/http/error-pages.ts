import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import { describeDatabaseError } from '../db/trouble.js';
import { surrogateKeyHeader, surrogateKeys } from '../edge-cache/surrogate.js';
import type { Logger } from '../log.js';
import { errorPolicy } from '../cache-control.js';
import { requestLogger } from './request-log.js';

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

/** notFound is the one 404 for every kind of miss: unknown path, slug, page, draft or scheduled piece. */
export function notFound() {
  return (req: Request, res: Response) => {
    res.setHeader('Cache-Control', errorPolicy(req.method, 404));
    // The edge keeps a 404 a minute; a piece published meanwhile purges this key.
    res.set(surrogateKeyHeader([surrogateKeys.notFound]));
    res.status(404).render('pages/error', {
      title: errorTitles[404],
      status: 404,
      message: 'We could not find that page. It may have moved, or the address may be mistyped.',
      stack: undefined,
    });
  };
}

type RequestError = Error & { status?: number; statusCode?: number; expose?: boolean };

/**
 * errorPage is the one error handler: the status (503 for database trouble), one log line for a 5xx, and
 * the error page, with the stack only when config.showErrorDetails.
 */
export function errorPage(config: Pick<Config, 'showErrorDetails'>, logger: Logger) {
  return (err: RequestError, req: Request, res: Response, next: NextFunction) => {
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
  };
}
