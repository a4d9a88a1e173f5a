import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/**
 * One row of the invalidation log (migration 0005): a page path, or null for every page. Triggers write it
 * in the same transaction as the change, so readers here only ever read.
 */
export interface PageInvalidation {
  version: number;
  path: string | null;
}

/** findPageVersion returns the newest invalidation version, or 0 before the first. */
export function findPageVersion(db: Database): number {
  return statement<[], { v: number | null }>(db, `SELECT max(version) AS v FROM page_invalidations`).get()!.v ?? 0;
}

/** listPageInvalidationsSince returns the invalidations newer than version, oldest first. */
export function listPageInvalidationsSince(db: Database, version: number): PageInvalidation[] {
  return statement<[number], PageInvalidation>(
    db,
    `SELECT version, path FROM page_invalidations WHERE version > ? ORDER BY version`,
  ).all(version);
}

/** findNextPublicationTs returns when the next scheduled piece goes public after now, if any. */
export function findNextPublicationTs(db: Database, now: number): number | undefined {
  return (
    statement<[number], { ts: number | null }>(
      db,
      `SELECT min(published_ts) AS ts FROM articles WHERE draft = 0 AND published_ts > ?`,
    ).get(now)!.ts ?? undefined
  );
}

/** countChanges returns how many rows this connection has written since it opened: a syscall-free change check. */
export function countChanges(db: Database): number {
  return statement<[], { n: number }>(db, `SELECT total_changes() AS n`).get()!.n;
}
