import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

/** A migration file: NNNN-verb-noun.sql, applied once, in number order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const migrationName = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/;

/** MigrationError names the migration that failed; the database is left as it was before that file. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** listMigrations reads migrations/ and returns the files in version order, rejecting misnamed or duplicate ones. */
export function listMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.sql')) continue;
    const match = migrationName.exec(name);
    if (!match) throw new MigrationError(`${path.join(dir, name)}: name must look like 0001-create-articles.sql`);
    const version = Number(match[1]);
    if (version === 0) throw new MigrationError(`${path.join(dir, name)}: numbering starts at 0001`);
    const previous = migrations.at(-1);
    if (previous && previous.version === version) {
      throw new MigrationError(`${name}: version ${version} is also used by ${previous.name}`);
    }
    migrations.push({ version, name, sql: fs.readFileSync(path.join(dir, name), 'utf8') });
  }
  return migrations;
}

/**
 * migrate applies every migration above the database's user_version, each in its own transaction, and
 * returns the names it applied. user_version lives in the database header, so it commits or rolls back
 * together with the migration's own changes: a failed file leaves no trace.
 */
export function migrate(db: Database, migrations: readonly Migration[]): string[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new MigrationError(
      `database is at migration ${current}, newer than this code knows (${latest}); upgrade Broadsheet first`,
    );
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply();
    } catch (error) {
      throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
    }
    applied.push(migration.name);
  }
  return applied;
}

/** schemaVersion is the number of the last migration applied to db. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
