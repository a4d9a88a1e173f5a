import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { processImage } from '../../src/media/process.js';
import { imageKey, mediaUrl, openMediaStore } from '../../src/media/store.js';
import { cmykJpeg, transparentPng } from '../helpers/images.js';
import { startSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
let jpegKey: string;
let pngKey: string;

before(async () => {
  site = await startSite();
  // Stored as the importer stores them, in the media folder the site's config names.
  const store = openMediaStore(site.config.mediaDir);
  for (const bytes of [await cmykJpeg(), await transparentPng()]) store.save(imageKey(bytes), await processImage(bytes, { file: 'x', field: 'image' }));
  jpegKey = imageKey(await cmykJpeg());
  pngKey = imageKey(await transparentPng());
});
after(() => site.close());

test('processed images are served under /media/ with their type and immutable caching (issue 19)', async () => {
  const cases: [string, string][] = [
    [mediaUrl(jpegKey, '320.avif'), 'image/avif'],
    [mediaUrl(jpegKey, '640.webp'), 'image/webp'],
    [mediaUrl(jpegKey, '700.jpg'), 'image/jpeg'],
    [mediaUrl(jpegKey, 'card.jpg'), 'image/jpeg'],
    [mediaUrl(pngKey, '800.png'), 'image/png'],
  ];
  for (const [url, type] of cases) {
    const response = await site.get(url);
    assert.equal(response.status, 200, url);
    assert.equal(response.headers.get('content-type'), type, url);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
    assert.ok((await response.arrayBuffer()).byteLength > 0, url);
  }
});

test('anything else under /media/ is the site 404 (issue 19)', async () => {
  for (const url of [
    mediaUrl(jpegKey, 'image.json'),
    mediaUrl(jpegKey, '321.avif'),
    mediaUrl('0123456789abcdef01234567', '320.avif'),
    `/media/${jpegKey}/..%2F..%2Ftest.db`,
    '/media/sources',
    `/media/${jpegKey}`,
  ]) {
    const response = await site.get(url);
    assert.equal(response.status, 404, url);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/, url);
    await response.arrayBuffer();
  }
});
