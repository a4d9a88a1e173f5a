import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { listMigrations, migrate, MigrationError, schemaVersion } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { migrationsDir, tempDir } from '../helpers/site.js';

describe('migrations', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it('migrates an empty database to the latest version, in WAL mode with foreign keys on', () => {
    const db = openDatabase(path.join(dir, 'fresh', 'site.db'), migrationsDir);
    const latest = listMigrations(migrationsDir).at(-1)!.version;
    assert.equal(schemaVersion(db), latest);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok(Number(db.pragma('busy_timeout', { simple: true })) > 0);
    assert.ok(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'articles'`).get());
    db.close();
  });

  it('applies nothing to an already-migrated database', () => {
    const file = path.join(dir, 'twice.db');
    openDatabase(file, migrationsDir).close();
    const db = new BetterSqlite3(file);
    assert.deepEqual(migrate(db, listMigrations(migrationsDir)), []);
    db.close();
  });

  it('rolls a failed migration back completely and names it', () => {
    const migrations = path.join(dir, 'broken-migrations');
    fs.mkdirSync(migrations);
    fs.writeFileSync(path.join(migrations, '0001-create-things.sql'), 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    fs.writeFileSync(
      path.join(migrations, '0002-break-things.sql'),
      'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);',
    );
    const db = new BetterSqlite3(path.join(dir, 'broken.db'));
    assert.throws(() => migrate(db, listMigrations(migrations)), (error: Error) => {
      assert.ok(error instanceof MigrationError);
      assert.match(error.message, /migration 0002-break-things\.sql failed: no such table: no_such_table/);
      return true;
    });
    assert.equal(schemaVersion(db), 1, 'the good migration stays applied');
    assert.equal(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'half_done'`).get(), undefined);
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('user_version = 999');
    assert.throws(() => migrate(db, listMigrations(migrationsDir)), /newer than this code knows/);
    db.close();
  });

  it('rejects misnamed and duplicate migration files', () => {
    const table: [string[], RegExp][] = [
      [['1-create.sql'], /name must look like 0001-create-articles\.sql/],
      [['0001-Create_Things.sql'], /name must look like/],
      [['0000-start.sql'], /numbering starts at 0001/],
      [['0001-a.sql', '0001-b.sql'], /version 1 is also used by 0001-a\.sql/],
    ];
    for (const [names, expected] of table) {
      const folder = fs.mkdtempSync(path.join(dir, 'names-'));
      for (const name of names) fs.writeFileSync(path.join(folder, name), 'SELECT 1;');
      assert.throws(() => listMigrations(folder), expected, names.join(', '));
    }
  });
});
