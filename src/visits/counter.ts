import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { deleteVisitorsBefore, findVisitTotals, insertVisitTallies, listMostRead, type MostRead } from '../db/visits.js';
import { describeDatabaseError } from '../db/trouble.js';
import { dayIn, daysBefore } from './day.js';
import { stderrLogger, type Logger } from '../log.js';
import { addView, pendingViews, talliesOf, type Pending } from './pending.js';
import { dailySalt } from './salt.js';

/** Who is reading, as far as counting needs to know: the client's address, never stored. */
export interface Visitor {
  ip: string;
}

/** What the counter line shows: page views ever, distinct visitors today. */
export interface VisitCounts {
  views: number;
  today: number;
}

/** The visit counter: tallies views in memory and writes them to the database in batches. */
export interface VisitCounter {
  /**
   * record counts one human page view of an article; an id that names no article is ignored. A revalidation
   * (the reader's browser already holds the page, answered 304) counts only from a visitor not yet counted
   * for that piece today: a reader coming back tomorrow is a view, a client revalidating in a loop is one.
   */
  record(articleId: number, visitor: Visitor, revalidation?: boolean): void;
  /** counts returns stored plus not-yet-flushed counts, so a reader sees their own visit at once. */
  counts(articleId: number): VisitCounts;
  /** mostRead lists the pieces with the most views over the last seven days, today included. */
  mostRead(limit: number): MostRead[];
  /**
   * flush writes pending tallies in one transaction. When the database refuses writes (locked, read-only,
   * full) they stay pending for the next try; a tally it refuses alone is dropped so that it cannot block the
   * others, which are written. Either way the flush throws, saying what was kept or dropped.
   */
  flush(): void;
  /**
   * close stops the timer and flushes; call it after the HTTP server has finished its last request. It throws
   * when the flush failed, since views still pending then are lost with the process.
   */
  close(): void;
}

/**
 * createVisitCounter returns a counter over db that flushes every config.visitFlushSeconds. "Today" is the
 * calendar day in config.timeZone by the clock now, which tests move to simulate a new day. What it cannot
 * write is reported to logger.
 */
export function createVisitCounter(db: Database, config: Config, now: () => number = Date.now, logger: Logger = stderrLogger()): VisitCounter {
  let pending: Pending = new Map();
  // Stored totals per article, read once per flush interval rather than once per view (see counts).
  let storedTotals: { key: string; byArticle: Map<number, { views: number; visitors: number }> } | undefined;
  let purgedBefore: string | undefined;
  let mostReadCache: { key: string; rows: MostRead[] } | undefined;
  let closed = false;

  const saltFor = dailySalt(db);

  // writeApart writes each article's tallies in a transaction of its own, after the batch failed for a reason
  // that was not the database as a whole: a tally the database refuses is dropped (kept, it would fail every
  // later flush and hold every later view in memory) and described; the others are written.
  const writeApart = (): string[] => {
    const dropped: string[] = [];
    for (const [articleId, days] of [...pending]) {
      try {
        insertVisitTallies(db, talliesOf(new Map([[articleId, days]])));
      } catch (error) {
        // The database itself failing now: what is not written yet stays pending.
        if (describeDatabaseError(error)) throw error;
        dropped.push(`${pendingViews(new Map([[articleId, days]]))} views of article ${articleId} (${(error as Error).message})`);
      }
      pending.delete(articleId);
    }
    return dropped;
  };

  const flush = () => {
    const today = dayIn(config.timeZone, now());
    let dropped: string[] = [];
    if (pending.size > 0) {
      // Synchronous from here to the reset: no record() can slip in between and be lost.
      try {
        insertVisitTallies(db, talliesOf(pending));
        pending = new Map();
      } catch (error) {
        // A locked, read-only or full database refuses every tally alike: all stay for the next try.
        if (describeDatabaseError(error)) throw error;
        dropped = writeApart();
      } finally {
        mostReadCache = undefined;
        storedTotals = undefined;
      }
    }
    if (purgedBefore !== today) {
      // Housekeeping, not counting: a database refusing it loses no view, so it is retried, never thrown.
      try {
        deleteVisitorsBefore(db, today);
        purgedBefore = today;
      } catch (error) {
        logger.warn({ problem: (error as Error).message }, "visit counter: past days' visitor hashes not deleted yet, trying again next flush");
      }
    }
    if (dropped.length > 0) throw new Error(`refused and dropped, the other tallies written: ${dropped.join('; ')}`);
  };

  const safeFlush = () => {
    try {
      flush();
    } catch (error) {
      logger.error({ problem: (error as Error).message, pendingViews: pendingViews(pending) }, 'visit counter: flush failed, pending views kept for the next try');
    }
  };

  const timer = setInterval(safeFlush, config.visitFlushSeconds * 1000);
  // The timer must not keep a finished process alive; close() does the last flush.
  timer.unref();

  return {
    record(articleId, visitor, revalidation = false) {
      // Only a page's own context names an article; anything else would be a tally no flush can write.
      if (!Number.isSafeInteger(articleId) || articleId <= 0) return;
      const day = dayIn(config.timeZone, now());
      let daySalt: string | undefined;
      try {
        daySalt = saltFor(day);
      } catch (error) {
        // The database refused today's salt (locked, read-only): still count the view, not the visitor.
        logger.error({ problem: (error as Error).message, day }, 'visit counter: no salt for the day, counting the view only');
      }
      // Exact pending visitors: counts() shows them before the flush writes them.
      addView(db, pending, { articleId, day, daySalt, ip: visitor.ip, revalidation }, { exactPending: true });
      // After close() there is no timer: write at once rather than hold views nobody will flush.
      if (closed) safeFlush();
    },
    counts(articleId) {
      const ts = now();
      const day = dayIn(config.timeZone, ts);
      // Stored totals only change when a flush lands: ours (which clears this), or another process's, which
      // is seen within one flush interval, as its pending views are.
      const key = `${day}|${Math.floor(ts / (config.visitFlushSeconds * 1000))}`;
      if (storedTotals?.key !== key) storedTotals = { key, byArticle: new Map() };
      let stored = storedTotals.byArticle.get(articleId);
      if (!stored) storedTotals.byArticle.set(articleId, (stored = findVisitTotals(db, articleId, day)));
      let views = stored.views;
      let today = stored.visitors;
      for (const [tallyDay, t] of pending.get(articleId) ?? []) {
        views += t.views;
        if (tallyDay === day) today += t.hashes.size;
      }
      return { views, today };
    },
    mostRead(limit) {
      const ts = now();
      const day = dayIn(config.timeZone, ts);
      // The ranking only changes when a flush lands (ours, or another process's), so it is computed at most
      // once per flush interval, day and limit, and again after each of our own flushes.
      const key = `${day}|${limit}|${Math.floor(ts / (config.visitFlushSeconds * 1000))}`;
      if (mostReadCache?.key !== key) mostReadCache = { key, rows: listMostRead(db, daysBefore(day, 6), limit, ts) };
      return mostReadCache.rows;
    },
    flush,
    close() {
      clearInterval(timer);
      closed = true;
      try {
        flush();
      } catch (error) {
        const pendingNow = pendingViews(pending);
        const lost = pendingNow > 0 ? `, ${pendingNow} views still pending are lost` : '';
        throw new Error(`visit counts not all written at close${lost}: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
