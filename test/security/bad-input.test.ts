import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { browserAgent, commentPost, readArticle } from '../helpers/comment-traffic.js';
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
// encoded, double-encoded, backslashed), NUL bytes; feed formats that name what every object inherits
// (the format lookup must not find them) and sitemap file names out of range or not ours.
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
  ['/feed.%', [400]],
  ['/feed.%E0%A4%A', [400]],
  ['/feed.xml%00', [404]],
  ['/feed.php', [404]],
  ['/feed.__proto__', [404]],
  ['/feed.constructor', [404]],
  ['/authors/ada-fixture/feed.toString', [404]],
  ['/tags/filler/feed.hasOwnProperty', [404]],
  ['/authors/%zz/feed.xml', [400]],
  ['/tags/..%2f..%2fpackage.json/feed.json', [404]],
  ['/sitemaps/..%2f..%2fpackage.json', [404]],
  ['/sitemaps/..%5c..%5cpackage.json', [404]],
  ['/sitemaps/articles-0.xml', [404]],
  ['/sitemaps/articles-01.xml', [404]],
  ['/sitemaps/articles-99999999.xml', [404]],
  ['/sitemaps/tags-999999.xml', [404]],
  ['/sitemaps/articles-1.xml%00', [404]],
  ['/sitemaps/articles-1.xml.gz', [404]],
  ['/sitemaps/', [404]],
  ['/sitemaps/%', [400]],
  ['/sitemap.xml/', [404]],
  ['/robots.txt/', [404]],
  ['/corrections?page=abc', [400]],
  ['/search?q=transit&page=-1', [400]],
  ['/search?q=transit&page=1e99', [400]],
  ['/search?q=transit&page=2&page=3', [400]],
  ['/search?q=transit&page=40', [404]],
];

// Queries a reader (or a scanner) might type: FTS5 syntax, SQL, broken escapes, NUL, arrays, duplicates,
// scripts that read right to left. Each gets a results page (search never refuses a query) or a 414.
const hostileSearches = [
  '%', '%E0%A4%A', '%00', '%FF%FE', 'a&q=b', 'a&q=', 'x&q[]=y', '[]=x', '[a]=x', '%22', '%22%22%22', 'NEAR(a%20b)', 'NEAR(a%20b,%20-1)',
  '*', '**', 'a*b', '^transit', 'title:x', 'articles_fts:x', '{title}:x', '-transit', 'transit%20NOT', 'AND%20OR%20NOT', '(((', ')', '+',
  '%27;%20DROP%20TABLE%20articles;--', '1%27%20OR%20%271%27=%271', '%5C', '%0D%0ASet-Cookie:%20a=b', '\u202Esnart', '%F0%9F%9A%8B',
  'e%CC%81'.repeat(200), 'a'.repeat(1500), 'transit%20'.repeat(150),
  // Issue 17, queries built to be slow: one-letter prefixes joined by OR or side by side, prefixes of common
  // letters, phrases of common words (repeated, long, OR-ed), many terms, NEAR-like runs, deep pages.
  Array.from('abcdefghijkl', (c) => `${c}*`).join('%20OR%20'), Array.from('abcdefghijkl', (c) => `${c}*`).join('%20'),
  'th*%20OR%20the*%20OR%20tra*', '%22the%20the%20the%20the%22', '%22the%20a%22%20OR%20%22a%20the%22%20OR%20%22of%20the%22',
  '%22the%22%20'.repeat(30), 'the%20'.repeat(40), 'NEAR(the%20the%20the,%200)', 'transit%20OR%20'.repeat(30),
  '%22' + 'the%20'.repeat(40) + '%22', 'the*%20'.repeat(20), 'a*b*c*', '***a', 'the%20OR%20OR%20OR%20the',
];

