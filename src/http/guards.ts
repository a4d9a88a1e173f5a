import type { IncomingMessage } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { Request, Response, NextFunction } from 'express';
import { checkDatabaseFile } from '../db/trouble.js';
import { HttpError } from '../http-error.js';
import { cacheControl } from '../cache-control.js';
import { commentsRoute, edgeLogUrl } from '../urls.js';

/** The limits requestGuards enforces before any route runs. */
export interface RequestLimits {
  /** Longest accepted path plus query, in characters. */
  readonly maxUrlLength: number;
  /** Largest accepted request body, in bytes, as announced by Content-Length. */
  readonly maxBodyBytes: number;
}

/** defaultRequestLimits: no Broadsheet URL comes near 2,000 characters, and a comment form is a few kilobytes. */
export const defaultRequestLimits: RequestLimits = { maxUrlLength: 2048, maxBodyBytes: 64 * 1024 };

// The site reads pages (GET, HEAD), answers OPTIONS, and takes posts at two kinds of address; nothing else.
const allowedMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'POST']);

/** edgeLogBodyBytes is the largest log batch a CDN may push in one request (Logpush and Fastly batch far less). */
export const edgeLogBodyBytes = 16 * 1024 * 1024;

// The only addresses that take a post, from the patterns the URL map routes (a `:name` segment matches any
// one segment), each with the body it takes: the comment forms (an HTML form, limits.maxBodyBytes) and the
// edge log (JSON lines, edgeLogBodyBytes; gzip allowed). Every other address is read.
const routePattern = (route: string) => new RegExp(`^${route.replace(/:\w+/g, '[^/?]+')}(?:\\?|$)`);
const postAddresses: readonly { path: RegExp; type: RegExp; what: string; maxBodyBytes?: number }[] = [
  // Without client JavaScript, the only bodies a reader's browser sends us are HTML form posts.
  { path: routePattern(commentsRoute), type: /^application\/x-www-form-urlencoded\s*(?:;|$)/i, what: 'Only web forms can be submitted here.' },
  {
    path: routePattern(edgeLogUrl),
    type: /^(?:application\/(?:x-ndjson|jsonl|json|x-jsonlines)|text\/plain)\s*(?:;|$)/i,
    what: 'Only JSON lines can be sent here.',
    maxBodyBytes: edgeLogBodyBytes,
  },
];
const postAddress = (url: string) => postAddresses.find((address) => address.path.test(url));

/**
 * allowFor is the Allow header of an address, the one source for its 405 and OPTIONS answers: a comment
 * form and the edge log take POST, everything else GET and HEAD; OPTIONS everywhere.
 */
export function allowFor(url: string): string {
  return postAddress(url) ? 'POST, OPTIONS' : 'GET, HEAD, OPTIONS';
}
// A DNS name or IPv4 address, or a bracketed IPv6 literal, each with an optional port (RFC 9110 §7.2).
const validHost = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Why a request is refused before routing: its status, what readers are told, and headers to add. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * refusal decides whether a request is one no page of ours could answer: an unknown method (405), an
 * over-long URL (414), a malformed or repeated Host header (400), an oversized body (413), a post whose
 * body is not what its address takes (415) or a method the address does not take (405). It only reads the request, so the hit
 * lane and requestGuards share it.
 */
export function refusal(req: IncomingMessage, limits: RequestLimits = defaultRequestLimits): Refusal | undefined {
  const method = req.method ?? '';
  const url = req.url ?? '';
  const notAllowed = { status: 405, message: 'This address cannot be used that way.', headers: { Allow: allowFor(url) } };
  if (!allowedMethods.has(method)) return notAllowed;
  if (url.length > limits.maxUrlLength) return { status: 414, message: 'That address is too long.' };
  const host = req.headers.host;
  if (host !== undefined && !validHost.test(host)) return { status: 400, message: 'The request named an invalid host.' };
  // Node keeps the first of several Host headers; a proxy may have used another (RFC 9112 §3.2 says 400).
  if (req.rawHeaders.filter((_, i) => i % 2 === 0 && /^host$/i.test(req.rawHeaders[i]!)).length > 1) {
    return { status: 400, message: 'The request named more than one host.' };
  }
  const length = req.headers['content-length'];
  const address = method === 'POST' ? postAddress(url) : undefined;
  // The body is never read, so the connection cannot carry another request.
  if (length !== undefined && !(Number(length) <= (address?.maxBodyBytes ?? limits.maxBodyBytes))) {
    return { status: 413, message: 'That submission is too large.', headers: { Connection: 'close' } };
  }
  if (method === 'POST' && !(address ?? postAddresses[0]!).type.test(req.headers['content-type'] ?? '')) {
    return { status: 415, message: (address ?? postAddresses[0]!).what, headers: { Connection: 'close' } };
  }
  if (method !== 'OPTIONS' && !allowFor(url).split(', ').includes(method)) return notAllowed;
  return undefined;
}

/**
 * requestGuards answers every refusal before routing as an HttpError, so the reader sees the site's error
 * page, and answers OPTIONS itself with the same Allow a 405 of that address gives.
 */
export function requestGuards(limits: RequestLimits = defaultRequestLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refused = refusal(req, limits);
    if (!refused && req.method === 'OPTIONS') {
      res.status(204).setHeader('Allow', allowFor(req.url));
      res.setHeader('Cache-Control', cacheControl.private);
      return res.end();
    }
    if (!refused) return next();
    for (const [name, value] of Object.entries(refused.headers ?? {})) res.setHeader(name, value);
    throw new HttpError(refused.status, refused.message);
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
