import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** How far one request log has been read and counted (migration 0010). */
export interface EdgeLogCheckpoint {
  identity: string;
  path: string;
  byteOffset: number;
  lines: number;
  badLines: number;
}

/** findEdgeLogCheckpoint returns where the log with this identity was read up to, if it was read before. */
export function findEdgeLogCheckpoint(db: Database, identity: string): EdgeLogCheckpoint | undefined {
  return statement<[string], EdgeLogCheckpoint>(
    db,
    `SELECT identity, path, byte_offset AS byteOffset, lines, bad_lines AS badLines FROM edge_log_checkpoints WHERE identity = ?`,
  ).get(identity);
}

/** upsertEdgeLogCheckpoint records how far a log has been counted; call it in the transaction that counted it. */
export function upsertEdgeLogCheckpoint(db: Database, checkpoint: EdgeLogCheckpoint, now: number): void {
  statement(
    db,
    `INSERT INTO edge_log_checkpoints (identity, path, byte_offset, lines, bad_lines, updated_ts)
     VALUES (@identity, @path, @byteOffset, @lines, @badLines, @now)
     ON CONFLICT (identity) DO UPDATE SET path = excluded.path, byte_offset = excluded.byte_offset,
       lines = excluded.lines, bad_lines = excluded.bad_lines, updated_ts = excluded.updated_ts`,
  ).run({ ...checkpoint, now });
}

/** insertEdgeLogSeen records a pushed batch or request id as counted; false when it had been already. */
export function insertEdgeLogSeen(db: Database, id: string, now: number): boolean {
  return statement(db, `INSERT INTO edge_log_seen (id, seen_ts) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`).run(id, now).changes === 1;
}

/** deleteEdgeLogSeenBefore forgets the batch and request ids counted before ts. */
export function deleteEdgeLogSeenBefore(db: Database, ts: number): void {
  statement(db, `DELETE FROM edge_log_seen WHERE seen_ts < ?`).run(ts);
}
