import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, NextFunction } from 'express';
import { requestLineLogger, scrubText, type Logger } from '../log.js';
import { withoutPreviewToken } from '../urls.js';

// An id from a proxy in front of us is kept so one request can be followed across both logs; anything that
// could smuggle text into a log line is replaced by our own. Only a trusted proxy's id is kept: a client's
// own would be echoed to it, and by a cache in front to every reader of the page (issue 17).
const validRequestId = /^[A-Za-z0-9._:-]{1,64}$/;
const maxLoggedUrl = 300;

/** Whether the peer at address, hop steps away from us, is a proxy we believe (Express's compiled `trust proxy`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * logRequest gives a request its id (echoed as X-Request-Id, taken from a trusted proxy's) and writes one summary line when the response
 * ends: method, path and query (emails scrubbed), status, duration and size, never the client's address,
 * its headers or the body. It returns the id. The hit lane and requestLog share it, so every response is
 * logged alike, whichever answered it.
 */
export function logRequest(req: IncomingMessage, res: ServerResponse, lines: Logger, trustProxy: TrustProxy): string {
  const incoming = req.headers['x-request-id'];
  const fromProxy = typeof incoming === 'string' && validRequestId.test(incoming) && trustProxy(req.socket.remoteAddress ?? '', 0);
  const reqId = fromProxy ? incoming : randomUUID();
  res.setHeader('X-Request-Id', reqId);
  // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const started = process.hrtime.bigint();
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const line = {
      reqId,
      method: req.method,
      // A preview link's token is its password: a log line must not hand it on (issue 20).
      url: scrubText(withoutPreviewToken(target)).slice(0, maxLoggedUrl),
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
      bytes: Number(res.getHeader('content-length')) || undefined,
      aborted: res.writableFinished ? undefined : true,
    };
    // Load balancers poll /healthz every few seconds; those lines would drown everything else.
    if (res.statusCode === 200 && (target === '/healthz' || target.startsWith('/healthz?'))) lines.debug(line, 'request');
    else lines.info(line, 'request');
  };
  res.on('finish', done);
  res.on('close', done);
  return reqId;
}

/**
 * requestLog is logRequest as the first Express middleware, keeping the id for requestLogger (handlers and
 * the error handler).
 */
export function requestLog(logger: Logger, trustProxy: TrustProxy) {
  const lines = requestLineLogger(logger);
  return (req: Request, res: Response, next: NextFunction) => {
    // The summary line carries the id itself; a child logger is made only if a handler logs (see
    // requestLogger), which saves a pino child per request on the hot path.
    res.locals.requestId = logRequest(req, res, lines, trustProxy);
    res.locals.logger = logger;
    next();
  };
}

/** requestLogger returns a logger whose lines carry the request's id, or the app's logger outside a request. */
export function requestLogger(res: Response, fallback: Logger): Logger {
  const reqId = res.locals.requestId as string | undefined;
  if (reqId === undefined) return fallback;
  res.locals.log ??= (res.locals.logger as Logger).child({ reqId });
  return res.locals.log as Logger;
}
