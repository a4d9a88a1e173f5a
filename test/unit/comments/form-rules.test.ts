import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, ConfigError } from '../../../src/config.js';
import { isSameSitePost } from '../../../src/comments/origin.js';
import { createRateLimiter } from '../../../src/comments/rate-limit.js';
import { clientNetwork } from '../../../src/client-network.js';
import { commentParagraphs, countLinks, normaliseCommentText } from '../../../src/comments/text.js';
import { formToken, formWindowMs, formWindowStart, verifyFormToken } from '../../../src/comments/token.js';
import { parseWebsite, validateComment } from '../../../src/comments/validate.js';

describe('comment text (issue 4)', () => {
  it('normalises line ends, control characters, trailing spaces and runs of blank lines', () => {
    const cases: [string, string][] = [
      ['  hello  ', 'hello'],
      ['a\r\nb\rc', 'a\nb\nc'],
      ['a\u0000b\u001b[31mc\u200bd', 'ab[31mcd'],
      ['one   \n\n\n\n two', 'one\n\n two'],
      ['e\u0301', '\u00e9'],
    ];
    for (const [input, expected] of cases) assert.equal(normaliseCommentText(input), expected, JSON.stringify(input));
  });

  it('splits paragraphs and lines, and links only well-formed bare http(s) URLs', () => {
    const cases: [string, unknown][] = [
      ['Plain.', [[[{ text: 'Plain.' }]]]],
      ['One\ntwo\n\nThree', [[[{ text: 'One' }], [{ text: 'two' }]], [[{ text: 'Three' }]]]],
      ['See https://example.org/x.', [[[{ text: 'See ' }, { text: 'https://example.org/x', href: 'https://example.org/x' }, { text: '.' }]]]],
      ['(https://example.org/a_(b))', [[[{ text: '(' }, { text: 'https://example.org/a_(b)', href: 'https://example.org/a_(b)' }, { text: ')' }]]]],
      ['javascript:alert(1) and <b>bold</b>', [[[{ text: 'javascript:alert(1) and <b>bold</b>' }]]]],
      ['http://"onmouseover=x', [[[{ text: 'http://"onmouseover=x' }]]]],
      ['HTTPS://EXAMPLE.ORG', [[[{ text: 'HTTPS://EXAMPLE.ORG', href: 'https://example.org/' }]]]],
    ];
    for (const [input, expected] of cases) assert.deepEqual(commentParagraphs(input), expected, input);
  });

  it('counts links written bare, as www addresses, as HTML or as BBCode, each once', () => {
    const cases: [string, number][] = [
      ['no links here', 0],
      ['https://a.example and http://b.example', 2],
      ['https://www.a.example', 1],
      ['www.cheap.example', 1],
      ['<a href="x">x</a> [url=y]y[/url]', 2],
    ];
    for (const [input, expected] of cases) assert.equal(countLinks(input), expected, input);
  });
});

