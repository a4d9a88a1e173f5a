import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { NextFunction, Request, Response } from 'express';
import { countChanges, findNextPublicationTs, findPageVersion, listPageInvalidationsSince } from '../db/freshness.js';
import { cacheControl } from './cache-control.js';
import { answersNotModified, createRepresentation, liveSlot, representationBytes, sendRepresentation, type Representation } from './representation.js';

/**
 * A live fragment renders, per request, the small piece of HTML that goes where a template printed
 * `liveSlot('NAME')` in a cached page (the visit counter). It must be synchronous and cheap, and it must escape what it prints: its
 * result is sent as HTML. It runs for every request the page answers, HEADs and 304s included; for a 304
 * (page.notModified) its result is not sent, so it may skip printing.
 */
export type LiveFragment = (req: IncomingMessage, page: LivePage) => string;

/** What a live fragment knows about the page it fills: its cache key and the context its handler gave. */
export interface LivePage {
  readonly key: string;
  readonly context: Readonly<Record<string, string | number>>;
  /**
   * false when the request asked for another URL than the page's own (a parameter the page ignores, another
   * spelling of the path): the page is shown but, say, not counted as a view. A stored page always is.
   */
  readonly canonical?: boolean;
  /** true when the answer is a 304: the client revalidated a copy it holds, and nothing will be printed. */
  readonly notModified?: boolean;
}

/** How a handler describes the page it sends. */
export interface PageOptions {
  /** The page's canonical path (plus ?page=N): it is stored only when the request asked for exactly this. */
  key: string;
  /** Handed to live fragments, e.g. { articleId: 12 }. */
  context?: Readonly<Record<string, string | number>>;
  /** When the stored page stops being true by the clock alone (comments close), epoch ms. */
  expiresTs?: number | undefined;
  /** The Cache-Control of the stored answer; pages by default (see cache-control.ts). */
  policy?: string;
  /** Extra headers stored and sent with the page (e.g. surrogate keys for the edge cache). */
  headers?: Readonly<Record<string, string>>;
  /**
   * The page whose invalidation also drops this answer (an article's edge fragment belongs to the article);
   * defaults to key.
   */
  belongsTo?: string;
}

/** Counters for tests and the benchmark. */
export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** A stored answer found for a request, to be sent with PageCache.answer. */
export interface StoredPage {
  readonly entry: unknown;
}

/**
 * The rendered-page cache: serve answers hits (or lookup then answer, outside Express); render and send
 * store and answer misses.
 */
export interface PageCache {
  serve(req: Request, res: Response, next: NextFunction): void;
  /** The stored answer to a GET or HEAD of url (by default req.url), if there is a fresh one; counts the hit. */
  lookup(req: IncomingMessage, url?: string): StoredPage | undefined;
  /** Renders a stored answer's live fragments for this request (counting an article's view). */
  fill(req: IncomingMessage, page: StoredPage): string[];
  /** Sends a stored answer with its filled fragments. */
  answer(req: IncomingMessage, res: ServerResponse, page: StoredPage, fragments: readonly string[]): void;
  render(req: Request, res: Response, view: string, locals: object, options: PageOptions): Promise<void>;
  send(req: Request, res: Response, body: string, options: PageOptions & { type: string }): void;
  stats(): PageCacheStats;
}

export interface PageCacheOptions {
  db: Database;
  now: () => number;
  maxBytes: number;
  live?: Readonly<Record<string, LiveFragment>>;
  /**
   * variant names the version of a page a request gets when one URL has several (an edge cache that
   * assembles includes gets the page with includes): each is stored apart. Defaults to one version.
   */
  variant?: (req: IncomingMessage) => string;
  /**
   * How often to look for changes made by other processes (ms of real time, whatever the injected clock
   * says); this process's own writes are seen at once.
   */
  checkIntervalMs?: number;
}

interface Entry {
  key: string;
  /** The page whose invalidation drops this entry. */
  belongsTo: string;
  rep: Representation;
  context: Readonly<Record<string, string | number>>;
  headers: Readonly<Record<string, string>>;
  expiresTs: number;
  bytes: number;
}

