import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validatePiece } from '../../../src/content/converted.js';
import { convertWireCopy, escapeText } from '../../../src/content/wire-copy.js';
import { countWords } from '../../../src/content/markdown.js';
import { toRecord } from '../../../src/content/record.js';
import { fixturesDir } from '../../helpers/site.js';

const wire = fs.readFileSync(path.join(fixturesDir, 'cli/wire/library-hours.txt'), 'utf8');
const flags = { authors: ['tomas-vell'], date: '2026-10-09T07:00:00+01:00', sourceUrl: 'https://example.com/ledger/libraries' };

describe('convertWireCopy', () => {
  it('turns wire copy into a syndicated excerpt with kicker, subheadings and source block', () => {
    const { pieces, problems, warnings } = convertWireCopy(wire, 'wire.txt', flags);
    assert.deepEqual(problems, []);
    const { article } = validatePiece(pieces[0]!);
    assert.equal(article!.title, 'Our libraries should keep the lights on after nine');
    assert.equal(article!.slug, 'our-libraries-should-keep-the-lights-on-after-nine');
    assert.equal(article!.type, 'op-ed');
    assert.deepEqual(article!.source, { publication: 'The Harbour Ledger', section: 'Opinion', url: 'https://example.com/ledger/libraries', date: undefined, licence: '', display: 'excerpt' });
    assert.deepEqual(article!.bodyMarkdown.match(/^## .*$/gm), ['## A room for the late shift', '## What it would take']);
    assert.match(article!.bodyMarkdown, /as much as the daytime one…$/);
    assert.deepEqual(warnings.map((w) => [w.line, w.field]), [[1, 'headline'], [undefined, 'body'], [undefined, 'body']]);
  });

  it('never guesses author or date, and names the flags that supply them', () => {
    const { pieces, problems } = convertWireCopy(wire, 'wire.txt', {});
    assert.deepEqual(pieces, []);
    assert.deepEqual(problems.map((p) => [p.field, p.line]), [['author', undefined], ['date', undefined], ['source.url', 17]]);
  });

  it('maps headline labels to piece types and keeps a plain headline whole', () => {
    const editorial = convertWireCopy('Editorial: Fix the roof\n\nIt leaks.\n', 'e.txt', { authors: ['a'], date: '2026-10-09T07:00:00Z' });
    assert.equal(editorial.pieces[0]!.frontMatter.type, 'editorial');
    assert.equal(editorial.pieces[0]!.frontMatter.title, 'Fix the roof');
    const plain = convertWireCopy('Why: a question\n\nIt leaks.\n', 'p.txt', { authors: ['a'], date: '2026-10-09T07:00:00Z' });
    assert.equal(plain.pieces[0]!.frontMatter.title, 'Why: a question');
    assert.equal(plain.warnings.length, 0);
  });

  it('escapes text that Markdown would otherwise read as markup', () => {
    const table: [string, string][] = [
      ['1. Not a list', '1\\. Not a list'],
      ['# not a heading', '\\# not a heading'],
      ['a <b>tag</b> and *stars* and [brackets]', 'a \\<b>tag\\</b> and \\*stars\\* and \\[brackets\\]'],
      ['&copy; stays literal', '&amp;copy; stays literal'],
    ];
    for (const [input, expected] of table) assert.equal(escapeText(input), expected);
  });
});

describe("a publisher's own excerpt (issue 18)", () => {
  it('shows wire copy that ends in "…read more" whole, never cut a second time, with the link to the original', () => {
    const { pieces } = convertWireCopy(wire, 'wire.txt', flags);
    const { article } = validatePiece(pieces[0]!);
    const record = toRecord(article!, 'wire.txt');
    assert.equal(article!.source!.display, 'excerpt', 'still an excerpt, so the page links to the original');
    assert.equal(record.excerptHtml, record.bodyHtml);
    assert.equal(countWords(record.excerptHtml!), countWords(record.bodyHtml));
    assert.match(record.excerptHtml!, /as much as the daytime one…<\/p>\n$/);
  });

  it('still cuts a full body that it is asked to show as an excerpt', () => {
    const long = `Headline for a long piece\n\n${Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} says one thing in eleven plain words and stops.`).join('\n\n')}\n\nSource:: The Harbour Ledger – Opinion\n`;
    const { pieces } = convertWireCopy(long, 'long.txt', { ...flags, display: 'excerpt' });
    const record = toRecord(validatePiece(pieces[0]!).article!, 'long.txt');
    assert.ok(countWords(record.excerptHtml!) < countWords(record.bodyHtml));
  });
});