describe('comment form token, shared by every reader in its window (issues 4 and 15)', () => {
  const secret = 's'.repeat(32);
  const windowStart = Date.parse('2026-11-28T12:00:00Z');
  const check = (token: unknown, slug = 'piece', at = windowStart + 10_000) => verifyFormToken(secret, slug, token, at, 3_000, 86_400_000);

  it('hands every reader in one window the same token, and the next window another', () => {
    const token = formToken(secret, 'piece', windowStart + 5_000);
    assert.equal(formToken(secret, 'piece', windowStart + formWindowMs - 1), token);
    assert.notEqual(formToken(secret, 'piece', windowStart + formWindowMs), token);
    assert.equal(formWindowStart(windowStart + 1_234), windowStart);
  });

  it('accepts a token from the minimum time after its window starts until the maximum age', () => {
    const token = formToken(secret, 'piece', windowStart + 59 * 60_000);
    for (const at of [windowStart + 3_000, windowStart + 10_000, windowStart + 86_400_000]) {
      assert.deepEqual(check(token, 'piece', at), { ok: true }, `at +${at - windowStart} ms`);
    }
  });

  it('names the problem with every other token', () => {
    const token = formToken(secret, 'piece', windowStart);
    const [time, mac] = token.split('.') as [string, string];
    const cases: [unknown, string, number, string][] = [
      [undefined, 'piece', windowStart + 10_000, 'missing'],
      [['a', 'b'], 'piece', windowStart + 10_000, 'missing'],
      ['junk', 'piece', windowStart + 10_000, 'forged'],
      [token, 'other-piece', windowStart + 10_000, 'forged'],
      [`${(windowStart + formWindowMs).toString(36)}.${mac}`, 'piece', windowStart + formWindowMs + 10_000, 'forged'],
      [`${time}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, 'piece', windowStart + 10_000, 'forged'],
      [formToken('t'.repeat(32), 'piece', windowStart), 'piece', windowStart + 10_000, 'forged'],
      [token, 'piece', windowStart + 1_000, 'too-fast'],
      [token, 'piece', windowStart + 86_400_001, 'expired'],
      [token, 'piece', windowStart - 120_000, 'forged'],
    ];
    for (const [value, slug, at, problem] of cases) {
      assert.deepEqual(check(value, slug, at), { ok: false, problem }, `${String(value)} for ${slug}`);
    }
  });
});

describe('comment validation (issue 4)', () => {
  it('returns the normalised comment when every field is good', () => {
    assert.deepEqual(validateComment({ name: '  Ada   L. ', email: 'Ada@Example.ORG', website: '', comment: 'Hi\r\n' }), {
      comment: { name: 'Ada L.', email: 'ada@example.org', website: null, body: 'Hi' },
      errors: [],
    });
  });

  it('names each bad field', () => {
    const { errors } = validateComment({ name: ' ', email: 'not-an-email', website: 'ftp://x.example', comment: '\u0000' });
    assert.deepEqual(errors.map((e) => e.field), ['name', 'email', 'website', 'comment']);
  });

  it('accepts only http(s) websites, adding the scheme when left off', () => {
    const cases: [string, string | null][] = [
      ['example.com', 'https://example.com/'],
      ['http://example.com/me', 'http://example.com/me'],
      ['javascript:alert(1)', null],
      ['data:text/html,x', null],
      ['https://user:pw@example.com', null],
      ['localhost', null],
    ];
    for (const [input, expected] of cases) assert.equal(parseWebsite(input), expected, input);
  });
});

describe('comment origin check (issue 4)', () => {
  const site = 'https://news.example';
  it('accepts posts from our own pages and refuses the rest', () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ origin: 'https://news.example', host: 'internal:3000' }, true],
      [{ referer: 'https://news.example/opinion/x', host: 'x' }, true],
      [{ origin: 'https://evil.example', host: 'news.example' }, false],
      [{ origin: 'https://news.example.evil.example', host: 'x' }, false],
      [{ origin: 'null', host: 'news.example' }, false],
      [{ host: 'news.example' }, false],
      [{ origin: 'https://news.example', 'sec-fetch-site': 'same-site', host: 'news.example' }, false],
      [{ origin: 'https://news.example', 'sec-fetch-site': 'same-origin', host: 'news.example' }, true],
    ];
    for (const [headers, expected] of cases) assert.equal(isSameSitePost(headers, site), expected, JSON.stringify(headers));
  });

  it('accepts only the configured site origin, whatever Host the request names (issue 17)', () => {
    // DNS rebinding: a name the attacker controls is pointed at our address, so the browser sends
    // Host and Origin both of that name. Equal to each other, but neither is ours.
    const cases: [Record<string, string>, boolean][] = [
      [{ origin: 'http://evil.example', host: 'evil.example' }, false],
      [{ origin: 'https://evil.example:8443', host: 'evil.example:8443' }, false],
      [{ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, false],
      [{ origin: 'http://NEWS.example', host: 'news.example' }, false],
      [{ origin: 'https://news.example:8443', host: 'news.example:8443' }, false],
      [{ referer: 'http://evil.example/opinion/x', host: 'evil.example' }, false],
      [{ referer: 'https://news.example@evil.example/opinion/x', host: 'evil.example' }, false],
      [{ referer: 'https://news.example.evil.example/x', host: 'news.example.evil.example' }, false],
      [{ origin: 'https://evil.example', referer: 'https://news.example/opinion/x', host: 'news.example' }, false],
      [{ origin: 'https://NEWS.example:443', host: 'evil.example' }, true],
      [{ origin: 'https://news.example', host: 'evil.example' }, true],
      [{ referer: 'https://news.example/opinion/x?y=1', host: 'anything' }, true],
    ];
    for (const [headers, expected] of cases) assert.equal(isSameSitePost(headers, site), expected, JSON.stringify(headers));
  });
});

describe('comment rate limiter (issue 4)', () => {
  it('allows the limit per window per key, then says when to retry', () => {
    const clock = { now: 0 };
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => clock.now });
    assert.equal(limiter.hit('a').allowed, true);
    clock.now = 10_000;
    assert.equal(limiter.hit('a').allowed, true);
    assert.equal(limiter.hit('b').allowed, true);
    assert.deepEqual(limiter.hit('a'), { allowed: false, retryAfterSeconds: 50 });
    clock.now = 60_001;
    assert.equal(limiter.hit('a').allowed, true);
  });

  it('counts IPv6 clients by /64 and IPv4-mapped IPv6 as the IPv4 address (issue 17)', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => 0 });
    // One /64 is what a single subscriber is handed: every address in it is the same client.
    const sameNetwork = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:7', '2001:db8:1:2::a%eth0'];
    assert.equal(limiter.hit(sameNetwork[0]!).allowed, true);
    assert.equal(limiter.hit(sameNetwork[1]!).allowed, true);
    for (const address of sameNetwork) assert.equal(limiter.hit(address).allowed, false, address);
    for (const address of ['2001:db8:1:3::1', '2001:db8:1::1', '2001:db9:1:2::1', '::1']) {
      assert.equal(limiter.hit(address).allowed, true, `${address} is another network`);
    }
    for (const address of ['192.0.2.7', '::ffff:192.0.2.7']) assert.equal(limiter.hit(address).allowed, true, address);
    for (const address of ['::ffff:c000:207', '::FFFF:192.0.2.7', '192.0.2.7']) assert.equal(limiter.hit(address).allowed, false, address);
    assert.equal(limiter.hit('192.0.2.8').allowed, true, 'IPv4 addresses are counted one by one');
  });

  it('names the network a client address counts for (issue 17)', () => {
    const cases: [string, string][] = [
      ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
      ['2001:DB8:0:0:8:800:200c:417a', '2001:db8:0:0::/64'],
      ['::', '0:0:0:0::/64'],
      ['fe80::1%lo0', 'fe80:0:0:0::/64'],
      ['::ffff:10.0.0.1', '10.0.0.1'],
      ['::ffff:a00:1', '10.0.0.1'],
      ['10.0.0.1', '10.0.0.1'],
      ['2001:db8::ffff:10.0.0.1', '2001:db8:0:0::/64'],
      ['not an address', 'not an address'],
      ['', ''],
    ];
    for (const [address, expected] of cases) assert.equal(clientNetwork(address), expected, address);
  });

  it('keeps memory bounded by forgetting the oldest keys', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) assert.equal(limiter.hit(key).allowed, true);
    assert.equal(limiter.hit('a').allowed, true, 'a was forgotten to make room');
    assert.equal(limiter.hit('d').allowed, false);
  });
});

describe('comment and visit configuration (issue 4)', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    assert.equal(config.commentSecret, undefined);
    assert.equal(config.commentsAutoApprove, false);
    assert.equal(config.commentsCloseAfterDays, 0);
    assert.equal(config.visitFlushSeconds, 5);
  });

  it('lists every bad variable in one error', () => {
    assert.throws(
      () => loadConfig({ COMMENT_SECRET: 'short', COMMENTS_AUTO_APPROVE: 'maybe', COMMENT_RATE_LIMIT: '0', VISIT_FLUSH_SECONDS: '1.5' }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 4,
    );
  });
});
