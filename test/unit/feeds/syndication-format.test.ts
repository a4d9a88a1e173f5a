import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xmlComment, xmlEscape } from '../../../src/xml-writer.js';
import { absoluteUrls } from '../../../src/feeds/html.js';
import { latestChange, rfc3339 } from '../../../src/seo/dates.js';
import { jsonLdScript, schemaTypeFor } from '../../../src/seo/json-ld.js';

describe('XML, JSON-LD and date formatting for syndication (issue 5)', () => {
  it('escapes XML text and attributes and drops characters XML forbids', () => {
    assert.equal(xmlEscape(`a & b < c > "d" 'e'`), 'a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;');
    assert.equal(xmlEscape('bell\u0007 nul\u0000 ok\ttab\u{1F642}'), 'bell nul ok\ttab\u{1F642}');
    assert.equal(xmlEscape('lone \uD800 surrogate \uFFFE'), 'lone  surrogate ');
    assert.equal(xmlEscape('end ]]> of CDATA'), 'end ]]&gt; of CDATA');
  });

  it('keeps "--" out of XML comments', () => {
    assert.equal(xmlComment('https://e.com/a--b---c-'), ' https://e.com/a- -b- - -c- ');
  });

  it('escapes JSON-LD so a script block cannot be closed or confused, and it still parses', () => {
    const data = { headline: '</script><!-- & \u2028 -->' };
    const text = jsonLdScript(data);
    assert.doesNotMatch(text, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(text), data);
  });

  it('types every Broadsheet piece as opinion', () => {
    for (const type of ['op-ed', 'editorial', 'column', 'letter']) assert.equal(schemaTypeFor(type), 'OpinionNewsArticle');
    assert.equal(schemaTypeFor('report'), 'NewsArticle');
  });

  it('writes dates with seconds and picks the latest change', () => {
    assert.equal(rfc3339('2026-10-14T07:30-04:00'), '2026-10-14T07:30:00-04:00');
    assert.equal(rfc3339('2026-10-14T07:30Z'), '2026-10-14T07:30:00Z');
    assert.equal(rfc3339('2026-10-14T07:30:15.5Z'), '2026-10-14T07:30:15.5Z');
    const dates = {
      publishedAt: '2026-10-01T08:00-04:00', publishedTs: Date.parse('2026-10-01T08:00:00-04:00'),
      updatedAt: '2026-10-02T08:00:00Z', updatedTs: Date.parse('2026-10-02T08:00:00Z'),
      correctedAt: null, correctedTs: null,
    };
    assert.equal(latestChange(dates).iso, '2026-10-02T08:00:00Z');
    assert.equal(latestChange({ ...dates, updatedAt: null, updatedTs: null }).iso, '2026-10-01T08:00:00-04:00');
    assert.equal(latestChange({ ...dates, correctedAt: '2026-10-03T01:00:00+02:00', correctedTs: Date.parse('2026-10-03T01:00:00+02:00') }).iso, '2026-10-03T01:00:00+02:00');
  });

  it('makes relative links and images absolute without touching anything else', () => {
    assert.equal(
      absoluteUrls('<p><a href="/x">x</a> <a href="#s">s</a> <a href="https://e.com/">e</a> <img src="/i.svg" alt="A &amp; B"></p>', 'http://s.test/opinion/p'),
      '<p><a href="http://s.test/x">x</a> <a href="http://s.test/opinion/p#s">s</a> <a href="https://e.com/">e</a> <img src="http://s.test/i.svg" alt="A &amp; B" /></p>',
    );
  });
});
