import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { fixtureContent, tempDir } from '../helpers/site.js';

const cliEntry = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

/** runCli spawns the real CLI (through tsx, so no build is needed) against a given database. */
function runCli(args: string[], databasePath: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the import command', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const db = path.join(dir, 'cli.db');

  it('imports a folder and prints the counts', () => {
    const { status, stdout } = runCli(['import', fixtureContent], db);
    assert.equal(status, 0);
    assert.match(stdout, /Imported: 17 created, 0 updated, 0 unchanged/);
  });

  it('exits 1 naming the file and field, and writes nothing', () => {
    const bad = path.join(dir, '2026-11-01-bad.md');
    fs.writeFileSync(bad, '---\ntitle: Bad date\ndate: 2026-11-01\nauthors: [ada-fixture]\n---\nBody.\n');
    const { status, stderr } = runCli(['import', bad], db);
    assert.equal(status, 1);
    assert.match(stderr, /2026-11-01-bad\.md: date: must be an ISO 8601 date and time with a time zone.*\(got "2026-11-01"\)/);
    assert.match(stderr, /nothing was imported/);
    const check = new BetterSqlite3(db, { readonly: true });
    assert.equal((check.prepare(`SELECT count(*) AS n FROM articles`).get() as { n: number }).n, 17);
    check.close();
  });

  it('exits 2 for a usage error', () => {
    const { status, stderr } = runCli(['import'], db);
    assert.equal(status, 2);
    assert.match(stderr, /import needs at least one file or folder/);
    assert.equal(runCli(['frobnicate'], db).status, 2);
  });
});
