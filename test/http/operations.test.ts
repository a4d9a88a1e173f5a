import BetterSqlite3 from 'better-sqlite3';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { captureLogs, type CapturedLogs } from '../helpers/logs.js';
import { migrationsDir, startSite, type TestSite } from '../helpers/site.js';

describe('/healthz (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.close());

  it('reports the process up, the database reachable and the last migration, never cached', async () => {
    const response = await site.get('/healthz');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.database, 'ok');
    assert.equal(body.migration, listMigrations(migrationsDir).at(-1)!.version);
    assert.equal(typeof body.uptimeSeconds, 'number');
  });
});

describe('structured logs (issue 8)', () => {
  let site: TestSite;
  let logs: CapturedLogs;
  before(async () => {
    logs = captureLogs();
    site = await startSite({ logger: logs.logger, env: { TRUST_PROXY: 'loopback' } });
  });
  after(() => site.close());

  it('writes one JSON line per request carrying the request id sent back in X-Request-Id', async () => {
    const response = await site.get('/opinion/full-piece');
    await response.text();
    const id = response.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    const line = logs.entries().find((e) => e.reqId === id);
    assert.ok(line, 'a line carries the id');
    assert.equal(line.method, 'GET');
    assert.equal(line.url, '/opinion/full-piece');
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, 'number');
    assert.equal(line.level, 'info');
    assert.match(String(line.time), /^\d{4}-\d{2}-\d{2}T/);
  });

  it('keeps a well-formed request id from a trusted proxy, per response, and replaces one that could forge log text (issue 17)', async () => {
    // The site trusts loopback proxies (TRUST_PROXY above), and the test client connects from loopback.
    const kept = await site.get('/', { headers: { 'x-request-id': 'edge-1234.abc' } });
    assert.equal(kept.headers.get('x-request-id'), 'edge-1234.abc');
    const cached = await site.get('/', { headers: { 'x-request-id': 'edge-5678.def' } });
    assert.equal(cached.headers.get('x-page-cache'), 'hit');
    assert.equal(cached.headers.get('x-request-id'), 'edge-5678.def', 'a stored page carries no request id of its own');
    const none = await site.get('/');
    assert.match(none.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const replaced = await site.get('/', { headers: { 'x-request-id': 'x" injected="1 {}' } });
    assert.notEqual(replaced.headers.get('x-request-id'), 'x" injected="1 {}');
    await Promise.all([kept.text(), cached.text(), none.text(), replaced.text()]);
  });

  it('never writes a client address, an email or a submitted body', async () => {
    const secrets = ['203.0.113.9', '127.0.0.1', 'reader@example.com', 'reader%40example.com', 'secret comment body'];
    const responses = await Promise.all([
      site.get('/?email=reader@example.com', { headers: { 'x-forwarded-for': '203.0.113.9' } }),
      site.get('/authors/reader%40example.com', { headers: { 'x-real-ip': '203.0.113.9' } }),
      site.get('/opinion/full-piece/comments', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=reader%40example.com&body=secret+comment+body',
      }),
    ]);
    await Promise.all(responses.map((r) => r.text()));
    const text = logs.raw().join('\n');
    for (const secret of secrets) assert.ok(!text.includes(secret), `logs hold ${secret}`);
    assert.match(text, /\[email\]/, 'the email in the URL is scrubbed, not the whole line dropped');
  });

  it('censors personal fields whenever a caller passes them to the logger', () => {
    logs.logger.info({ email: 'a@b.example', ip: '198.51.100.7', body: 'words', comment: { body: 'more words', email: 'c@d.example' } }, 'test');
    const last = logs.entries().at(-1)!;
    assert.equal(last.email, '[redacted]');
    assert.equal(last.ip, '[redacted]');
    assert.equal(last.body, '[redacted]');
    assert.equal(last.comment, '[redacted]');
  });
});

describe('TRUST_PROXY (issue 8)', () => {
  it('reads false, true, a hop count or a list of proxy addresses, and rejects anything else', () => {
    const read = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;
    assert.equal(read(''), false);
    assert.equal(read('false'), false);
    assert.equal(read('true'), true);
    assert.equal(read('1'), 1);
    assert.equal(read('2'), 2);
    assert.deepEqual(read('loopback'), ['loopback']);
    assert.deepEqual(read('10.0.0.0/8, 192.168.1.7,fd00::/8'), ['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    for (const bad of ['banana', '10.0.0.0/33', '10.0.0/8', 'loopback,', '1.2.3.4/8/8']) {
      assert.throws(() => read(bad), ConfigError, bad);
    }
  });

  it('becomes Express\'s trust proxy setting', () => {
    const config = loadConfig({ TRUST_PROXY: 'loopback' });
    const db = new BetterSqlite3(':memory:');
    migrate(db, listMigrations(migrationsDir));
    const app = createApp({ db, config });
    assert.deepEqual(app.express.get('trust proxy'), ['loopback']);
  });
});
