import type { Database } from 'better-sqlite3';
import { countCommentsByStatus } from '../db/comments.js';
import { findVisitTotals } from '../db/visits.js';
import { dayIn } from '../visits/day.js';

/**
 * engagementLines gathers the reader-engagement lines `show` prints for a piece: views (as flushed by the
 * server, so up to VISIT_FLUSH_SECONDS behind the site) and comment counts by status.
 */
export function engagementLines(db: Database, articleId: number, timeZone: string, now: number): [label: string, value: string][] {
  const visits = findVisitTotals(db, articleId, dayIn(timeZone, now));
  const comments = countCommentsByStatus(db, articleId);
  return [
    ['Visits', `${visits.views} in all, ${visits.visitors} distinct visitor${visits.visitors === 1 ? '' : 's'} today`],
    ['Comments', `${comments.approved} approved, ${comments.pending} pending, ${comments.spam} spam, ${comments.rejected} rejected`],
  ];
}