// Parameters that only tell analytics where a reader came from: a viral link carries them, and the page
// is the same with or without them.
const trackingParam = /^(?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)$/;

/**
 * pageKey is the cache key of a request URL: the path plus the query without tracking parameters. A route
 * that varies on any other parameter is therefore never confused with another: its key includes it.
 */
export function pageKey(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) if (trackingParam.test(name)) params.delete(name);
  const query = params.toString();
  return query ? `${url.slice(0, q)}?${query}` : url.slice(0, q);
}

/**
 * createPageCache builds the cache of rendered pages: an LRU bounded by bytes (compressed variants
 * included), keyed by pageKey, emptied when the invalidation log says content changed and when a scheduled
 * piece goes public. Pages are rendered once per change, not once per request.
 */
export function createPageCache({ db, now, maxBytes, live = {}, variant = () => '', checkIntervalMs = 100 }: PageCacheOptions): PageCache {
  // Map keeps insertion order, so its first key is the least recently used once hits re-insert theirs.
  const entries = new Map<string, Entry>();
  const liveNames = new Set(Object.keys(live));
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let seenVersion = findPageVersion(db);
  let seenChanges = countChanges(db);
  let nextCheckAt = performance.now() + checkIntervalMs;
  let lastRefreshAt = now();
  let expiresAt = findNextPublicationTs(db, now()) ?? Infinity;

  const clear = (at: number) => {
    entries.clear();
    bytes = 0;
    expiresAt = findNextPublicationTs(db, at) ?? Infinity;
  };

  // Entries are stored under variant + key; what a change makes stale is decided by the page they belong to.
  const drop = (path: string) => {
    for (const [key, entry] of entries) {
      if (entry.belongsTo === path || entry.belongsTo.startsWith(`${path}?`)) {
        entries.delete(key);
        bytes -= entry.bytes;
      }
    }
  };

  // Reading the log costs a file lock (a syscall), so it is read when this connection wrote something
  // (total_changes moved: an in-process import or approval), or after checkIntervalMs for other processes.
  const refresh = () => {
    const at = now();
    // A clock that stepped back (a corrected system clock, a test) may un-publish scheduled pieces.
    if (at < lastRefreshAt) clear(at);
    lastRefreshAt = at;
    const changes = countChanges(db);
    const tick = performance.now();
    if (tick < nextCheckAt && changes === seenChanges && at < expiresAt) return;
    seenChanges = changes;
    nextCheckAt = tick + checkIntervalMs;
    const version = findPageVersion(db);
    if (version !== seenVersion) {
      const log = listPageInvalidationsSince(db, seenVersion);
      // A gap means rows this process never read were pruned: start afresh rather than guess.
      const complete = version > seenVersion && log[0]?.version === seenVersion + 1;
      if (!complete || log.some((row) => row.path === null)) clear(at);
      else for (const row of log) drop(row.path!);
      seenVersion = version;
    }
    if (at >= expiresAt) clear(at);
  };

  const evict = () => {
    for (const [key, entry] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(key);
      bytes -= entry.bytes;
    }
  };

  // A fragment is told when the answer will be a 304 (no body): the visit counter counts a revalidation apart.
  const fill = (req: IncomingMessage, entry: Entry, page: LivePage = entry, status = 200) => {
    if (entry.rep.slots.length === 0) return [];
    const notModified = status === 200 && answersNotModified(req, entry.rep, entry.headers['Last-Modified']);
    const filled = notModified ? { key: page.key, context: page.context, canonical: page.canonical, notModified } : page;
    return entry.rep.slots.map((name) => live[name]!(req, filled));
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: Entry,
    storedKey: string,
    stored: boolean,
    fragments: readonly string[] = fill(req, entry, entry, res.statusCode),
  ) => {
    for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
    sendRepresentation(req, res, entry.rep, fragments);
    // A compressed variant made for this request is kept, and counted.
    if (stored && entries.get(storedKey) === entry) {
      const grown = representationBytes(entry.rep) - entry.bytes;
      if (grown > 0) {
        entry.bytes += grown;
        bytes += grown;
        evict();
      }
    }
  };

  // slotNonce is given only by render, for the markers its template printed: a body sent as it is (a feed)
  // has no live slots, whatever its text says.
  const send = (req: Request, res: Response, body: string, options: PageOptions & { type: string }, slotNonce?: string) => {
    // Only a 200 for the canonical URL is stored and shared, so variants (percent-encodings, junk
    // parameters, a form sent back with errors) can neither fill the cache nor be kept by anyone else's.
    const store =
      (req.method === 'GET' || req.method === 'HEAD') && res.statusCode === 200 && pageKey(req.originalUrl) === options.key;
    const rep = createRepresentation(body, {
      type: options.type,
      cacheControl: store ? (options.policy ?? cacheControl.page) : cacheControl.private,
      live: liveNames,
      slotNonce,
    });
    const entry: Entry = {
      key: options.key,
      belongsTo: options.belongsTo ?? options.key,
      rep,
      context: options.context ?? {},
      headers: options.headers ?? {},
      expiresTs: options.expiresTs ?? Infinity,
      bytes: representationBytes(rep),
    };
    const stored = variant(req) + entry.key;
    if (store && entry.bytes * 4 <= maxBytes) {
      const previous = entries.get(stored);
      if (previous) bytes -= previous.bytes;
      entries.delete(stored);
      entries.set(stored, entry);
      bytes += entry.bytes;
      evict();
    }
    misses += 1;
    res.setHeader('X-Page-Cache', store ? 'miss' : 'pass');
    const canonical = pageKey(req.originalUrl) === options.key;
    answer(req, res, entry, stored, store, fill(req, entry, { key: entry.key, context: entry.context, canonical }, res.statusCode));
  };

  const lookup = (req: IncomingMessage, url = req.url ?? ''): (StoredPage & { entry: Entry; key: string }) | undefined => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    refresh();
    const key = variant(req) + pageKey(url);
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expiresTs <= now()) {
      bytes -= entry.bytes;
      return undefined;
    }
    // Re-inserted, so the Map's order stays least recently used first.
    entries.set(key, entry);
    hits += 1;
    return { entry, key };
  };

  const answerHit = (req: IncomingMessage, res: ServerResponse, page: StoredPage, fragments?: readonly string[]) => {
    const { entry, key } = page as StoredPage & { entry: Entry; key: string };
    res.setHeader('X-Page-Cache', 'hit');
    answer(req, res, entry, key, true, fragments);
  };

  return {
    serve(req, res, next) {
      // Express rewrites req.url inside mounted routers; the key is always made from what the client asked.
      const page = lookup(req, req.originalUrl);
      if (page) return answerHit(req, res, page);
      // Whatever answers next (a route, a static file, an error) sets its own policy; this is the safe default.
      res.setHeader('Cache-Control', cacheControl.private);
      next();
    },
    lookup,
    fill: (req, page) => fill(req, (page as StoredPage & { entry: Entry }).entry),
    answer: answerHit,
    render(req, res, view, locals, options) {
      // Handlers gather their data synchronously before calling this, and EJS renders synchronously with
      // the view cache on, so no invalidation can slip in between reading the data and storing the page.
      // Each render's markers carry a nonce of its own, drawn after the handler read the content, so no
      // text of a piece, a feed entry or a comment can name a slot (issue 17).
      const nonce = randomBytes(16).toString('hex');
      const slotted = { ...locals, liveSlot: (name: string) => liveSlot(name, nonce) };
      return new Promise((resolve, reject) => {
        res.render(view, slotted, (error: Error | null, html: string) => {
          if (error) return reject(error);
          try {
            send(req, res, html, { ...options, type: 'text/html; charset=utf-8' }, nonce);
            resolve();
          } catch (sendError) {
            reject(sendError as Error);
          }
        });
      });
    },
    send: (req, res, body, options) => send(req, res, body, options),
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
