import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { crc32Combine, crc32Shift } from '../../../src/http/crc32.js';
import { pageKey } from '../../../src/page-key.js';
import { chooseCoding, createRepresentation, etagFor, liveSlot, notModified, splitLiveSlots } from '../../../src/http/representation.js';
import { sanitizeBodyHtml } from '../../../src/content/sanitize.js';

describe('chooseCoding', () => {
  const fixed = { compressible: true, slots: [] as string[] };
  const live = { compressible: true, slots: ['visits'] };
  const table: [string | undefined, typeof fixed, string][] = [
    [undefined, fixed, 'identity'],
    ['gzip, deflate, br, zstd', fixed, 'br'],
    ['gzip, deflate, br', live, 'gzip'],
    ['gzip;q=1.0, br;q=0', fixed, 'gzip'],
    ['br;q=0.000, gzip;q=0', fixed, 'identity'],
    ['*', fixed, 'br'],
    ['x-gzip', fixed, 'gzip'],
    ['deflate', fixed, 'identity'],
    ['BR', fixed, 'br'],
    ['br', { compressible: false, slots: [] }, 'identity'],
  ];
  for (const [header, rep, expected] of table) {
    it(`picks ${expected} for ${JSON.stringify(header)}${rep.slots.length ? ' on a live page' : ''}`, () => {
      assert.equal(chooseCoding(header, rep), expected);
    });
  }
});

describe('notModified', () => {
  const table: [string | undefined, string, boolean][] = [
    [undefined, '"abc"', false],
    ['"abc"', '"abc"', true],
    ['W/"abc"', '"abc"', true],
    ['"abc"', 'W/"abc"', true],
    ['"x", "abc"', '"abc"', true],
    ['*', '"abc"', true],
    ['"abc-gz"', '"abc"', true],
    ['W/"abc-br"', '"abc-gz"', true],
    ['"abcd-gz"', '"abc"', false],
    ['"ab"', '"abc"', false],
  ];
  for (const [header, etag, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(header)} against ${etag}`, () => {
      assert.equal(notModified(header, etag), expected);
    });
  }
});

describe('pageKey', () => {
  const table: [string, string][] = [
    ['/', '/'],
    ['/opinion/a-piece', '/opinion/a-piece'],
    ['/?page=2', '/?page=2'],
    ['/opinion/a-piece?utm_source=x&utm_medium=social&fbclid=1', '/opinion/a-piece'],
    ['/tags/x?utm_campaign=y&page=3', '/tags/x?page=3'],
    ['/search?q=buses', '/search?q=buses'],
    ['/?', '/'],
  ];
  for (const [url, key] of table) {
    it(`keys ${url} as ${key}`, () => assert.equal(pageKey(url), key));
  }
});

describe('live slots', () => {
  const nonce = '0123456789abcdef0123456789abcdef';
  const slot = (name: string) => liveSlot(name, nonce);

  it('cuts a body at registered markers of its render and removes that render\'s others', () => {
    const body = `a${slot('visits')}b${slot('unknown')}c${slot('visits')}d<!-- a comment -->`;
    assert.deepEqual(splitLiveSlots(body, new Set(['visits']), nonce), { parts: ['a', 'bc', 'd<!-- a comment -->'], slots: ['visits', 'visits'] });
    assert.deepEqual(splitLiveSlots(body, new Set(), nonce), { parts: ['abcd<!-- a comment -->'], slots: [] });
  });

  it('leaves marker look-alikes from content as text: no nonce, another render\'s nonce, or none at all (issue 17)', () => {
    const forged = ['<!--live:visits-->', '<!--live:visits:ffffffffffffffffffffffffffffffff-->', `<!--live:visits:${nonce.toUpperCase()}-->`, `<!--live:visits:${nonce}x-->`];
    for (const text of forged) {
      const body = `<p>${text}</p>${slot('visits')}`;
      assert.deepEqual(splitLiveSlots(body, new Set(['visits']), nonce), { parts: [`<p>${text}</p>`, ''], slots: ['visits'] });
    }
    // A body sent without a render's nonce (a feed) has no slots at all.
    const feed = createRepresentation(`{"title": "${slot('visits')}"}`, { type: 'application/feed+json', cacheControl: 'public', live: new Set(['visits']) });
    assert.deepEqual(feed.slots, []);
    assert.throws(() => splitLiveSlots('x', new Set(['visits']), '.*'), /nonce/);
  });

  it('drops HTML comments from stored bodies, so a body cannot carry a marker either way (issue 17)', () => {
    assert.equal(sanitizeBodyHtml(`<p>a<!--live:visits-->b</p><!--live:comment-token-->${slot('visits')}`), '<p>ab</p>');
  });

  it('gives a page with slots a weak ETag and a fixed page a strong one, suffixed per coding', () => {
    const fixed = createRepresentation('<p>x</p>', { type: 'text/html', cacheControl: 'public' });
    const live = createRepresentation(`<p>x</p>${slot('visits')}`, { type: 'text/html', cacheControl: 'public', live: new Set(['visits']), slotNonce: nonce });
    assert.equal(fixed.tag, live.tag, 'the tag hashes the fixed bytes only');
    assert.equal(etagFor(fixed, 'identity'), `"${fixed.tag}"`);
    assert.equal(etagFor(fixed, 'br'), `"${fixed.tag}-br"`);
    assert.equal(etagFor(live, 'gzip'), `W/"${live.tag}-gz"`);
  });
});

describe('crc32Combine', () => {
  it('gives the CRC-32 of a concatenation from its pieces, for lengths across the stored-block size', () => {
    const bytes = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed * 7) & 0xff));
    for (const [a, b] of [[0, 0], [1, 0], [0, 1], [5, 7], [1000, 65_536], [70_000, 3], [123, 4567]] as const) {
      const left = bytes(a, 1);
      const right = bytes(b, 2);
      const combined = crc32Combine(zlib.crc32(left), zlib.crc32(right), crc32Shift(b));
      assert.equal(combined, zlib.crc32(Buffer.concat([left, right])), `${a} + ${b} bytes`);
    }
  });
});
