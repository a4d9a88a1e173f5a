import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { clientNetwork } from '../client-network.js';
import { findVisitorHash, type VisitTally } from '../db/visits.js';

/** One article's views on one day not yet written: today's new visitors (hashes) and those found stored. */
export interface PendingTally {
  views: number;
  hashes: Map<string, Buffer>;
  stored: Set<string>;
}

/**
 * Views not yet written, per article, then per day: a page render adds up one article's pending tallies
 * without a full scan. stored holds visitors found already counted, so a returning reader costs one
 * database lookup per flush interval rather than one per view.
 */
export type Pending = Map<number, Map<string, PendingTally>>;

/** talliesOf turns pending views into the rows a flush writes. */
export function talliesOf(pending: Pending): VisitTally[] {
  const tallies: VisitTally[] = [];
  for (const [articleId, days] of pending) {
    for (const [day, t] of days) tallies.push({ articleId, day, views: t.views, hashes: [...t.hashes.values()] });
  }
  return tallies;
}

/** pendingViews counts the views not yet written. */
export function pendingViews(pending: Pending): number {
  let views = 0;
  for (const days of pending.values()) for (const t of days.values()) views += t.views;
  return views;
}

/** One counted view to add to pending tallies: whose (their address, never kept), of what, on which day. */
export interface ViewToAdd {
  articleId: number;
  day: string;
  /** The day's secret salt, or undefined when the database could not give one (the view counts, the visitor not). */
  daySalt: string | undefined;
  ip: string;
  /** A 304: counts only from a visitor not yet counted for the piece that day. */
  revalidation: boolean;
}

/**
 * addView adds one view to pending, the one place a view is tallied: the origin's counter (counter.ts) and
 * the edge-log ingest (edge-log-ingest.ts) both call it, so a visitor is recognised and a revalidation
 * counted the same way whichever saw the request. A visitor already stored for the day is looked up only where
 * it changes something: for a revalidation (counted only from a new visitor), and with options.exactPending,
 * for a counter that shows pending visitors before they are written. Otherwise the write itself tells new
 * visitors from known ones (insertVisitTallies counts only hashes new to the table).
 */
export function addView(db: Database, pending: Pending, view: ViewToAdd, options: { exactPending?: boolean } = {}): void {
  const { articleId, day, daySalt } = view;
  let days = pending.get(articleId);
  if (!days) pending.set(articleId, (days = new Map()));
  let tally = days.get(day);
  if (!tally) days.set(day, (tally = { views: 0, hashes: new Map(), stored: new Set() }));
  let newToday = false;
  if (daySalt) {
    // The secret daily salt before the visitor's network: a keyed hash (no length-extension concern, the
    // salt is never shown) that cannot be reversed once the salt is deleted. One SHA-256 call costs an
    // eighth of an HMAC object, and this runs on every view. The user agent is left out: a client chooses
    // it freely, so a rotating one would count as a new visitor per request (issue 17).
    const key = hash('sha256', `${daySalt}\n${clientNetwork(view.ip)}`, 'hex').slice(0, 32);
    if (!tally.hashes.has(key) && !tally.stored.has(key)) {
      const bytes = Buffer.from(key, 'hex');
      const lookUp = view.revalidation || options.exactPending === true;
      if (lookUp && findVisitorHash(db, day, articleId, bytes)) tally.stored.add(key);
      else {
        tally.hashes.set(key, bytes);
        newToday = true;
      }
    }
  }
  if (!view.revalidation || newToday) tally.views += 1;
}
