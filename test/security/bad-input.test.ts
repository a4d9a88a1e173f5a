import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { captureLogs, type CapturedLogs } from '../helpers/logs.js';
import { hostileText } from '../helpers/properties.js';
import { rawRequest } from '../helpers/raw-http.js';
import { startSite, type TestSite } from '../helpers/site.js';

/** assertCleanError checks a hostile request got a 4xx and the site's own error page, with nothing leaked. */
async function assertCleanError(response: Response, status: number | number[], label: string): Promise<void> {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(response.status), `${label}: got ${response.status}, wanted ${statuses.join(' or ')}`);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/, label);
  const html = await response.text();
  assert.match(html, /<p class="kicker">Error \d{3}<\/p>/, `${label}: the site's error page`);
  assert.doesNotMatch(html, /\bat .*:\d+:\d+|node_modules|\/work\/|\/src\//, `${label}: no stack trace or path`);
}

// encodeURIComponent throws on a lone surrogate; a client cannot send one anyway.
const wellFormed = (text: string) => text.replace(/[\uD800-\uDFFF]/g, '\uFFFD');

// Paths that are hostile for the router and the static file server: broken escapes, traversal (plain,
// encoded, double-encoded, backslashed), NUL bytes. Paths of later features (feeds, search) can join.
const hostilePaths: [string, number[]][] = [
  ['/opinion/%E0%A4%A', [400]],
  ['/opinion/%', [400]],
  ['/tags/%zz', [400]],
  ['/authors/%C0%AF', [400, 404]],
  ['/%', [400, 404]],
  ['/opinion/%00', [404]],
  ['/css/%2e%2e/%2e%2e/package.json', [403, 404]],
  ['/%2e%2e/%2e%2e/etc/passwd', [403, 404]],
  ['/css/..%2f..%2fpackage.json', [403, 404]],
  ['/css/..%5c..%5cpackage.json', [403, 404]],
  ['/%252e%252e/%252e%252e/package.json', [403, 404]],
  ['/img/..%00/favicon.svg', [400, 403, 404]],
  ['/css/.%2e/.%2e/src/app.ts', [403, 404]],
];

