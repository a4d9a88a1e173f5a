import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnServer, waitFor } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

describe('starting over an existing database (issue 6, cold start)', () => {
  const { dir, cleanup } = tempDir('broadsheet-restart-');
  const content = path.join(dir, 'content');
  const env = { DATABASE_PATH: path.join(dir, 'site.db'), CONTENT_DIR: content };
  const piece = path.join(content, 'articles', '2026-10-01-full-piece.md');
  after(cleanup);

  it('imports before serving on a first start, so the first page already shows the content', async () => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    const server = await spawnServer(env);
    try {
      assert.ok(server.logLines().some((l) => l.msg === 'content imported' && l.created === 17));
      assert.equal((await fetch(`${server.url}/opinion/full-piece`)).status, 200);
    } finally {
      server.process.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
    }
  });

  it('serves at once on a later start and reconciles the folder in the background', async () => {
    fs.writeFileSync(piece, fs.readFileSync(piece, 'utf8').replace('with every field', 'edited while the site was down'));
    const server = await spawnServer(env);
    try {
      const logged = server.logLines().map((l) => l.msg);
      assert.ok(logged.indexOf('serving') < logged.lastIndexOf('content imported') || !logged.includes('content imported'), 'served before importing');
      await waitFor(() => server.logLines().some((l) => l.msg === 'content reconcile finished' && l.code === 0), 15_000, 'the reconcile to finish');
      assert.ok(server.logLines().some((l) => l.msg === 'content imported' && l.updated === 1));
      // Other processes' writes reach the page cache within its one-second check interval.
      const edited = async () => /edited while the site was down/.test(await (await fetch(`${server.url}/opinion/full-piece`)).text());
      await waitFor(edited, 5_000, 'the edited piece to be served', { intervalMs: 100 });
    } finally {
      server.process.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
    }
  });
});
