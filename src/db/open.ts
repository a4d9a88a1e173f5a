import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { listMigrations, migrate } from './migrate.js';

export type { Database };

/**
 * openDatabase opens (creating it and its folder if needed) the SQLite file, sets the pragmas every
 * connection needs, and brings the schema up to date from migrationsDir.
 */
export function openDatabase(file: string, migrationsDir: string): Database {
  if (file !== ':memory:') {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new Error(`cannot create the database folder ${path.dirname(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        cause: error,
      });
    }
  }
  const db = new BetterSqlite3(file);
  try {
    // WAL lets readers carry on while the importer writes; NORMAL sync is durable across process crashes
    // in WAL mode (https://www.sqlite.org/pragma.html#pragma_synchronous).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, listMigrations(migrationsDir));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
