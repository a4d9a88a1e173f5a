import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertFeed } from '../../../src/content/feed-import.js';
import { nameFromMarkup } from '../../../src/content/html-to-markdown.js';
import { renderMarkdown } from '../../../src/content/markdown.js';
import { parseXml } from '../../../src/content/xml-reader.js';

describe('what imports carry in from other sites (issue 17)', () => {
  it('keeps an image from another site as an image for the image step to fetch; drops pixels and other schemes (issues 17, 19)', () => {
    const table: [string, string][] = [
      ['![A chart of bus times](https://cdn.example/chart.png)', '<p><img src="https://cdn.example/chart.png" alt="A chart of bus times" /></p>\n'],
      ['Text <img src="http://x.example/a.png"> more', '<p>Text <img src="http://x.example/a.png" alt="" /> more</p>\n'],
      ['[![Chart](https://cdn.example/c.png)](https://example.com/story)', '<p><a href="https://example.com/story"><img src="https://cdn.example/c.png" alt="Chart" /></a></p>\n'],
      ['<img src="https://cdn.example/a.png" alt="<script>x</script>">', '<img src="https://cdn.example/a.png" alt="&lt;script&gt;x&lt;/script&gt;" />'],
      ['<img src="https://cdn.example/a.png" alt="x" onerror="alert(1)">', '<img src="https://cdn.example/a.png" alt="x" />'],
      ['![Our logo](/img/logo.png)', '<p><img src="/img/logo.png" alt="Our logo" /></p>\n'],
      ['![Harbour at dawn](media/harbour.jpg)', '<p><img src="media/harbour.jpg" alt="Harbour at dawn" /></p>\n'],
      ['Seen <img src="https://t.example/p.gif" width="1" height="1" alt="pixel">.', '<p>Seen .</p>\n'],
      ['Seen <img src="https://t.example/p.gif" height="2px" alt="pixel">.', '<p>Seen .</p>\n'],
      ['<img src="data:image/png;base64,AAAA" alt="inline">', ''],
      ['<img src="//cdn.example/a.png" alt="protocol-relative">', ''],
      ['<img src="javascript:alert(1)" alt="script">', ''],
    ];
    for (const [markdown, html] of table) assert.equal(renderMarkdown(markdown), html, markdown);
  });

  it('keeps the spaces around a CDATA section in a feed title (issue 17)', () => {
    const xml = `<rss version="2.0"><channel><title>The <![CDATA[Daily]]> Ledger</title>
      <item><title>Buses <![CDATA[<em>every</em> ten]]> minutes</title><link>https://example.com/a</link>
      <pubDate>Tue, 06 Oct 2026 08:00:00 +0100</pubDate><description><![CDATA[<p>Text.</p>]]></description></item></channel></rss>`;
    const { pieces } = convertFeed(parseXml(xml, 'feed.xml').doc!, 'rss', 'feed.xml', { authors: ['mara-quill'] });
    assert.equal(pieces[0]!.frontMatter.title, 'Buses every ten minutes');
    assert.equal((pieces[0]!.frontMatter.source as { publication: string }).publication, 'The Daily Ledger');
  });

  it('keeps the text of a WordPress commenter whose name is markup, never an empty name (issue 17)', () => {
    const table: [string, string][] = [
      ['Ruth', 'Ruth'],
      ['<b>Jo</b> Bloggs', 'Jo Bloggs'],
      ['<script>Jo</script>', 'Jo'],
      ['<Jo Bloggs>', 'Jo Bloggs'],
      ['<a href="https://spam.example">Cheap &amp; quick</a>', 'Cheap & quick'],
    ];
    for (const [raw, name] of table) assert.equal(nameFromMarkup(raw), name, raw);
  });
});
