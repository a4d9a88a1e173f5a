import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyImageRefs, replaceBodyImages } from '../../../src/content/body-images.js';
import { renderMarkdown } from '../../../src/content/markdown.js';

describe('body images (issue 19)', () => {
  it('lists each reference once, in reading order, decoded as the writer typed it', () => {
    const html = renderMarkdown('![A](media/a.jpg)\n\n![B](https://cdn.example/b.jpg?w=1&h=2)\n\n![A again](media/a.jpg)\n\nNo image here.');
    assert.deepEqual(bodyImageRefs(html), ['media/a.jpg', 'https://cdn.example/b.jpg?w=1&h=2']);
    assert.deepEqual(bodyImageRefs('<p>Words only, and an <abbr title="x">abbr</abbr>.</p>'), []);
  });

  it('hands each image to the replacer with its alt text and whether it sits in a link, and leaves the rest alone', () => {
    const html = renderMarkdown('[![Linked "one"](a.jpg)](https://example.com) then <abbr title="b">b</abbr> ![Free & easy](b.jpg)');
    const seen: string[] = [];
    const out = replaceBodyImages(html, (image, inLink) => (seen.push(`${image.src}|${image.alt}|${inLink}`), '[IMG]'));
    assert.deepEqual(seen, ['a.jpg|Linked “one”|true', 'b.jpg|Free & easy|false']);
    assert.equal(out, '<p><a href="https://example.com">[IMG]</a> then <abbr title="b">b</abbr> [IMG]</p>\n');
  });
});
