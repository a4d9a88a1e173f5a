import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToMarkdown } from '../../../src/content/html-to-markdown.js';
import { isTrackingPixel } from '../../../src/content/tracking-pixels.js';

describe('isTrackingPixel (issues 18, 19)', () => {
  const table: [string, { src?: string; width?: string; height?: string }, boolean][] = [
    ['a 1×1 image', { src: 'https://example.com/a.gif', width: '1', height: '1' }, true],
    ['one side of 2 px or less', { src: 'https://example.com/a.gif', height: '2px' }, true],
    ["Feedburner's item counter", { src: 'https://feeds.feedburner.com/~r/Example/~4/abc' }, true],
    ['a FeedFlare button', { src: 'http://feeds.feedburner.com/~ff/example?i=abc' }, true],
    ["Medium's view counter", { src: 'https://medium.com/_/stat?event=post.clientViewed' }, true],
    ["WordPress.com's counter", { src: 'https://pixel.wp.com/b.gif?v=1' }, true],
    ["WordPress.com's comment count", { src: 'http://feeds.wordpress.com/1.0/comments/example.wordpress.com/42/' }, true],
    ["a feed ad network's share button", { src: 'http://images.pheedo.com/images/mm/facebook.gif' }, true],
    ["a feed ad network's ad", { src: 'http://ads.pheedo.com/img.phdo?s=abc&p=1' }, true],
    ['a Feedburner ad', { src: 'http://feeds.feedburner.com/~a/Example?i=abc' }, true],
    ["an ad server's event pixel", { src: 'http://insight.adsrvr.org/track/evnt/?ct=0:x&fmt=3' }, true],
    ['a DoubleClick ad', { src: 'https://ad.doubleclick.net/ddm/ad/abc' }, true],
    ['a transparent GIF by its usual name', { src: 'https://example.com/img/spacer.gif' }, true],
    ['a photograph with a size', { src: 'https://example.com/harbour.jpg', width: '640', height: '480' }, false],
    ['a photograph without a size', { src: 'https://example.com/harbour.jpg' }, false],
    ['a file merely named like a counter word', { src: 'https://example.com/pixel-art.png' }, false],
    ['a photo on a WordPress.com blog', { src: 'https://example.files.wordpress.com/2026/10/harbour.jpg' }, false],
  ];
  for (const [name, image, pixel] of table) it(`${pixel ? 'drops' : 'keeps'} ${name}`, () => assert.equal(isTrackingPixel(image), pixel));
});

describe('htmlToMarkdown and images without alt text (issue 18)', () => {
  const table: [string, string, string][] = [
    ['keeps a picture without alt text, with an empty alt', '<p>Text.</p><img src="https://example.com/a.jpg">', 'Text.\n\n![](https://example.com/a.jpg)'],
    ['drops a 1×1 tracking pixel', '<p>Text.<img src="https://example.com/open.gif" width="1" height="1"></p>', 'Text.'],
    ['drops a counter by its address', '<p>Text.<img src="https://medium.com/_/stat?event=post.clientViewed&amp;postId=1"></p>', 'Text.'],
    ['keeps alt text as written', '<img src="https://example.com/a.jpg" alt="A harbour wall">', '![A harbour wall](https://example.com/a.jpg)'],
  ];
  for (const [name, html, markdown] of table) it(name, () => assert.equal(htmlToMarkdown(html), markdown));
});
