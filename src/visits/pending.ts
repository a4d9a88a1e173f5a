import type { VisitTally } from '../db/visits.js';

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