describe('bad HTTP input gets a clean 4xx and the server keeps serving (issue 8)', () => {
  let site: TestSite;
  let logs: CapturedLogs;
  before(async () => {
    logs = captureLogs();
    // Comment posts come quicker than a person's and more often than the rate limit allows: this file tests
    // what the form refuses for its content, not for its timing.
    site = await startSite({ logger: logs.logger, env: { COMMENT_FORM_MIN_SECONDS: '0', COMMENT_RATE_LIMIT: '1000', SEARCH_RATE_LIMIT: '10000' }, limits: { headersTimeoutMs: 400, requestTimeoutMs: 1000, checkIntervalMs: 100 } });
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

  it('answers hostile search queries with a results page, never an error or a 5xx', async () => {
    for (const query of hostileSearches) {
      let response = await site.get(`/search?q=${query}`);
      // A query not in its canonical spelling is sent there once (issue 17).
      if (response.status === 302) response = await site.get(response.headers.get('location')!);
      const html = await response.text();
      assert.equal(response.status, 200, `q=${query.slice(0, 40)}`);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      assert.match(html, /<h1[^>]*>[^<]*Search/, `q=${query.slice(0, 40)}: the search page`);
      assert.doesNotMatch(html, /\bat .*:\d+:\d+|node_modules|\/work\/|\/src\/|SqliteError|fts5/i, `q=${query.slice(0, 40)}: nothing leaked`);
    }
    await assertCleanError(await site.get(`/search?q=${'a%20'.repeat(800)}`), 414, 'a 3 kB query');
    const pieces = site.db.prepare(`SELECT count(*) AS n FROM articles`).get() as { n: number };
    assert.ok(pieces.n > 10, 'the articles table is still there');
    assert.match(await (await site.get('/search?q=transit')).text(), /href="\/opinion\/full-piece"/, 'search still finds pieces');
  });

  it('ignores hostile query strings on feeds and sitemaps, answering the same document', async () => {
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/authors/ada-fixture/feed.json', '/tags/filler/feed.atom', '/sitemap.xml', '/sitemaps/articles-1.xml', '/sitemap-news.xml', '/robots.txt']) {
      const plain = await site.get(path);
      const expected = await plain.text();
      assert.equal(plain.status, 200, path);
      for (const query of ['page=-1', 'page=abc&page=2', 'page[]=1', 'format=json&format=xml', 'q=%', '%E0%A4%A=%', 'x=%00', '__proto__[a]=1', 'callback=alert(1)']) {
        const response = await site.get(`${path}?${query}`);
        assert.equal(response.status, 200, `${path}?${query}`);
        assert.equal(response.headers.get('content-type'), plain.headers.get('content-type'), `${path}?${query}`);
        assert.equal(await response.text(), expected, `${path}?${query}: the query changes nothing`);
      }
    }
  });

  it('answers bad comment posts with a clean 4xx and stores none of them', async () => {
    const post = async (fields: Record<string, string>, change: (init: RequestInit) => RequestInit = (init) => init, slug = 'full-piece') => {
      const { token } = await readArticle(site.url, 'full-piece');
      return site.get(`/opinion/${slug}/comments`, change(commentPost(site.config.siteUrl, { token: token!, name: 'Bad Poster', comment: 'Not to be stored.', ...fields })));
    };
    const withBody = (body: (token: string) => string) => async () => {
      const { token } = await readArticle(site.url, 'full-piece');
      return site.get('/opinion/full-piece/comments', { ...commentPost(site.config.siteUrl, {}), body: body(token!) });
    };
    const withHeaders = (headers: Record<string, string>) => (init: RequestInit) => ({ ...init, headers });
    const form = 'application/x-www-form-urlencoded';
    // A status of 'form' is a 400 that shows the article again with the form and what is wrong with it.
    const cases: [string, number | 'form', () => Promise<Response>][] = [
      ['no token', 'form', () => site.get('/opinion/full-piece/comments', commentPost(site.config.siteUrl, { name: 'Bad Poster', comment: 'Not to be stored.' }))],
      ['a forged token', 'form', () => post({ token: 'mk0.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })],
      ['a token of another article', 'form', async () => {
        const { token } = await readArticle(site.url, 'syndicated-excerpt');
        return site.get('/opinion/full-piece/comments', commentPost(site.config.siteUrl, { token: token!, name: 'Bad Poster', comment: 'Not to be stored.' }));
      }],
      ['the token twice', 'form', withBody((t) => `token=${t}&token=${t}&name=Bad+Poster&email=a%40example.org&comment=Not+to+be+stored.`)],
      ['the name twice', 'form', withBody((t) => `token=${t}&name=Bad+Poster&name=Other&email=a%40example.org&comment=Not+to+be+stored.`)],
      ['the comment as an array', 'form', withBody((t) => `token=${t}&name=Bad+Poster&email=a%40example.org&comment[]=Not+to+be+stored.`)],
      ['more fields than a form has', 413, withBody((t) => `token=${t}&${Array.from({ length: 30 }, (_, i) => `f${i}=1`).join('&')}`)],
      ['an oversized comment', 413, () => post({ comment: 'x'.repeat(70_000) })],
      ['a JSON body', 415, () => post({}, (init) => ({ ...init, headers: { 'content-type': 'application/json', origin: site.config.siteUrl }, body: '{"comment":"x"}' }))],
      ['a multipart body', 415, () => post({}, withHeaders({ 'content-type': 'multipart/form-data; boundary=x', origin: site.config.siteUrl }))],
      ['a UTF-16 form', 415, () => post({}, withHeaders({ 'content-type': `${form}; charset=utf-16`, origin: site.config.siteUrl }))],
      ['an unknown content encoding', 415, () => post({}, withHeaders({ 'content-type': form, 'content-encoding': 'frob', origin: site.config.siteUrl }))],
      ['a gzip body that is not gzip', 400, () => post({}, withHeaders({ 'content-type': form, 'content-encoding': 'gzip', origin: site.config.siteUrl }))],
      ['no Origin or Referer', 403, () => post({}, withHeaders({ 'content-type': form }))],
      ['Origin null', 403, () => post({}, withHeaders({ 'content-type': form, origin: 'null' }))],
      ['another site', 403, () => post({}, withHeaders({ 'content-type': form, origin: 'https://evil.example' }))],
      ['a cross-site fetch', 403, () => post({}, withHeaders({ 'content-type': form, origin: site.config.siteUrl, 'sec-fetch-site': 'cross-site' }))],
      ['the Host it was sent to as Origin (DNS rebinding)', 403, () => post({}, withHeaders({ 'content-type': form, origin: site.url }))],
      ['the Host it was sent to as Referer', 403, () => post({}, withHeaders({ 'content-type': form, referer: `${site.url}/opinion/full-piece` }))],
      ['a look-alike of the site origin', 403, () => post({}, withHeaders({ 'content-type': form, origin: 'http://broadsheet.test.evil.example' }))],
      // Issue 17: a writer's name (authors.yaml), disguised so it reads as theirs on the page.
      ['a writer\'s name', 'form', () => post({ name: 'Ada Fixture' })],
      ['a writer\'s name behind bidi overrides', 'form', () => post({ name: '\u202EAda Fixture\u202C' })],
      ['a writer\'s name in a bidi isolate', 'form', () => post({ name: '\u2067Ada\u2069 Fixture' })],
      ['a writer\'s name with zero-width joiners and spaces', 'form', () => post({ name: 'A\u200Dda\u200B Fi\u200Cxture' })],
      ['a writer\'s name with soft hyphens and tag characters', 'form', () => post({ name: 'Ada Fix\u00ADture\u{E0041}' })],
      ['a writer\'s name with combining marks', 'form', () => post({ name: 'A\u0308da Fi\u0336xture\u0301\u0301\u0301\u0301' })],
      ['a writer\'s name in full-width letters', 'form', () => post({ name: '\uFF21\uFF44\uFF41\u3000\uFF26\uFF49\uFF58\uFF54\uFF55\uFF52\uFF45' })],
      ['a writer\'s name in mathematical letters', 'form', () => post({ name: '\u{1D400}\u{1D41D}\u{1D41A} \u{1D405}\u{1D422}\u{1D431}\u{1D42D}\u{1D42E}\u{1D42B}\u{1D41E}' })],
      ['a writer\'s name in Cyrillic look-alikes', 'form', () => post({ name: '\u0410d\u0430 Fi\u0445tur\u0435' })],
      ['a writer\'s name in Greek look-alikes', 'form', () => post({ name: '\u0392en \u0405ample' })],
      ['a writer\'s name in small capitals', 'form', () => post({ name: '\u0299\u1D07\u0274 s\u1D00\u1D0D\u1D18\u029F\u1D07' })],
      ['a writer\'s name with I for l and blank letters', 'form', () => post({ name: 'BEN\u3164SAMPIE' })],
      ['a name of invisible characters only', 'form', () => post({ name: '\u200B\u202E\u2066\u3164\u200D' })],
      ['an article that does not exist', 404, () => post({}, undefined, 'no-such-piece')],
      ['a draft', 404, () => post({}, undefined, 'draft')],
      ['a scheduled piece', 404, () => post({}, undefined, 'scheduled')],
    ];
    for (const [label, status, send] of cases) {
      const response = await send();
      if (status === 'form') {
        assert.equal(response.status, 400, label);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/, label);
        const html = await response.text();
        assert.match(html, /<div class="error-summary" role="alert"/, `${label}: the form says what is wrong`);
        assert.doesNotMatch(html, /\bat .*:\d+:\d+|node_modules|\/work\/|\/src\//, `${label}: no stack trace or path`);
      } else {
        await assertCleanError(response, status, label);
      }
    }
    const stored = site.db.prepare(`SELECT count(*) AS n FROM comments`).get() as { n: number };
    assert.equal(stored.n, 0, 'no bad post was stored');
    const good = await post({ comment: 'After all that, a good comment.' });
    assert.equal(good.status, 303, 'the form still works');
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
      assert.equal(response.headers.get('allow'), 'GET, HEAD, OPTIONS', method);
      await assertCleanError(response, 405, method);
    }
    const invented = await rawRequest(site.url, 'FROBNICATE / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal(invented.status, 405, 'an invented method');
    assert.match(invented.text, /Allow: GET, HEAD, OPTIONS/);
    const connect = await rawRequest(site.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 1000);
    assert.ok(connect.closedByServer && (connect.status === 0 || connect.status < 500), 'CONNECT is refused');
    const options = await site.get('/', { method: 'OPTIONS' });
    assert.ok(options.status < 500);
  });

  it('answers OPTIONS with the Allow its 405 sends, route by route (issue 17)', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const routes: [string, string][] = [
      ['/', 'GET, HEAD, OPTIONS'],
      ['/opinion/full-piece', 'GET, HEAD, OPTIONS'],
      ['/opinion/full-piece?comment=pending', 'GET, HEAD, OPTIONS'],
      ['/opinion/full-piece/comments', 'POST, OPTIONS'],
      ['/opinion/full-piece/comments?x=1', 'POST, OPTIONS'],
      ['/feed.xml', 'GET, HEAD, OPTIONS'],
      ['/search?q=bus', 'GET, HEAD, OPTIONS'],
      ['/_edge/visits/full-piece', 'GET, HEAD, OPTIONS'],
      ['/no/such/page', 'GET, HEAD, OPTIONS'],
    ];
    for (const [path, allow] of routes) {
      const options = await site.get(path, { method: 'OPTIONS' });
      assert.equal(options.status, 204, `OPTIONS ${path}`);
      assert.equal(options.headers.get('allow'), allow, `OPTIONS ${path}`);
      assert.equal(await options.text(), '');
      const refused = await site.get(path, { method: 'DELETE' });
      assert.equal(refused.headers.get('allow'), allow, `DELETE ${path}`);
      await assertCleanError(refused, 405, `DELETE ${path}`);
      // A method the site knows but this address does not take is refused with the same answer.
      const other = allow.startsWith('GET')
        ? await site.get(path, { method: 'POST', headers: form, body: 'a=b' })
        : await site.get(path);
      assert.equal(other.headers.get('allow'), allow, `wrong method for ${path}`);
      await assertCleanError(other, 405, `wrong method for ${path}`);
    }
  });

  it('ignores a request id or a forwarded address sent by a client that is not a trusted proxy (issue 17)', async () => {
    const forgedIds = ['edge-1234.abc', 'chosen-by-a-client', 'a'.repeat(64), '00000000-0000-4000-8000-000000000000', 'x" injected="1 {}', '\u00e9t\u00e9'];
    for (const id of forgedIds) {
      // Twice: the first fills the page cache, the second is answered from it before Express.
      for (const path of ['/tags/filler', '/tags/filler', '/no/such/page', '/healthz']) {
        const response = await site.get(path, { headers: { 'x-request-id': encodeURI(id) } });
        await response.arrayBuffer();
        const answered = response.headers.get('x-request-id') ?? '';
        assert.match(answered, /^[0-9a-f-]{36}$/, `${path} with ${id}`);
        assert.notEqual(answered, id);
      }
    }
    const claimed = ['203.0.113.7', '198.51.100.1, 203.0.113.8', '10.0.0.9', '127.0.0.5', '::1', 'unknown', '2001:db8::1, 127.0.0.1', '1.1.1.1'.repeat(200)];
    const todays: number[] = [];
    for (const address of claimed) {
      const headers = { 'user-agent': browserAgent, 'x-forwarded-for': address, 'x-real-ip': address, forwarded: `for=${address}` };
      const html = await (await site.get('/opinion/filler-09', { headers })).text();
      todays.push(Number(/([\d,]+) visits? today/.exec(html)?.[1]));
    }
    assert.deepEqual(todays, claimed.map(() => todays[0]), 'one client, whatever address it claims, is one visitor');
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
