import type { Database } from 'better-sqlite3';
import type { Request, Response, NextFunction } from 'express';
import { checkDatabaseFile } from '../db/trouble.js';
import { HttpError } from '../http-error.js';

/** The limits requestGuards enforces before any route runs. */
export interface RequestLimits {
  /** Longest accepted path plus query, in characters. */
  readonly maxUrlLength: number;
  /** Largest accepted request body, in bytes, as announced by Content-Length. */
  readonly maxBodyBytes: number;
}

/** defaultRequestLimits: no Broadsheet URL comes near 2,000 characters, and a comment form is a few kilobytes. */
export const defaultRequestLimits: RequestLimits = { maxUrlLength: 2048, maxBodyBytes: 64 * 1024 };

// The site reads pages (GET, HEAD), answers OPTIONS, and takes form posts; nothing else exists here.
const allowedMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'POST']);
export const allowHeader = 'GET, HEAD, POST';
// A DNS name or IPv4 address, or a bracketed IPv6 literal, each with an optional port (RFC 9110 §7.2).
const validHost = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
// Without client JavaScript, the only bodies a reader's browser sends us are HTML form posts.
const formType = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * requestGuards refuses requests no page of ours could answer, before routing: unknown methods (405),
 * over-long URLs (414), malformed Host headers (400), oversized bodies (413) and posts that are not
 * HTML forms (415). Each becomes an HttpError, so the reader sees the site's error page.
 */
export function requestGuards(limits: RequestLimits = defaultRequestLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!allowedMethods.has(req.method)) {
      res.setHeader('Allow', allowHeader);
      throw new HttpError(405, 'This address cannot be used that way.');
    }
    if (req.originalUrl.length > limits.maxUrlLength) throw new HttpError(414, 'That address is too long.');
    const host = req.headers.host;
    if (host !== undefined && !validHost.test(host)) throw new HttpError(400, 'The request named an invalid host.');
    // Node keeps the first of several Host headers; a proxy may have used another (RFC 9112 §3.2 says 400).
    if (req.rawHeaders.filter((_, i) => i % 2 === 0 && /^host$/i.test(req.rawHeaders[i]!)).length > 1) {
      throw new HttpError(400, 'The request named more than one host.');
    }
    const length = req.headers['content-length'];
    if (length !== undefined && !(Number(length) <= limits.maxBodyBytes)) {
      // The body is never read, so this connection cannot carry another request.
      res.setHeader('Connection', 'close');
      throw new HttpError(413, 'That submission is too large.');
    }
    if (req.method === 'POST' && !formType.test(req.headers['content-type'] ?? '')) {
      res.setHeader('Connection', 'close');
      throw new HttpError(415, 'Only web forms can be submitted here.');
    }
    next();
  };
}

/**
 * refuseWritesWithoutDatabase answers 503 to any form post once the database file has gone missing:
 * SQLite would otherwise accept the write into the deleted file and lose it at the next restart.
 */
export function refuseWritesWithoutDatabase(db: Database) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const problem = checkDatabaseFile(db);
    if (!problem) return next();
    res.setHeader('Retry-After', '60');
    throw new HttpError(503, 'We cannot save anything just now. Reading still works; please try again in a few minutes.', {
      cause: new Error(problem),
    });
  };
}
