import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedContents } from '../../../src/content/feed-entries.js';
import { parseXml } from '../../../src/content/xml-reader.js';

const media = 'xmlns:media="http://search.yahoo.com/mrss/"';
const rssItem = (inner: string) =>
  `<rss version="2.0" ${media}><channel><title>The Ledger</title><link>https://ledger.example/</link><item><title>Tolls</title>${inner}</item></channel></rss>`;
const atomEntry = (inner: string) =>
  `<feed xmlns="http://www.w3.org/2005/Atom" ${media} xml:base="https://ledger.example/blog/"><title>The Ledger</title><entry><title>Tolls</title>${inner}</entry></feed>`;
const imageOf = (xml: string) => {
  const doc = parseXml(xml, 'feed.xml').doc!;
  return feedContents(doc, doc['atom:feed'] ? 'atom' : 'rss').entries[0]!.image;
};

describe('feed pictures (issue 19)', () => {
  const table: [string, string, unknown][] = [
    [
      'the widest of a picture listed at several sizes, untyped but an image file, with the credit inside it',
      rssItem(`<media:content width="140" url="https://img.example/toll.jpg?w=140"><media:credit scheme="urn:ebu">Photograph: Ana Ruiz</media:credit></media:content>
               <media:content width="620" url="https://img.example/toll.jpg?w=620"><media:credit scheme="urn:ebu">Photograph: Ana Ruiz</media:credit></media:content>`),
      { field: 'media:content', width: 620, image: { src: 'https://img.example/toll.jpg?w=620', alt: '', credit: 'Photograph: Ana Ruiz' } },
    ],
    [
      'an image in a media:group, described by the group (HTML description read as text)',
      rssItem(`<media:group><media:content medium="image" url="https://img.example/bridge.jpg"/><media:description type="html">The &lt;em&gt;old&lt;/em&gt; toll bridge</media:description></media:group>`),
      { field: 'media:content', width: 0, image: { src: 'https://img.example/bridge.jpg', alt: 'The old toll bridge', credit: '' } },
    ],
    [
      'a thumbnail when the media content is a video, with the item-level title as its alt text',
      rssItem(`<media:content type="video/mp4" url="https://img.example/toll.mp4"/><media:thumbnail url="https://img.example/toll-still.jpg" width="480"/><media:title>Queues at the toll booth</media:title>`),
      { field: 'media:thumbnail', width: 480, image: { src: 'https://img.example/toll-still.jpg', alt: 'Queues at the toll booth', credit: '' } },
    ],
    [
      'an image enclosure, passing over an audio one, its relative address read against the channel link',
      rssItem(`<enclosure url="/audio/tolls.mp3" length="1" type="audio/mpeg"/><enclosure url="/img/tolls.png" length="9683" type="image/png"/>`),
      { field: 'enclosure', width: 0, image: { src: 'https://ledger.example/img/tolls.png', alt: '', credit: '' } },
    ],
    [
      'an Atom enclosure link of an image type, read against xml:base',
      atomEntry(`<link rel="alternate" href="tolls"/><link rel="enclosure" type="image/jpeg" href="img/tolls.jpg"/>`),
      { field: 'link', width: 0, image: { src: 'https://ledger.example/blog/img/tolls.jpg', alt: '', credit: '' } },
    ],
    ['nothing for a tracking pixel or an audio enclosure', rssItem(`<media:content medium="image" url="https://img.example/p.gif" width="1" height="1"/><enclosure url="https://img.example/a.mp3" type="audio/mpeg"/>`), undefined],
    ['nothing for an untyped media object that is not an image file', rssItem(`<media:content url="https://img.example/clip"/>`), undefined],
  ];
  for (const [name, xml, expected] of table) it(`finds ${name}`, () => assert.deepEqual(imageOf(xml), expected));
});
