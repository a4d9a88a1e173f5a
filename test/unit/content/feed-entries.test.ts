import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedContents, feedKind } from '../../../src/content/feed-entries.js';
import { parseXml } from '../../../src/content/xml-reader.js';

const read = (xml: string) => {
  const doc = parseXml(xml, 'feed.xml').doc!;
  const kind = feedKind(doc);
  return { kind, ...(kind && kind !== 'wxr' ? feedContents(doc, kind) : { title: '', entries: [] }) };
};

describe('feed entries', () => {
  it('knows a format by its namespace, whatever prefix the document chose (issue 18)', () => {
    const table: [string, string | undefined][] = [
      ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>', 'rss'],
      ['<x:feed xmlns:x="http://www.w3.org/2005/Atom"><x:title>T</x:title></x:feed>', 'atom'],
      ['<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title></feed>', 'atom'],
      ['<rss xmlns:wp="http://news.example/wp-namespace"><channel><item><wp:kicker>x</wp:kicker></item></channel></rss>', 'rss'],
      ['<rss xmlns:wordpress="http://wordpress.org/export/1.2/"><channel><wordpress:wxr_version>1.2</wordpress:wxr_version></channel></rss>', 'wxr'],
      ['<rss/>', 'rss'],
      ['<feed xmlns="http://example.org/not-atom"><title>T</title></feed>', undefined],
    ];
    for (const [xml, kind] of table) assert.equal(feedKind(parseXml(xml, 'f').doc!), kind, xml);
  });

  it('reads RSS 1.0 items beside the channel, with Dublin Core dates and creators', () => {
    const { title, entries } = read(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://ledger.example/"><title>The Ledger</title><link>https://ledger.example/</link></channel>
      <item rdf:about="https://ledger.example/a"><title>Tolls</title><link>https://ledger.example/a</link><description>On tolls.</description><d:date>2026-10-06T08:00:00+01:00</d:date><d:creator>Mara Quill</d:creator></item>
    </rdf:RDF>`);
    assert.equal(title, 'The Ledger');
    assert.deepEqual(entries.map((e) => [e.title, e.link, e.dateField, e.dateText, e.bylines]), [
      ['Tolls', 'https://ledger.example/a', 'dc:date', '2026-10-06T08:00:00+01:00', [{ name: 'Mara Quill' }]],
    ]);
  });

  it('reads prefixed Atom entries, never dropping one because of its prefix (issue 18)', () => {
    const { entries } = read(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
      <p0:entry xmlns:p0="http://www.w3.org/2005/Atom"><p0:title>Ferries</p0:title><p0:link href="https://desk.example/ferries"/>
        <p0:updated>2026-10-06T08:00:00Z</p0:updated><p0:author><p0:name>Ines Adair</p0:name></p0:author><p0:content type="html">&lt;p&gt;On ferries.&lt;/p&gt;</p0:content></p0:entry>
    </feed>`);
    assert.deepEqual(entries.map((e) => [e.title, e.link, e.bylines, e.texts]), [
      ['Ferries', 'https://desk.example/ferries', [{ name: 'Ines Adair', email: undefined }], [{ field: 'content', html: '<p>On ferries.</p>' }]],
    ]);
  });

  it('resolves relative links against xml:base, the Atom self link or the RSS channel link', () => {
    const atom = read(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://desk.example/blog/"><title>Desk</title>
      <entry xml:base="2026/"><title>A</title><link href="ferries"/><content type="html">&lt;a href="../about"&gt;us&lt;/a&gt;</content></entry></feed>`);
    assert.equal(atom.entries[0]!.link, 'https://desk.example/blog/2026/ferries');
    assert.equal(atom.entries[0]!.texts[0]!.html, '<a href="https://desk.example/blog/about">us</a>');
    const self = read(`<feed xmlns="http://www.w3.org/2005/Atom"><title>D</title><link rel="self" href="https://desk.example/feed.atom"/>
      <entry><title>A</title><link href="/2026/a"/></entry></feed>`);
    assert.equal(self.entries[0]!.link, 'https://desk.example/2026/a');
    const rss = read(`<rss><channel><title>L</title><link>https://ledger.example/news/</link>
      <item><title>A</title><link>a.html</link></item><item xml:base="https://other.example/"><title>B</title><link>b.html</link></item></channel></rss>`);
    assert.deepEqual(rss.entries.map((e) => e.link), ['https://ledger.example/news/a.html', 'https://other.example/b.html']);
    const fetched = feedContents(parseXml('<rss><channel><title>L</title><link>/news/</link><item><title>A</title><link>a.html</link></item></channel></rss>', 'f').doc!, 'rss', 'https://ledger.example/feed.xml');
    assert.equal(fetched.entries[0]!.link, 'https://ledger.example/news/a.html', 'a fetched feed reads its relative channel link against its own address');
    const byId = read('<feed xmlns="http://www.w3.org/2005/Atom"><title>D</title><entry><id>https://desk.example/2026/b</id><title>B</title></entry></feed>');
    assert.equal(byId.entries[0]!.link, 'https://desk.example/2026/b', 'an http(s) id stands in for a missing alternate link');
  });

  it('takes bylines from the item, else from the feed, in the forms feeds write them (issue 18)', () => {
    const rss = read(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>L</title><itunes:author>Ledger Audio</itunes:author>
      <item><title>A</title><author>mara@ledger.example (Mara Quill)</author></item>
      <item><title>B</title><dc:creator>Ines Adair</dc:creator><dc:creator>Tom Reyes</dc:creator></item>
      <item><title>C</title><author>Jo Bloggs &lt;jo@ledger.example&gt;</author></item>
      <item><title>D</title></item></channel></rss>`);
    assert.deepEqual(rss.entries.map((e) => e.bylines), [
      [{ name: 'Mara Quill', email: 'mara@ledger.example' }],
      [{ name: 'Ines Adair' }, { name: 'Tom Reyes' }],
      [{ name: 'Jo Bloggs', email: 'jo@ledger.example' }],
      [{ name: 'Ledger Audio' }],
    ]);
    const atom = read(`<feed xmlns="http://www.w3.org/2005/Atom"><title>D</title><author><name>The Desk</name></author>
      <entry><title>A</title></entry><entry><title>B</title><author><name>Ines Adair</name><email>ines@desk.example</email></author></entry></feed>`);
    assert.deepEqual(atom.entries.map((e) => e.bylines), [[{ name: 'The Desk', email: undefined }], [{ name: 'Ines Adair', email: 'ines@desk.example' }]]);
  });

  it('reads Atom 0.3 dates and escaped content', () => {
    const { entries } = read(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
      <entry><title>A</title><link rel="alternate" type="text/html" href="https://old.example/a"/><issued>2004-05-01T12:00:00Z</issued><modified>2004-05-02T12:00:00Z</modified>
      <content type="text/html" mode="escaped">&lt;p&gt;Escaped.&lt;/p&gt;</content></entry></feed>`);
    assert.deepEqual(entries.map((e) => [e.link, e.dateField, e.dateText, e.texts[0]?.html]), [['https://old.example/a', 'published', '2004-05-01T12:00:00Z', '<p>Escaped.</p>']]);
  });

  it('keeps the spaces around a CDATA section in a title (issue 18)', () => {
    const { entries } = read('<rss><channel><title>L</title><item><title>Before <![CDATA[the <b>fold</b>]]> after</title></item></channel></rss>');
    assert.equal(entries[0]!.title, 'Before the <b>fold</b> after');
  });
});
