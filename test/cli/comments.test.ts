import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { runComments } from '../../src/cli/comments.js';
import { UsageError } from '../../src/cli/output.js';
import { loadConfig } from '../../src/config.js';
import { importArticles } from '../../src/publishing/import.js';
import { insertComment } from '../../src/db/comments.js';
import { openDatabase } from '../../src/db/open.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('comments CLI (issue 4)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: Database;
  const config = loadConfig({ SITE_TIME_ZONE: 'Europe/London' });
  /** run calls the command in-process, as main does, and returns its exit code and output. */
  const run = (...args: string[]) => {
    const lines: string[] = [];
    const code = runComments(db, config, args, (line) => lines.push(line));
    return { code, out: lines.join('\n') };
  };

  before(() => {
    ({ dir, cleanup } = tempDir());
    db = openDatabase(path.join(dir, 'cli.db'), migrationsDir);
    importArticles(db, [fixtureContent]);
    const articleId = (db.prepare(`SELECT id FROM articles WHERE slug = 'full-piece'`).get() as { id: number }).id;
    const base = { articleId, parentId: null, status: 'pending' as const, authorUrl: null, linkCount: 0, createdAt: '2026-11-28T12:00:00.000Z', createdTs: Date.parse('2026-11-28T12:00:00Z') };
    insertComment(db, { ...base, authorName: 'Rosa Reader', authorEmail: 'rosa@example.org', body: 'A fair point,\nwell made.', bodyHash: 'a', tokenNonce: 'n1' });
    insertComment(db, { ...base, parentId: 1, authorName: 'Sam Replier', authorEmail: 'sam@example.org', authorUrl: 'https://sam.example/', body: 'Buy now https://spam.example', bodyHash: 'b', linkCount: 1, tokenNonce: 'n2' });
  });
  after(() => {
    db.close();
    cleanup();
  });

  it('runs from the command line: lists pending comments with enough to decide, then approves one', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'comments', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: path.join(dir, 'cli.db'), SITE_TIME_ZONE: 'Europe/London' },
        encoding: 'utf8',
      });
    const list = cli('list', '--pending');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /#1 {2}pending {2}28 Nov 2026, 12:00 GMT {2}on full-piece\n {4}Rosa Reader <rosa@example\.org> · 0 links\n {4}A fair point, well made\./);
    assert.match(list.stdout, /#2 {2}pending .* on full-piece {2}\(reply to #1\)\n {4}Sam Replier <sam@example\.org> · https:\/\/sam\.example\/ · 1 link/);
    const approve = cli('approve', '1');
    assert.equal(approve.status, 0);
    assert.equal(approve.stdout, 'Approved #1 (Rosa Reader on full-piece).\n');
  });

  it('filters by status and article, and marks spam', () => {
    assert.deepEqual(run('spam', '2'), { code: 0, out: 'Spam #2 (Sam Replier on full-piece).' });
    assert.match(run('list', '--approved', '--article', 'full-piece').out, /^#1 {2}approved[\s\S]*1 comment shown\.$/);
    assert.match(run('list', '--spam').out, /^#2 {2}spam/);
    assert.equal(run('list', '--article', 'syndicated-excerpt').out, 'No comments match.');
  });

  it('changes nothing when an id does not exist, and rejects bad usage', () => {
    assert.deepEqual(run('reject', '1', '99'), { code: 1, out: 'No comment #99.\nNothing was changed.' });
    assert.match(run('list', '--approved').out, /#1 {2}approved/);
    for (const args of [['approve'], ['approve', 'abc'], ['frobnicate'], ['list', '--pending', '--spam'], ['list', '--limit', '0']]) {
      assert.throws(() => run(...args), UsageError, args.join(' '));
    }
    assert.equal(run().code, 2);
  });

  it('deletes a comment together with its replies', () => {
    assert.deepEqual(run('delete', '1'), { code: 0, out: 'Deleted #1 (Rosa Reader on full-piece) and 1 reply to it.' });
    assert.equal(run('list').out, 'No comments match.');
  });
});
