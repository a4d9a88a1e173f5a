import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** What one change-log row names (migration 0008); the log's header comment says what each kind means. */
export type ChangeKind = 'article' | 'author' | 'tag' | 'author-link' | 'tag-link' | 'comments';

/**
 * One row of the change log: what changed, by kind and id, and its slug as it was at the change. Triggers
 * write it in the same transaction as the change, so readers here only ever read.
 */
export interface LoggedChange {
  version: number;
  kind: ChangeKind;
  id: number;
  slug: string;
}

/** findChangeVersion returns the newest change-log version, or 0 before the first. */
export function findChangeVersion(db: Database): number {
  return statement<[], { v: number | null }>(db, `SELECT max(version) AS v FROM change_log`).get()!.v ?? 0;
}

/** findChangeTs returns when the change-log row of version was written, if it is still kept. */
export function findChangeTs(db: Database, version: number): number | undefined {
  return statement<[number], { ts: number }>(db, `SELECT created_ts AS ts FROM change_log WHERE version = ?`).get(version)?.ts;
}

/** listChangesSince returns the change-log rows newer than version, oldest first; at most limit of them, if given. */
export function listChangesSince(db: Database, version: number, limit = -1): LoggedChange[] {
  // SQLite reads a negative LIMIT as none.
  return statement<[number, number], LoggedChange>(
    db,
    `SELECT version, kind, id, slug FROM change_log WHERE version > ? ORDER BY version LIMIT ?`,
  ).all(version, limit);
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
