import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import { freePort, serverEntry, spawnServer, spawnTs, waitFor, type ServerChild } from '../helpers/processes.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

describe('WORKERS=2: one primary, two workers, one database (issue 6)', () => {
  const { dir, cleanup } = tempDir();
  const content = path.join(dir, 'content');
  const databasePath = path.join(dir, 'site.db');
  let server: ServerChild;
  let url = '';
  const output = () => server.output();
  before(async () => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    // A port of ours: the workers share the port the primary was told, and readiness is a 200 from /healthz.
    server = await spawnServer({ WORKERS: '2', PORT: String(await freePort()), DATABASE_PATH: databasePath, CONTENT_DIR: content });
    url = server.url;
    // Both workers listen before the test counts them.
    await waitFor(() => (output().match(/"msg":"serving"/g)?.length ?? 0) === 2, 5_000, 'both workers to log "serving"');
  });
  after(() => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    cleanup();
  });

  it('imports once in the primary, then serves from two worker processes', () => {
    assert.equal(output().match(/"created":17,.*"msg":"content imported"/g)?.length, 1, output());
    assert.match(output(), /"workers":2,"msg":"workers started"/);
    const pids = new Set([...output().matchAll(/"pid":(\d+),[^\n]*"msg":"serving"/g)].map((m) => m[1]));
    assert.equal(pids.size, 2, output());
  });

  it('shows every worker an import made by another process within a second or so', async () => {
    const piece = path.join(content, 'articles', '2026-10-01-full-piece.md');
    // Requests spread over both workers, so each caches the page before the change.
    for (let i = 0; i < 6; i += 1) await (await fetch(`${url}/opinion/full-piece`)).text();
    fs.writeFileSync(piece, fs.readFileSync(piece, 'utf8').replace('with every field', 'seen by all workers'));
    const db = openDatabase(databasePath, migrationsDir);
    try {
      importArticles(db, [content]);
    } finally {
      db.close();
    }
    const fresh = async () => {
      const pages = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${url}/opinion/full-piece`)).text()));
      return pages.every((html) => html.includes('seen by all workers'));
    };
    await waitFor(fresh, 5_000, 'every worker to serve the new version');
  });

  it('stops the workers and exits 0 on SIGTERM', async () => {
    server.process.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
    assert.match(output(), /"signal":"SIGTERM","workers":2,"msg":"stopping workers"/);
  });
});

describe('WORKERS=2 with bad content (issue 6)', () => {
  it('exits 1 with the problems and starts no worker, as a single process would', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const content = path.join(dir, 'content');
      fs.cpSync(fixtureContent, content, { recursive: true });
      fs.writeFileSync(path.join(content, 'articles', '2026-11-01-broken.md'), '---\ntitle: Broken\n---\nNo date, no author.\n');
      const child = spawnTs(serverEntry, [], { WORKERS: '2', PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'site.db'), CONTENT_DIR: content });
      const { code } = await child.exited;
      const output = child.output();
      assert.equal(code, 1, output);
      assert.match(output, /could not start: the content folder has problems/);
      assert.match(output, /2026-11-01-broken\.md/);
      assert.doesNotMatch(output, /workers started|"msg":"serving"/);
    } finally {
      cleanup();
    }
  });
});
