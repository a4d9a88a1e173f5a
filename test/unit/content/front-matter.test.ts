import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProblem } from '../../../src/content/content-error.js';
import { parseArticle } from '../../../src/content/front-matter.js';

const base: Record<string, string> = {
  title: 'A headline',
  date: '2026-10-14T07:30:00-04:00',
  authors: '[ada-fixture]',
};

function file(fields: Record<string, string | undefined>, body = 'The body.'): string {
  const lines = Object.entries({ ...base, ...fields })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

describe('parseArticle', () => {
  it('accepts a minimal piece and derives the slug from the file name', () => {
    const { article, problems } = parseArticle(file({}), 'content/2026-10-14-a-headline.md');
    assert.deepEqual(problems, []);
    assert.equal(article?.slug, 'a-headline');
    assert.equal(article?.type, 'op-ed');
    assert.equal(article?.publishedAt, '2026-10-14T07:30:00-04:00');
    assert.equal(article?.commentsOpen, true);
  });

  it('derives the slug from the file name when front matter leaves slug empty, never an empty slug (issue 17)', () => {
    for (const empty of ['', 'null', '""', '~']) {
      const { article, problems } = parseArticle(file({ slug: empty }), 'content/2026-10-14-a-headline.md');
      assert.deepEqual(problems, [], `slug: ${empty}`);
      assert.equal(article?.slug, 'a-headline', `slug: ${empty}`);
    }
  });

  it('accepts every optional field', () => {
    const text = `---
title: Every field
slug: every-field
type: column
dek: A dek
summary: A summary
date: 2026-10-14T07:30:00Z
updated: 2026-10-15T07:30:00Z
draft: false
section: Cities
tags: [Transit, "City budgets"]
authors: [ada-fixture, ben-sample]
author_note: Ada writes.
disclosure: None.
image: { src: /img/a.svg, alt: An image, caption: A caption, credit: Us }
source: { publication: Gazette, section: Opinion, url: "https://example.com/x", date: "2026-10-13T00:00:00Z", licence: CC BY, display: full }
canonical: https://example.com/x
corrections:
  - { date: "2026-10-15T07:30:00Z", text: Fixed a name. }
comments: closed
aliases: [old-slug]
---
Body.`;
    const { article, problems } = parseArticle(text, 'x.md');
    assert.deepEqual(problems, []);
    assert.equal(article?.type, 'column');
    assert.deepEqual(article?.tags, ['Transit', 'City budgets']);
    assert.deepEqual(article?.authors, ['ada-fixture', 'ben-sample']);
    assert.equal(article?.image?.alt, 'An image');
    assert.equal(article?.source?.display, 'full');
    assert.equal(article?.canonicalUrl, 'https://example.com/x');
    assert.equal(article?.corrections.length, 1);
    assert.equal(article?.commentsOpen, false);
    assert.deepEqual(article?.aliases, ['old-slug']);
  });

  // Each row: the fields to change, and the problem line expected (file: field: message (got "value")).
  const bad: [string, Record<string, string | undefined>, RegExp][] = [
    ['missing title', { title: undefined }, /^x\.md: title: is required$/],
    ['missing date', { date: undefined }, /^x\.md: date: is required/],
    ['date without zone', { date: '2026-10-14T07:30:00' }, /^x\.md: date: must be an ISO 8601 date and time with a time zone.* \(got "2026-10-14T07:30:00"\)$/],
    ['date only', { date: '2026-10-14' }, /date: must be an ISO 8601/],
    ['impossible date', { date: '2026-02-30T10:00:00Z' }, /date: must be an ISO 8601/],
    ['unparseable date', { date: 'next tuesday' }, /\(got "next tuesday"\)/],
    ['updated before date', { updated: '2026-10-13T07:30:00-04:00' }, /^x\.md: updated: must not be earlier than date/],
    ['missing authors', { authors: undefined }, /^x\.md: authors: at least one author/],
    ['author not a slug', { authors: '[Ada Fixture]' }, /authors: must be author slugs .*\(got "Ada Fixture"\)/],
    ['duplicate author', { authors: '[ada, ada]' }, /authors: lists the same author twice/],
    ['unknown type', { type: 'rant' }, /^x\.md: type: must be one of op-ed, editorial, column, letter \(got "rant"\)$/],
    ['bad slug', { slug: 'Not A Slug!' }, /^x\.md: slug: must be lowercase letters.*\(got "Not A Slug!"\)$/],
    ['draft not boolean', { draft: 'maybe' }, /draft: must be true or false/],
    ['image without alt', { image: '{ src: /img/a.svg }' }, /^x\.md: image\.alt: is required$/],
    // Issue 19: a file or an http(s) address is fetched and processed at import; any other scheme is refused.
    ['image of another scheme', { image: '{ src: "file:///etc/passwd", alt: x }' }, /image\.src: must be a file beside the piece .* \(got "file:\/\/\/etc\/passwd"\)/],
    ['image site path climbing out', { image: '{ src: /img/../../x.png, alt: x }' }, /image\.src: must be a file beside the piece/],
    ['relative source url', { source: '{ publication: P, url: /relative }' }, /source\.url: must be an absolute http\(s\) URL \(got "\/relative"\)/],
    ['javascript canonical', { canonical: 'javascript:alert(1)' }, /canonical: must be an absolute http\(s\) URL/],
    ['bad display', { source: '{ publication: P, url: "https://e.com", display: teaser }' }, /source\.display: must be full or excerpt/],
    ['correction without date', { corrections: '[{ text: oops }]' }, /corrections\[0\]\.date: is required/],
    ['comments neither open nor closed', { comments: 'maybe' }, /comments: must be open or closed/],
    ['alias not a slug', { aliases: '["Old Slug"]' }, /aliases: must be URL-safe slugs/],
    ['unknown field', { autor: 'ada' }, /^x\.md: autor: unknown field \(got "ada"\)$/],
    ['title too long', { title: 'x'.repeat(201) }, /title: must be at most 200 characters/],
  ];
  for (const [name, fields, expected] of bad) {
    it(`reports ${name}`, () => {
      const { article, problems } = parseArticle(file(fields), 'x.md');
      assert.equal(article, undefined);
      assert.ok(problems.some((p) => expected.test(formatProblem(p))), problems.map(formatProblem).join('\n'));
    });
  }

  it("requires a lead image's alt text of the house, and lets a piece from outside keep it empty (issue 19)", () => {
    const text = file({ image: '{ src: "https://img.example/a.jpg" }' });
    assert.deepEqual(parseArticle(text, 'x.md').problems.map(formatProblem), ['x.md: image.alt: is required']);
    const outside = parseArticle(text, 'feed.xml item 1', { fromOutside: true });
    assert.deepEqual(outside.problems, []);
    assert.deepEqual(outside.article?.image, { src: 'https://img.example/a.jpg', alt: '', caption: '', credit: '' });
  });

  it('reports malformed YAML with its line', () => {
    const { problems } = parseArticle('---\ntitle: [unclosed\ndate: x\n---\nbody', 'x.md');
    assert.match(formatProblem(problems[0]!), /^x\.md: front matter line \d+: invalid YAML/);
  });

  it('reports a file without front matter and an empty body', () => {
    assert.match(formatProblem(parseArticle('Just text', 'x.md').problems[0]!), /front matter: file must start with YAML front matter/);
    assert.ok(parseArticle(file({}, ''), 'x.md').problems.some((p) => p.field === 'body'));
  });

  describe('dates as other systems write them, read in the site\'s zone (issue 18)', () => {
    const zone = { timeZone: 'Europe/Berlin' };
    const cases: [string, string][] = [
      ['2026-10-04', '2026-10-04T00:00:00+02:00'],
      ["'2026-10-04'", '2026-10-04T00:00:00+02:00'],
      ['2026-10-04 12:00', '2026-10-04T12:00:00+02:00'],
      ['2026-12-04 12:00:00', '2026-12-04T12:00:00+01:00'],
      ['2026-10-04 12:00:00 +0530', '2026-10-04T12:00:00+05:30'],
      ['2026-10-04T07:30:00-04:00', '2026-10-04T07:30:00-04:00'],
    ];
    for (const [written, iso] of cases) {
      it(`reads date: ${written}`, () => {
        const { article, problems } = parseArticle(file({ date: written }), 'content/a.md', zone);
        assert.deepEqual(problems, []);
        assert.equal(article?.publishedAt, iso);
      });
    }

    it('reads updated and corrections\' dates the same way', () => {
      const text = file({ date: '2026-10-04', updated: '2026-10-05 09:00', corrections: '[{ date: 2026-10-06, text: "A name was misspelt." }]' });
      const { article, problems } = parseArticle(text, 'content/a.md', zone);
      assert.deepEqual(problems, []);
      assert.equal(article?.updatedAt, '2026-10-05T09:00:00+02:00');
      assert.deepEqual(article?.corrections, [{ date: '2026-10-06T00:00:00+02:00', text: 'A name was misspelt.' }]);
    });

    it('still refuses what cannot be read, and a date without a zone when no site zone is given', () => {
      for (const bad of ['2026-02-30', 'next Tuesday', '04/10/2026', '2026-10-04 25:00']) {
        const { problems } = parseArticle(file({ date: bad }), 'content/a.md', zone);
        assert.deepEqual(problems.map((p) => p.field), ['date'], bad);
        assert.match(problems[0]!.message, /must be a date \(2026-10-14\)/);
      }
      const { problems } = parseArticle(file({ date: '2026-10-04' }), 'content/a.md');
      assert.match(formatProblem(problems[0]!), /date: must be an ISO 8601 date and time with a time zone/);
    });
  });
});