describe('bad HTTP input gets a clean 4xx and the server keeps serving (issue 8)', () => {
  let site: TestSite;
  let logs: CapturedLogs;
  before(async () => {
    logs = captureLogs();
    site = await startSite({ logger: logs.logger, limits: { headersTimeoutMs: 400, requestTimeoutMs: 1000, checkIntervalMs: 100 } });
  });
  after(() => site.close());

  it('answers malformed percent-encoding and path traversal with an error page and no file', async () => {
    for (const [path, statuses] of hostilePaths) {
      const response = await site.get(path);
      const clone = response.clone();
      await assertCleanError(response, statuses, path);
      assert.doesNotMatch(await clone.text(), /"name": "broadsheet"|root:x:0|createApp/, `${path}: no file content`);
    }
  });

  it('answers every malformed page parameter with a 400 that names it', async () => {
    for (const query of ['page=-1', 'page=0', 'page=abc', 'page=1e99', 'page=[]', 'page=%5B%5D', 'page=', 'page=1&page=2', 'page=%', 'page=%E0', 'page=2.0', 'page=+2', 'page=0x10', 'page=99999999999999999999']) {
      const response = await site.get(`/?${query}`);
      const clone = response.clone();
      await assertCleanError(response, 400, query);
      assert.match(await clone.text(), /The page parameter must be a whole number/);
      await assertCleanError(await site.get(`/tags/filler?${query}`), 400, `tag ${query}`);
      await assertCleanError(await site.get(`/authors/ada-fixture?${query}`), 400, `author ${query}`);
    }
  });

  it('ignores duplicated and unknown parameters that pages do not read', async () => {
    for (const query of ['x=1&x=2', 'page[]=1', 'utm_source=a&utm_source=b', '%=%', '&&&=&']) {
      assert.equal((await site.get(`/?${query}`)).status, 200, query);
    }
  });

  it('refuses an over-long URL: 414 with the error page, or 431 before Express once it passes the header limit', async () => {
    await assertCleanError(await site.get(`/opinion/${'a'.repeat(3000)}`), 414, '3 kB URL');
    await assertCleanError(await site.get(`/?q=${'a'.repeat(3000)}`), 414, '3 kB query');
    const huge = await rawRequest(site.url, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    assert.equal(huge.status, 431);
  });

  it('refuses over-long or broken headers with a plain 4xx', async () => {
    const longHeader = await rawRequest(site.url, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Junk: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(longHeader.status, 431);
    assert.match(longHeader.text, /Content-Type: text\/plain/);
    const broken = await rawRequest(site.url, 'GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n');
    assert.equal(broken.status, 400);
    const badLength = await rawRequest(site.url, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n');
    assert.equal(badLength.status, 400);
    const garbage = await rawRequest(site.url, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x0d, 0x0a, 0x0d, 0x0a]));
    assert.ok(garbage.status >= 400 && garbage.status < 500, `a TLS hello on the plain port got ${garbage.status}`);
  });

  it('answers unknown or unsupported methods with 405 and an Allow header', async () => {
    const trace = await rawRequest(site.url, 'TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(trace.status, 405, 'TRACE');
    for (const method of ['PUT', 'DELETE', 'PATCH', 'PROPFIND']) {
      const response = await site.get('/', { method });
      assert.equal(response.headers.get('allow'), 'GET, HEAD, POST', method);
      await assertCleanError(response, 405, method);
    }
    const invented = await rawRequest(site.url, 'FROBNICATE / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal(invented.status, 405, 'an invented method');
    assert.match(invented.text, /Allow: GET, HEAD, POST/);
    const connect = await rawRequest(site.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 1000);
    assert.ok(connect.closedByServer && (connect.status === 0 || connect.status < 500), 'CONNECT is refused');
    const options = await site.get('/', { method: 'OPTIONS' });
    assert.ok(options.status < 500);
  });

  it('refuses a missing, duplicated or malformed Host', async () => {
    for (const host of ['evil<script>', 'a b', 'exa_mple..com:99999999', '"quoted"', '[::1', 'a/b']) {
      const response = await rawRequest(site.url, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal(response.status, 400, `Host: ${host}`);
    }
    const missing = await rawRequest(site.url, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.equal(missing.status, 400, 'no Host');
    const twice = await rawRequest(site.url, 'GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\nConnection: close\r\n\r\n');
    assert.equal(twice.status, 400, 'two Hosts');
    const fine = await rawRequest(site.url, 'GET / HTTP/1.1\r\nHost: broadsheet.test:8080\r\nConnection: close\r\n\r\n');
    assert.equal(fine.status, 200);
  });

  it('refuses oversized and wrongly typed POST bodies to any path', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const path of ['/', '/opinion/full-piece', '/opinion/full-piece/comments', '/no/such/path', '/healthz']) {
      await assertCleanError(await site.get(path, { method: 'POST', headers: form, body: `text=${'x'.repeat(100_000)}` }), 413, `large ${path}`);
      for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', '']) {
        const headers = type ? { 'content-type': type } : undefined;
        await assertCleanError(await site.get(path, { method: 'POST', headers, body: '{"a":1}' }), 415, `${type || 'no type'} ${path}`);
      }
      const response = await site.get(path, { method: 'POST', headers: form, body: 'a=%%%&b' });
      assert.ok(response.status >= 400 && response.status < 500, `form post to ${path} got ${response.status}`);
      await response.arrayBuffer();
    }
    // A 10 MB announced body is refused from its headers alone, before a byte of it is read.
    const announced = await rawRequest(
      site.url,
      'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10485760\r\n\r\nabc',
    );
    assert.equal(announced.status, 413);
    assert.ok(announced.closedByServer);
  });

  it('drops a slowloris client that never finishes its headers, while serving everyone else', async () => {
    const socket = net.connect(Number(new URL(site.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    const started = Date.now();
    const closed = new Promise<number>((resolve) => {
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
    });
    // Read whatever the server says, or 'close' never comes for a paused socket.
    socket.resume();
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-a: b\r\n'), 100);
    assert.equal((await site.get('/')).status, 200, 'others are served meanwhile');
    const ms = await closed;
    clearInterval(drip);
    assert.ok(ms < 2000, `slow client dropped after ${ms} ms`);
  });

  it('never answers a random path or query with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText.map(wellFormed), hostileText.map(wellFormed), async (segment, query) => {
        const response = await site.get(`/${encodeURIComponent(segment)}?${encodeURIComponent(query)}=${encodeURIComponent(segment)}&page=${encodeURIComponent(query)}`);
        await response.arrayBuffer();
        assert.ok(response.status < 500, `${response.status} for ${segment} ${query}`);
      }),
      { numRuns: 100 },
    );
  });

  it('is still serving pages after all that, having logged no server error', async () => {
    assert.equal((await site.get('/')).status, 200);
    assert.equal((await site.get('/opinion/full-piece')).status, 200);
    const serverErrors = logs.entries().filter((e) => e.level === 'error' || e.level === 'fatal' || Number(e.status) >= 500);
    assert.deepEqual(serverErrors, []);
  });
});
