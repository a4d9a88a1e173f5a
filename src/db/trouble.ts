import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

// SQLite's extended result codes, as better-sqlite3 reports them in error.code, grouped by what an
// operator has to do about them (https://www.sqlite.org/rescode.html).
const explanations: [RegExp, string][] = [
  [/^SQLITE_(BUSY|LOCKED)/, 'the database is locked by another process (an import, backup or a stuck connection); try again shortly'],
  [/^SQLITE_READONLY_DBMOVED$/, 'the database file was moved or deleted while Broadsheet had it open; restore it and restart'],
  [/^SQLITE_READONLY_DIRECTORY$/, 'the database folder is read-only: SQLite must be able to create files beside the database'],
  [/^SQLITE_READONLY/, 'the database is read-only: check the permissions of the file, its -wal and -shm files and its folder, and that the disk is mounted read-write'],
  [/^SQLITE_FULL$/, 'the disk holding the database is full (or the database reached its size limit)'],
  [/^SQLITE_IOERR/, 'the disk reported an input/output error while reading or writing the database'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened: check that its folder exists and is writable'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'the database file is damaged or is not a Broadsheet database; restore it from a backup'],
];

/**
 * describeDatabaseError explains an error caused by the database's file or disk (locked, read-only, full,
 * missing, damaged) in words an operator can act on, or returns undefined for any other error.
 */
export function describeDatabaseError(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  return explanations.find(([pattern]) => pattern.test(code))?.[1];
}

/**
 * checkDatabaseFile says what is wrong with the file behind an open connection, or undefined if nothing is.
 * SQLite in WAL mode keeps writing to a file deleted from under it, so writes would be silently lost;
 * this is how we notice first.
 */
export function checkDatabaseFile(db: Database): string | undefined {
  if (db.memory) return undefined;
  try {
    fs.statSync(db.name);
    return undefined;
  } catch {
    return 'the database file is missing: its folder or file was deleted or unmounted while Broadsheet was running';
  }
}

/** A database health report for load balancers and operators. */
export interface DatabaseHealth {
  readonly reachable: boolean;
  readonly migration: number | null;
  readonly problem: string | undefined;
}

/** findDatabaseHealth runs a trivial query and reads the schema version; it never throws. */
export function findDatabaseHealth(db: Database): DatabaseHealth {
  try {
    statement<[], { ok: number }>(db, 'SELECT 1 AS ok').get();
    const migration = db.pragma('user_version', { simple: true }) as number;
    return { reachable: true, migration, problem: checkDatabaseFile(db) };
  } catch (error) {
    return { reachable: false, migration: null, problem: describeDatabaseError(error) ?? 'the database did not answer a query' };
  }
}

/**
 * checkpointDatabase folds the WAL into the database file and truncates it, so a stopped site is one
 * self-contained file. On a read-only database there is nothing of ours to fold in, so it reports
 * 'read-only' instead of failing.
 */
export function checkpointDatabase(db: Database): 'done' | 'read-only' {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return 'done';
  } catch (error) {
    if (/^SQLITE_READONLY/.test(String((error as { code?: unknown }).code))) return 'read-only';
    throw error;
  }
}
