import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedKind } from '../../../src/content/feed-entries.js';
import { convertFeed } from '../../../src/content/feed-import.js';
import { detectFormat } from '../../../src/publishing/sources.js';
import { parseXml } from '../../../src/content/xml-reader.js';

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>The Ledger</title>${items}</channel></rss>`;

describe('feeds', () => {
  it('detects the format from content first, then the file name', () => {
    const table: [string, string, string][] = [
      ['piece.md', '<p>html in markdown</p>', 'markdown'],
      ['notes.txt', '---\ntitle: x\n---\n', 'markdown'],
      ['feed', '<?xml version="1.0"?><rss/>', 'xml'],
      ['feed.xml', 'not xml at all', 'xml'],
      ['story.txt', 'Opinion: A headline\n\nText.', 'wire'],
      ['story', 'A headline\n\nText.', 'wire'],
    ];
    for (const [name, text, expected] of table) assert.equal(detectFormat(name, text), expected, name);
  });

  it('tells RSS, Atom and WordPress exports apart', () => {
    const kinds = [rss(''), '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>', '<html/>'].map(
      (text) => feedKind(parseXml(text, 'f').doc!),
    );
    assert.deepEqual(kinds, ['rss', 'atom', 'wxr', undefined]);
  });

  it('reports every problem of every item, each naming the item and the field', () => {
    const doc = parseXml(
      rss(`<item><title>No link</title><pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><description>x</description></item>
           <item><title>Relative</title><link>/relative</link><pubDate>Tue, 06 Oct 2026 08:00:00</pubDate><description>x</description></item>
           <item><link>https://example.com/a</link></item>`),
      'feed.xml',
    ).doc!;
    const { pieces, problems } = convertFeed(doc, 'rss', 'feed.xml', { authors: ['mara-quill'] });
    assert.deepEqual(pieces, []);
    assert.deepEqual(problems.map((p) => `${p.file}: ${p.field}`), [
      'feed.xml item 1: link',
      'feed.xml item 2: link',
      'feed.xml item 2: pubDate',
      'feed.xml item 3: title',
      'feed.xml item 3: pubDate',
      'feed.xml item 3: description',
    ]);
  });

  it('never expands the nested entities of a feed without bound', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><rss><channel><title>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</title></channel></rss>`;
    const { doc, problem } = parseXml(laughs, 'lol.xml');
    assert.ok(problem !== undefined || JSON.stringify(doc).length < 1_000, 'refused, or left unexpanded');
  });
});
