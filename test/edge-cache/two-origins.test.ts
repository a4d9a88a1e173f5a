import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { startVarnish, type Varnish } from '../../cache-stack/local-stack.js';
import { runCli } from '../helpers/cli.js';
import { browser, varnishSkip, visitsIn } from '../helpers/edge.js';
import { freePort, spawnServer, waitFor, type ServerChild } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

const unavailable = varnishSkip();

const bot = { 'User-Agent': 'uptime-monitor/1.0 (bot)' };

describe('two app processes sharing one SQLite file behind one Varnish (issue 9)', { skip: unavailable }, () => {
  const temp = { dir: '', cleanup: () => {} };
  let env: NodeJS.ProcessEnv;
  const apps: ServerChild[] = [];
  let varnish: Varnish | undefined;

  before(async () => {
    Object.assign(temp, tempDir('broadsheet-two-origins-'));
    const { dir } = temp;
    const contentDir = path.join(dir, 'content');
    fs.cpSync(fixtureContent, contentDir, { recursive: true });
    const [varnishPort, port1, port2] = [await freePort(), await freePort(), await freePort()];
    env = {
      DATABASE_PATH: path.join(dir, 'shared.db'),
      CONTENT_DIR: contentDir,
      SITE_URL: 'http://broadsheet.test',
      EDGE_INCLUDES: 'on',
      PURGE_URL: `http://127.0.0.1:${varnishPort}/`,
      TRUST_PROXY: 'loopback',
      VISIT_FLUSH_SECONDS: '1',
      LOG_LEVEL: 'warn',
    };
    // One after the other: the first imports CONTENT_DIR; the second finds articles and serves at once.
    apps.push(await spawnServer({ ...env, PORT: String(port1) }));
    apps.push(await spawnServer({ ...env, PORT: String(port2) }));
    varnish = await startVarnish({ backendPorts: [port1, port2], port: varnishPort, workDir: path.join(dir, 'varnish'), memory: '32m' });
  });
  after(async () => {
    await varnish?.stop();
    for (const app of apps) await app.stop();
    temp.cleanup();
  });

  const countAt = async (url: string) => visitsIn(await (await fetch(`${url}/_edge/visits/full-piece`, { headers: bot })).text());

  it('shares the views between both processes and, once they flush, both show the same count', async () => {
    const before = await countAt(apps[0]!.url);
    for (let i = 0; i < 6; i += 1) await (await fetch(`${varnish!.url}/opinion/full-piece`, { headers: browser })).text();
    const requests = Object.values(varnish!.counters('VBE.*.req'));
    assert.equal(requests.length, 2);
    for (const count of requests) assert.ok(count >= 3, `each backend took a share: ${requests.join(', ')}`);
    // Each process keeps its tallies a second (VISIT_FLUSH_SECONDS) before writing them to the shared file.
    const counts = async () => Promise.all(apps.map((app) => countAt(app.url)));
    await waitFor(async () => (await counts()).every((n) => n >= before + 6), 5_000, `both processes to show ${before + 6} views`, { intervalMs: 100 });
    assert.deepEqual(await counts(), [before + 6, before + 6]);
  });

  it('shows a comment approved with the CLI through the cache and from both processes', async () => {
    const db = new BetterSqlite3(env.DATABASE_PATH!);
    const { id } = db.prepare('SELECT id FROM articles WHERE slug = ?').get('filler-02') as { id: number };
    const comment = db
      .prepare(
        `INSERT INTO comments (article_id, status, author_name, author_email, body, body_hash, link_count, token_nonce, created_at, created_ts)
         VALUES (?, 'pending', 'Two Origins', 'two@example.com', 'Seen by both processes.', 'h', 0, 'n-two', ?, ?)`,
      )
      .run(id, new Date().toISOString(), Date.now());
    db.close();
    for (let i = 0; i < 2; i += 1) await (await fetch(`${varnish!.url}/opinion/filler-02`, { headers: browser })).text();

    const run = await runCli(
      { cwd: temp.dir, databasePath: env.DATABASE_PATH!, contentDir: env.CONTENT_DIR! },
      ['comments', 'approve', String(comment.lastInsertRowid)],
      { extraEnv: env },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /edge: purged comments-filler-02/);

    // Each process re-reads the change log every 100 ms. Wait for both to show the comment before asking
    // Varnish: a miss fetched from a process that has not re-read it yet would be cached stale.
    const shown = async (url: string) => /Seen by both processes\./.test(await (await fetch(`${url}/opinion/filler-02`, { headers: bot })).text());
    await waitFor(async () => (await Promise.all(apps.map((app) => shown(app.url)))).every(Boolean), 5_000, 'both processes to show the approved comment');
    for (const url of [varnish!.url, ...apps.map((app) => app.url)]) {
      const html = await (await fetch(`${url}/opinion/filler-02`, { headers: bot })).text();
      assert.match(html, /Seen by both processes\./, url);
      assert.doesNotMatch(html, /two@example\.com/, url);
    }
  });
});
