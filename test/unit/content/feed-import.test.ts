import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedKind } from '../../../src/content/feed-entries.js';
import { convertFeed, fitTitle } from '../../../src/content/feed-import.js';
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

  it('names each byline as a source author and the piece by its slug, once per slug (issue 18)', () => {
    const item = (title: string, byline: string) =>
      `<item><title>${title}</title><link>https://ledger.example/${title}</link><pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate>${byline}<description>Text.</description></item>`;
    const doc = parseXml(rss(item('a', '<author>mara@ledger.example (Mara Quill)</author>') + item('b', '<dc:creator>Mara Quill</dc:creator>') + item('c', '<dc:creator>Грета Лунд</dc:creator>')), 'feed.xml').doc!;
    const { pieces, authors, problems } = convertFeed(doc, 'rss', 'feed.xml', {});
    assert.deepEqual(problems, []);
    assert.deepEqual(pieces.map((p) => p.frontMatter.authors), [['mara-quill'], ['mara-quill'], ['greta-lund']]);
    assert.deepEqual(authors, [
      { slug: 'mara-quill', name: 'Mara Quill', email: 'mara@ledger.example', label: 'feed.xml' },
      { slug: 'greta-lund', name: 'Грета Лунд', label: 'feed.xml' },
    ]);
    assert.deepEqual(convertFeed(doc, 'rss', 'feed.xml', { authors: ['desk'] }).authors, [], '--author names the byline instead');
  });

  it("makes an item's picture its lead image, leaving out a thumbnail too small to lead with and alt text that repeats the headline (issue 19)", () => {
    const item = (title: string, picture: string) =>
      `<item><title>${title}</title><link>https://ledger.example/${title}</link><pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><dc:creator>Mara Quill</dc:creator>${picture}<description>Text.</description></item>`;
    const feed = rss(
      item('Tolls', '<media:content medium="image" url="https://img.example/tolls.jpg" width="800"><media:title>Tolls</media:title><media:credit>Ana Ruiz</media:credit></media:content>') +
        item('Bridges', '<media:thumbnail url="https://img.example/s72-c/bridge.jpg" width="72" height="72"/>'),
    ).replace('<rss version="2.0">', '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">');
    const { pieces, warnings, problems } = convertFeed(parseXml(feed, 'feed.xml').doc!, 'rss', 'feed.xml', {});
    assert.deepEqual(problems, []);
    assert.deepEqual(pieces.map((p) => p.frontMatter.image), [{ src: 'https://img.example/tolls.jpg', alt: '', credit: 'Ana Ruiz' }, undefined]);
    assert.deepEqual(warnings.map((w) => `${w.file}: ${w.field}: ${w.message}`), [
      'feed.xml item 2: media:thumbnail: is 72 pixels wide, a thumbnail too small to lead the piece: the piece has no lead image',
    ]);
  });

  it('takes the body from the summary when the content has nothing left to show, and refuses an item with no text (issue 18)', () => {
    const doc = parseXml(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><author><name>Desk</name></author>
        <entry><title>Pictures</title><link href="https://desk.example/p"/><updated>2026-10-06T08:00:00Z</updated>
          <content type="html">&lt;a href="https://desk.example/p"&gt;&lt;img src="http://cdn.example/p.jpg"&gt;&lt;/a&gt;</content>
          <summary>Three pictures of the new ferry.</summary></entry>
        <entry><title>Nothing</title><link href="https://desk.example/n"/><updated>2026-10-06T08:00:00Z</updated>
          <content type="html">&lt;img src="http://cdn.example/n.gif"&gt;</content></entry></feed>`,
      'desk.atom',
    ).doc!;
    const { pieces, problems } = convertFeed(doc, 'atom', 'desk.atom', {});
    assert.deepEqual(pieces.map((p) => [p.frontMatter.title, p.body]), [['Pictures', 'Three pictures of the new ferry.']]);
    assert.deepEqual(problems.map((p) => `${p.file}: ${p.field}: ${p.message}`), [
      'desk.atom item 2: content: (content) has nothing left to show once converted: the item has no text to import',
    ]);
  });

  it('cuts a headline over 200 characters at a word instead of refusing the item, and says so (issue 18)', () => {
    const long = `${'Word '.repeat(50)}end`;
    const doc = parseXml(rss(`<item><title>${long}</title><link>https://ledger.example/l</link><pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><description>x</description></item>`), 'feed.xml').doc!;
    const { pieces, warnings } = convertFeed(doc, 'rss', 'feed.xml', { authors: ['mara-quill'] });
    const title = pieces[0]!.frontMatter.title as string;
    assert.match(title, /^(Word )+Word…$/);
    assert.ok(title.length <= 200);
    assert.deepEqual(warnings.map((w) => `${w.file}: ${w.field}`), ['feed.xml item 1: title']);
    assert.equal(fitTitle('A short headline'), 'A short headline');
  });
});

describe('a feed without a title (issue 18)', () => {
  const untitled = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel>${items}</channel></rss>`;
  const item = '<item><title>Bridges are budgets</title><link>https://www.harbour.example/bridges</link><pubDate>Tue, 10 Nov 2026 08:00:00 +0000</pubDate><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ada Vell</dc:creator><description>A long paragraph about bridges.</description></item>';

  it('credits its pieces to the site they link to, and says so', () => {
    const conversion = convertFeed(parseXml(untitled(item), 'f.xml').doc!, 'rss', 'f.xml', {});
    assert.deepEqual(conversion.problems, []);
    assert.equal((conversion.pieces[0]?.frontMatter.source as { publication?: string } | undefined)?.publication, 'harbour.example');
    assert.ok(conversion.warnings.some((w) => w.field === 'title' && /credited to harbour\.example/.test(w.message)));
  });

  it('is refused when nothing names a publication, and --source-name names it', () => {
    const noLink = item.replace('<link>https://www.harbour.example/bridges</link>', '');
    assert.match(convertFeed(parseXml(untitled(noLink), 'f.xml').doc!, 'rss', 'f.xml', {}).problems.map((p) => p.message).join('\n'), /no title to name the publication/);
    const named = convertFeed(parseXml(untitled(item), 'f.xml').doc!, 'rss', 'f.xml', { sourceName: 'The Harbour' });
    assert.equal((named.pieces[0]?.frontMatter.source as { publication?: string } | undefined)?.publication, 'The Harbour');
    assert.ok(!named.warnings.some((w) => w.field === 'title'));
  });
});
