import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../../src/content/markdown.js';
import type { StoredImage } from '../../../src/media/store.js';
import { bodyForFeed, bodyWithPictures } from '../../../src/view-models/body-pictures.js';

const key = 'a'.repeat(24);
const stored: StoredImage = {
  key,
  source: 'jpeg',
  width: 1600,
  height: 900,
  fallback: 'jpeg',
  variants: [320, 640, 960, 1280, 1600].flatMap((width) =>
    (['avif', 'webp', 'jpeg'] as const).map((format) => ({ name: `${width}.${format === 'jpeg' ? 'jpg' : format}`, format, width, height: Math.round((width * 9) / 16), bytes: 1 })),
  ),
};

describe('body pictures (issue 19)', () => {
  it('prints a processed image as a lazy <picture> from this site with its size, escaping its alt text', () => {
    const html = bodyWithPictures(renderMarkdown('![A "quay" <at> dawn](quay.jpg)'), new Map([['quay.jpg', stored]]));
    assert.match(html, /^<p><picture><source type="image\/avif" srcset="\/media\/a{24}\/320\.avif 320w, [^"]+" sizes="\(min-width: 40rem\) 36rem, 100vw">/);
    assert.match(html, /<img src="\/media\/a{24}\/320\.jpg" srcset="[^"]+1600\.jpg 1600w" sizes="[^"]+" width="1600" height="900" alt="A “quay” &lt;at&gt; dawn" loading="lazy" decoding="async"><\/picture><\/p>/);
  });

  it('never lets an image not brought in ask another site for anything: a link, text, or nothing', () => {
    const table: [string, string][] = [
      ['![A chart](https://cdn.example/c.png)', '<p><a href="https://cdn.example/c.png">A chart</a></p>\n'],
      ['![](http://cdn.example/c.png)', '<p><a href="http://cdn.example/c.png">image</a></p>\n'],
      ['[![Chart](https://cdn.example/c.png)](https://example.com/story)', '<p><a href="https://example.com/story"><span>Chart</span></a></p>\n'],
      ['![The quay](quay.jpg)', '<p><span>The quay</span></p>\n'],
      ['Before ![](quay.jpg) after', '<p>Before  after</p>\n'],
      ['![Logo](/img/logo.svg)', '<p><img src="/img/logo.svg" alt="Logo" loading="lazy" decoding="async"></p>\n'],
    ];
    for (const [markdown, html] of table) assert.equal(bodyWithPictures(renderMarkdown(markdown), new Map()), html, markdown);
  });

  it('gives feeds one ordinary variant, at most 1280 px wide, with its size', () => {
    const html = bodyForFeed(renderMarkdown('![Quay](quay.jpg)'), new Map([['quay.jpg', stored]]));
    assert.equal(html, `<p><img src="/media/${key}/1280.jpg" width="1280" height="720" alt="Quay"></p>\n`);
  });
});
