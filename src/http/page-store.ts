import type { Database } from 'better-sqlite3';
import { countChanges, findChangeVersion, findNextPublicationTs, listChangesSince } from '../db/freshness.js';
import { articleUrl } from '../urls.js';
import type { Representation } from './representation.js';

/** One stored answer: the prepared body and what the page cache sends and fills with it. */
export interface StoredEntry {
  /** The page's canonical key (without the variant). */
  readonly key: string;
  /** The page whose invalidation drops this entry. */
  readonly belongsTo: string;
  readonly rep: Representation;
  readonly context: Readonly<Record<string, string | number>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresTs: number;
  /** What the entry costs in memory; grows as compressed variants are made for it. */
  bytes: number;
}

/** The stored answers, least recently used first, kept within a byte budget and true to the database. */
export interface PageStore {
  /** The fresh entry under key, marked most recently used; undefined when absent, expired or made stale. */
  get(key: string): StoredEntry | undefined;
  /** Stores entry under key, replacing any, and evicts the least recently used beyond the budget. */
  put(key: string, entry: StoredEntry): void;
  /** Counts what entry costs now (a compressed variant was made for it), if it is still the one under key. */
  resize(key: string, entry: StoredEntry, bytes: number): void;
  entries(): number;
  bytes(): number;
}

// How many change-log rows one check reads at most.
const logBatch = 500;

export interface PageStoreOptions {
  db: Database;
  now: () => number;
  maxBytes: number;
  /**
   * How often to look for changes made by other processes (ms of real time, whatever the injected clock
   * says); this process's own writes are seen at once.
   */
  checkIntervalMs?: number;
}

/**
 * createPageStore keeps stored answers in an LRU bounded by bytes, emptied when the change log says content
 * changed and when a scheduled piece goes public. It decides only what is still true to keep; what
 * to store and how to answer is the page cache's (page-cache.ts).
 */
export function createPageStore({ db, now, maxBytes, checkIntervalMs = 100 }: PageStoreOptions): PageStore {
  // Map keeps insertion order, so its first key is the least recently used once hits re-insert theirs.
  const entries = new Map<string, StoredEntry>();
  let bytes = 0;
  let seenVersion = findChangeVersion(db);
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
    const version = findChangeVersion(db);
    if (version !== seenVersion) {
      // An import logs tens of thousands of rows, any one of which empties the cache: a full batch is taken as
      // "everything changed" rather than read to the end.
      const log = listChangesSince(db, seenVersion, logBatch);
      // A gap means rows this process never read were pruned: start afresh rather than guess.
      const complete = version > seenVersion && log[0]?.version === seenVersion + 1;
      // Comments show on their article's page only; anything else may show on any page (cards, bylines, lists).
      if (!complete || log.length === logBatch || log.some((row) => row.kind !== 'comments')) clear(at);
      else for (const row of log) drop(articleUrl(row.slug));
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

  return {
    get(key) {
      refresh();
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresTs <= now()) {
        bytes -= entry.bytes;
        return undefined;
      }
      // Re-inserted, so the Map's order stays least recently used first.
      entries.set(key, entry);
      return entry;
    },
    put(key, entry) {
      const previous = entries.get(key);
      if (previous) bytes -= previous.bytes;
      entries.delete(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      evict();
    },
    resize(key, entry, size) {
      const grown = size - entry.bytes;
      if (grown <= 0 || entries.get(key) !== entry) return;
      entry.bytes = size;
      bytes += grown;
      evict();
    },
    entries: () => entries.size,
    bytes: () => bytes,
  };
}
