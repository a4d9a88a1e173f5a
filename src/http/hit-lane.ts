import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLineLogger, scrubText, type Logger } from '../log.js';
import { refusal, type RequestLimits } from './guards.js';
import type { PageCache } from './page-cache.js';
import { logRequest, type TrustProxy } from './request-log.js';
import { sendRepresentation, type Representation } from './representation.js';
import { setHeaders, type Header } from './security-headers.js';

export interface HitLaneDeps {
  /** Rendered pages and feeds. */
  pages: PageCache;
  /** Search results, asked only for /search. */
  searchPages: PageCache;
  /** Fingerprinted assets kept in memory, by path. */
  asset: (path: string) => Representation | undefined;
  /** The headers every response carries (security-headers.ts). */
  headers: readonly Header[];
  logger: Logger;
  /** Which peers' X-Request-Id to keep (the app's trust proxy setting). */
  trustProxy: TrustProxy;
  limits?: RequestLimits;
}

/** A request the lane answered: true. Anything else is left untouched for Express. */
export type HitLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * createHitLane answers what is already prepared (stored pages, feeds, search results and in-memory
 * assets) before Express's router, which costs more than the rest of such an answer. It is the only place a
 * stored page is answered. It does what the Express chain does, with the same code: the request log line
 * and id, the security headers, the guards' rules, then the page cache's answer with its live fragments.
 * Everything else (a miss, a post, anything a guard refuses) is left untouched for Express, which answers
 * it in full. A failure here is logged and the request left to Express, which renders it afresh.
 */
export function createHitLane({ pages, searchPages, asset, headers, logger, trustProxy, limits }: HitLaneDeps): HitLane {
  const lines = requestLineLogger(logger);
  const prepared = (req: IncomingMessage, res: ServerResponse) => {
    logRequest(req, res, lines, trustProxy);
    setHeaders(res, headers);
  };
  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    // Only a read can be answered from what is stored; OPTIONS and posts are the guards' and the routes'.
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (refusal(req, limits)) return false;
    const url = req.url ?? '';
    const cache = isSearch(url) ? searchPages : pages;
    const page = cache.lookup(req);
    if (page) {
      // Filled before anything is set on the response: if a fragment fails, Express answers from scratch.
      const fragments = cache.fill(req, page);
      prepared(req, res);
      cache.answer(req, res, page, fragments);
      return true;
    }
    const query = url.indexOf('?');
    const file = asset(query === -1 ? url : url.slice(0, query));
    if (!file) return false;
    prepared(req, res);
    sendRepresentation(req, res, file);
    return true;
  };
  return (req, res) => {
    try {
      return answer(req, res);
    } catch (err) {
      logger.error({ err, method: req.method, url: scrubText(req.url ?? '').slice(0, 300) }, 'hit lane failed; the Express chain answers afresh');
      // Half an answer cannot be taken back: the connection is closed rather than answered twice.
      if (res.headersSent) res.destroy();
      return res.headersSent;
    }
  };
}

function isSearch(url: string): boolean {
  return url === '/search' || url.startsWith('/search?') || url.startsWith('/search/');
}
