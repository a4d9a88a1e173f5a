import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { insertComment } from '../../src/db/comments.js';
import { openDatabase } from '../../src/db/open.js';
import { writeBulkContent } from '../helpers/bulk-content.js';
import { builtCli, runCli, type CliEnv } from '../helpers/cli.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

// Anything a terminal would act on: C0 but tab and newline, DEL, C1 (U+009B is a one-character CSI), bidi controls.
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

// A piece whose every printed field carries terminal controls, written with YAML escapes as an outside
// source could (a feed title, a WordPress tag) once it is in house format.
const hostilePiece = `---
title: "Red \\x1b[31m alert \\u009b2J \\u202eevil\\rOverwritten"
date: 2026-10-06T08:00:00+01:00
authors: [ada-fixture]
tags: ["tag \\u009b31m", "bell \\a and \\x1b]8;;https://evil.example\\a link"]
section: "Opinion \\u2066isolated\\u2069"
---
Body.
`;

describe('CLI output is safe for a terminal and for a closed pipe (issue 17)', () => {
  const { dir, cleanup } = tempDir('broadsheet-terminal-');
  const content = path.join(dir, 'content');
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir: content };

  before(() => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    writeBulkContent(path.join(dir, 'bulk'), 1200);
    fs.writeFileSync(path.join(content, 'articles', '2026-10-06-hostile-title.md'), hostilePiece);
    const db = openDatabase(env.databasePath, migrationsDir);
    try {
      importArticles(db, [path.join(dir, 'bulk')]);
      const articleId = (db.prepare(`SELECT id FROM articles WHERE slug = 'bulk-1'`).get() as { id: number }).id;
      for (let i = 0; i < 1000; i += 1) {
        insertComment(db, {
          articleId, parentId: null, status: 'pending', authorUrl: null, linkCount: 0,
          createdAt: '2026-11-28T12:00:00.000Z', createdTs: Date.parse('2026-11-28T12:00:00Z'),
          authorName: `Reader \u001b[2J\u009b${i}`, authorEmail: `r${i}@example.org`,
          body: `Comment ${i} \u001b]0;title\u0007 with a hidden \u202e turn. ${'Words go on. '.repeat(10)}`, bodyHash: `h${i}`, tokenNonce: `n${i}`,
        });
      }
    } finally {
      db.close();
    }
  });
  after(cleanup);

  it('import, list, show and comments list print control characters as visible escapes, never raw (issue 17)', async () => {
    const runs = [
      await runCli(env, ['import', content]),
      await runCli(env, ['import', '--dry-run', content]),
      await runCli(env, ['list', '--author', 'ada-fixture']),
      await runCli(env, ['show', 'hostile-title']),
      await runCli(env, ['comments', 'list', '--limit', '3']),
    ];
    for (const run of runs) {
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, rawControl);
    }
    assert.match(runs[2]!.stdout, /alert \\u009B2J \\u202Eevil\\u000DOverwritten/);
    assert.match(runs[3]!.stdout, /Title: +Red \[31m alert \\u009B2J/);
    assert.match(runs[4]!.stdout, /Reader \\u001B\[2J\\u009B999/);
  });

  it('list --json stays valid JSON that decodes to the stored title (issue 17)', async () => {
    const run = await runCli(env, ['list', '--json', '--author', 'ada-fixture']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, rawControl);
    const titles = (JSON.parse(run.stdout) as { title: string }[]).map((a) => a.title);
    assert.ok(titles.some((title) => title.endsWith('alert \u009b2J \u202eevil\rOverwritten')), titles.join('\n'));
  });

  for (const args of [['list'], ['comments', 'list', '--limit', '1000'], ['list', '--json']]) {
    it(`\`${args.join(' ')}\` piped into a reader that stops early exits cleanly, with no stack on stderr (issue 17)`, async () => {
      const { status, stderr, received } = await runIntoEarlyClose(builtCli(), args, env);
      assert.ok(received > 0);
      assert.equal(status, 0, stderr);
      assert.equal(stderr, '');
    });
  }
});

/** runIntoEarlyClose runs the CLI with its output going to a reader that, like `head -1`, closes after the first chunk. */
function runIntoEarlyClose(bundle: string, args: string[], env: CliEnv): Promise<{ status: number | null; stderr: string; received: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: env.cwd,
      env: { ...process.env, DATABASE_PATH: env.databasePath, CONTENT_DIR: env.contentDir, SITE_TIME_ZONE: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let received = 0;
    child.stdout.once('data', (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr, received }));
  });
}
