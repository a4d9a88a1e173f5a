import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProblem } from '../../../src/content/content-error.js';
import { validatePiece } from '../../../src/content/converted.js';
import { convertFeed } from '../../../src/content/feed-import.js';
import { parseMarkdownFile } from '../../../src/content/markdown-file.js';
import { renderMarkdown } from '../../../src/content/markdown.js';
import { convertWxr } from '../../../src/content/wxr.js';
import { parseXml } from '../../../src/content/xml-reader.js';

const frontMatter = '---\ntitle: Deep\ndate: 2026-10-06T08:00:00+01:00\nauthors: [mara-quill]\n---\n';
// The body starts on line 6 of the file.
const refusals = (body: string) => parseMarkdownFile(frontMatter + body, 'deep.md').problems.map(formatProblem);
const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n');
const marks = 'emphasis, code, link or HTML marks (* _ ~ ` [ ] <)';

describe('bounds on a body (issue 17)', () => {
  it('refuses bodies nested or marked up past the bounds with file, line and field, before marked sees them (issue 17)', () => {
    const table: [string, string, string[]][] = [
      ['2,000 quote markers', '> '.repeat(2000) + 'deep', ['deep.md:6: body: nesting deeper than 32 levels (quotes and lists inside each other)']],
      ['quotes one per line', Array.from({ length: 40 }, (_, i) => '>'.repeat(i + 1) + ' x').join('\n'), ['deep.md:38: body: nesting deeper than 32 levels (quotes and lists inside each other)']],
      ['lists on one line', '- '.repeat(40) + 'x', ['deep.md:6: body: nesting deeper than 32 levels (quotes and lists inside each other)']],
      ['ordered lists and quotes alternating', '1. > '.repeat(20) + 'x', ['deep.md:6: body: nesting deeper than 32 levels (quotes and lists inside each other)']],
      ['a list nested by indentation', nestedList(40), ['deep.md:38: body: nesting deeper than 32 levels (quotes and lists inside each other)']],
      ['raw HTML nested 2,000 deep', '<div>'.repeat(2000) + 'x', [`deep.md:6: body: a paragraph has more than 500 ${marks}; split it or use less markup`, 'deep.md:6: body: HTML nesting deeper than 64 levels']],
      ['raw HTML nested 100 deep', '<div>'.repeat(100) + 'x', ['deep.md:6: body: HTML nesting deeper than 64 levels']],
      ['emphasis without spaces', 'Intro.\n\n' + '*a'.repeat(600), [`deep.md:8: body: a paragraph has more than 500 ${marks}; split it or use less markup`]],
      ['nested emphasis', '*a '.repeat(300) + 'b' + ' a*'.repeat(300), [`deep.md:6: body: a paragraph has more than 500 ${marks}; split it or use less markup`]],
      ['a long run of stars', '*'.repeat(5000) + 'a' + '*'.repeat(5000), [
        `deep.md:6: body: a paragraph has more than 500 ${marks}; split it or use less markup`,
        `deep.md:6: body: has more than 5000 ${marks} in all`,
      ]],
      ['unclosed angle brackets', '<a'.repeat(600), [`deep.md:6: body: a paragraph has more than 500 ${marks}; split it or use less markup`]],
      ['marks spread over many paragraphs', ('**a** '.repeat(100) + '\n\n').repeat(13), [`deep.md:30: body: has more than 5000 ${marks} in all`]],
      ['a table 100 columns wide', '| a '.repeat(100) + '|\n' + '| - '.repeat(100) + '|\n' + '| b '.repeat(100) + '|', ['deep.md:7: body: a table is wider than 64 columns']],
    ];
    for (const [name, body, expected] of table) assert.deepEqual(refusals(body), expected, name);
  });

  it('accepts what real pieces do: shallow nesting, fenced code full of stars, star rules, a 64-column table (issue 17)', () => {
    const table: [string, string][] = [
      ['quotes and lists at the bound', '> '.repeat(16) + '- '.repeat(16) + 'x'],
      ['a list nested 32 deep by indentation', nestedList(32)],
      ['code is not parsed for markup', '```\n' + '*p = **q;\n'.repeat(2000) + '```\n\nAfter.'],
      ['a thematic break of stars', 'Before.\n\n' + '*'.repeat(300) + '\n\nAfter.'],
      ['a table 64 columns wide', '| a '.repeat(64) + '|\n' + '| - '.repeat(64) + '|\n' + '| b '.repeat(64) + '|'],
      ['paragraphs of ordinary emphasis', ('Some *emphasis*, a [link](https://example.com/a_b) and `code`. '.repeat(30) + '\n\n').repeat(10)],
      ['HTML with left-out end tags', '<p>one<p>two<li>three\n\n'.repeat(500)],
    ];
    for (const [name, body] of table) assert.deepEqual(refusals(body), [], name);
  });

  it('renders the worst body within the bounds in well under the time a 1 MB body used to take (issue 17)', () => {
    // Nested emphasis is marked's slowest case: 250 levels per paragraph, up to the 5,000 marks of a body.
    const body = ('*a '.repeat(125) + 'b' + ' a*'.repeat(125) + '\n\n').repeat(20);
    assert.deepEqual(refusals(body), []);
    const started = process.hrtime.bigint();
    renderMarkdown(body);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 5_000, `took ${ms} ms`);
  });

  it('refuses a feed item whose HTML is nested 2,000 deep, naming the item and the element, before turndown (issue 17)', () => {
    const deep = '<div>'.repeat(2000) + 'text' + '</div>'.repeat(2000);
    const xml = `<rss version="2.0"><channel><title>The Ledger</title><item><title>Deep</title><link>https://example.com/deep</link>
      <pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><description><![CDATA[${deep}]]></description></item>
      <item><title>Wide</title><link>https://example.com/wide</link><pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate>
      <content:encoded><![CDATA[${'<b>x</b>'.repeat(10_001)}]]></content:encoded></item></channel></rss>`;
    const { pieces, problems } = convertFeed(parseXml(xml, 'feed.xml').doc!, 'rss', 'feed.xml', { authors: ['mara-quill'] });
    assert.deepEqual(pieces, []);
    assert.deepEqual(problems.map(formatProblem), [
      'feed.xml item 1: description: HTML nesting deeper than 64 levels',
      'feed.xml item 2: content:encoded: has more than 10000 HTML elements',
    ]);
  });

  it('refuses a WordPress post whose HTML is nested 2,000 deep (issue 17)', () => {
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
      <item><title>Deep</title><wp:post_name>deep</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
      <wp:post_date_gmt>2026-10-06 07:00:00</wp:post_date_gmt><content:encoded><![CDATA[${'<blockquote>'.repeat(2000)}x]]></content:encoded></item>
      </channel></rss>`;
    const { pieces, problems } = convertWxr(parseXml(xml, 'export.xml').doc!, 'export.xml', { authors: ['mara-quill'] });
    assert.deepEqual(pieces, []);
    assert.deepEqual(problems.map(formatProblem), ['export.xml item 1: content:encoded: HTML nesting deeper than 64 levels']);
  });

  it('refuses a converted piece whose Markdown is too deep without a line of a document the editor never saw (issue 17)', () => {
    const xml = `<rss version="2.0"><channel><title>The Ledger</title><item><title>Quotes</title><link>https://example.com/q</link>
      <pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><description><![CDATA[${'<blockquote>'.repeat(40)}x]]></description></item></channel></rss>`;
    const { pieces } = convertFeed(parseXml(xml, 'feed.xml').doc!, 'rss', 'feed.xml', { authors: ['mara-quill'] });
    assert.deepEqual(validatePiece(pieces[0]!).problems.map(formatProblem), [
      'feed.xml item 1: body: nesting deeper than 32 levels (quotes and lists inside each other)',
    ]);
  });
});
