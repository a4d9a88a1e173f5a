import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { scrubText, type Logger } from '../log.js';

// An id from a proxy in front of us is kept so one request can be followed across both logs; anything that
// could smuggle text into a log line is replaced by our own.
const validRequestId = /^[A-Za-z0-9._:-]{1,64}$/;
const maxLoggedUrl = 300;

/**
 * requestLog gives each request an id (echoed as X-Request-Id), kept for requestLogger (handlers and
 * the error handler), and one summary line when the response ends.
 * It logs method, path and query (emails scrubbed), status, duration and size: never the client's
 * address, its headers or the body.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const reqId = incoming && validRequestId.test(incoming) ? incoming : randomUUID();
    // The summary line carries the id itself; a child logger is made only if a handler logs (see
    // requestLogger), which saves a pino child per request on the hot path.
    res.locals.requestId = reqId;
    res.locals.logger = logger;
    res.setHeader('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const url = scrubText(req.originalUrl).slice(0, maxLoggedUrl);
      const line = {
        method: req.method,
        url,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        bytes: Number(res.getHeader('content-length')) || undefined,
        aborted: res.writableFinished ? undefined : true,
      };
      // Load balancers poll /healthz every few seconds; those lines would drown everything else.
      if (req.path === '/healthz' && res.statusCode === 200) logger.debug({ reqId, ...line }, 'request');
      else logger.info({ reqId, ...line }, 'request');
    };
    res.on('finish', done);
    res.on('close', done);
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
