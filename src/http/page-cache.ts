import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { Request, Response } from 'express';
import { cacheControl } from '../cache-control.js';
import { pageKey } from '../page-key.js';
import { createPageStore, type StoredEntry } from './page-store.js';
import { answersNotModified, createRepresentation, liveSlot, representationBytes, sendRepresentation } from './representation.js';

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

/** A stored answer found for a request, to be sent with PageCache.answer: the entry and where it is stored. */
export interface StoredPage {
  readonly entry: StoredEntry;
  readonly storedKey: string;
}

/**
 * The rendered-page cache: handlers store pages with render and send; the hit lane (hit-lane.ts), the one
 * place a stored page is answered, asks with lookup, fill and answer.
 */
export interface PageCache {
  /** The stored answer to url (by default req.url), if there is a fresh one; counts the hit. Ask only for a GET or HEAD. */
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
  /** How often to look for other processes' changes (page-store.ts). */
  checkIntervalMs?: number;
}

/**
 * createPageCache builds the cache of rendered pages, keyed by variant and pageKey and kept by a page store
 * (page-store.ts). Pages are rendered once per change, not once per request; live fragments are filled in
 * on every answer.
 */
export function createPageCache({ db, now, maxBytes, live = {}, variant = () => '', checkIntervalMs }: PageCacheOptions): PageCache {
  const store = createPageStore({ db, now, maxBytes, checkIntervalMs });
  const liveNames = new Set(Object.keys(live));
  let hits = 0;
  let misses = 0;

  // A fragment is told when the answer will be a 304 (no body): the visit counter counts a revalidation apart.
  const fill = (req: IncomingMessage, entry: StoredEntry, page: LivePage = entry, status = 200) => {
    if (entry.rep.slots.length === 0) return [];
    const notModified = status === 200 && answersNotModified(req, entry.rep, entry.headers['Last-Modified']);
    const filled = notModified ? { key: page.key, context: page.context, canonical: page.canonical, notModified } : page;
    return entry.rep.slots.map((name) => live[name]!(req, filled));
  };

  const answer = (req: IncomingMessage, res: ServerResponse, entry: StoredEntry, storedKey: string, fragments: readonly string[]) => {
    for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
    sendRepresentation(req, res, entry.rep, fragments);
    // A compressed variant made for this request is kept, and counted.
    store.resize(storedKey, entry, representationBytes(entry.rep));
  };

  // slotNonce is given only by render, for the markers its template printed: a body sent as it is (a feed)
  // has no live slots, whatever its text says.
  const send = (req: Request, res: Response, body: string, options: PageOptions & { type: string }, slotNonce?: string) => {
    // Only a 200 for the canonical URL is stored and shared, so variants (percent-encodings, junk
    // parameters, a form sent back with errors) can neither fill the cache nor be kept by anyone else's.
    const canonical = pageKey(req.originalUrl) === options.key;
    const storable = (req.method === 'GET' || req.method === 'HEAD') && res.statusCode === 200 && canonical;
    const rep = createRepresentation(body, {
      type: options.type,
      cacheControl: storable ? (options.policy ?? cacheControl.page) : cacheControl.private,
      live: liveNames,
      slotNonce,
    });
    const entry: StoredEntry = {
      key: options.key,
      belongsTo: options.belongsTo ?? options.key,
      rep,
      context: options.context ?? {},
      headers: options.headers ?? {},
      expiresTs: options.expiresTs ?? Infinity,
      bytes: representationBytes(rep),
    };
    const storedKey = variant(req) + entry.key;
    if (storable && entry.bytes * 4 <= maxBytes) store.put(storedKey, entry);
    misses += 1;
    res.setHeader('X-Page-Cache', storable ? 'miss' : 'pass');
    answer(req, res, entry, storedKey, fill(req, entry, { key: entry.key, context: entry.context, canonical }, res.statusCode));
  };

  return {
    lookup(req, url = req.url ?? '') {
      const storedKey = variant(req) + pageKey(url);
      const entry = store.get(storedKey);
      if (!entry) return undefined;
      hits += 1;
      return { entry, storedKey };
    },
    fill: (req, page) => fill(req, page.entry),
    answer(req, res, page, fragments) {
      res.setHeader('X-Page-Cache', 'hit');
      answer(req, res, page.entry, page.storedKey, fragments);
    },
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
    stats: () => ({ entries: store.entries(), bytes: store.bytes(), hits, misses }),
  };
}
