import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { processImage } from '../../../src/media/process.js';
import { imageKey, mediaUrl, openMediaStore } from '../../../src/media/store.js';
import { tempDir } from '../../helpers/site.js';
import { cmykJpeg, transparentPng } from '../../helpers/images.js';

const origin = { file: 'a.md', field: 'image.src' };

test('the store keeps an image once under its content address, with its variants and description (issue 19)', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const store = openMediaStore(path.join(dir, 'media'));
  const bytes = await cmykJpeg();
  const key = imageKey(bytes);
  assert.match(key, /^[0-9a-f]{24}$/);
  assert.equal(imageKey(Buffer.from(bytes)), key, 'same bytes, same key');
  assert.notEqual(imageKey(await transparentPng()), key);
  assert.equal(store.find(key), undefined);
  const stored = store.save(key, await processImage(bytes, origin));
  assert.deepEqual(store.find(key), stored);
  assert.equal(stored.variants.find((v) => v.name === '320.webp')!.bytes, fs.statSync(store.file(key, '320.webp')!).size);
  assert.equal(mediaUrl(key, 'card.jpg'), `/media/${key}/card.jpg`);
  assert.equal(store.file(key, 'image.json'), undefined, 'the description is not a variant');
  assert.equal(store.file(key, '../../etc/passwd'), undefined);
  assert.equal(store.file('../media', '320.webp'), undefined);
  assert.deepEqual(fs.readdirSync(store.dir).filter((name) => name.startsWith('.')), [], 'no temporary folder left');
});

test('the store remembers which key a fetched address gave, and forgets it if the image is gone (issue 19)', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const store = openMediaStore(dir);
  const bytes = await cmykJpeg();
  const key = imageKey(bytes);
  store.save(key, await processImage(bytes, origin));
  store.remember('https://photos.example/a.jpg', key);
  assert.equal(store.remembered('https://photos.example/a.jpg'), key);
  assert.equal(store.remembered('https://photos.example/b.jpg'), undefined);
  fs.rmSync(path.join(dir, key), { recursive: true });
  assert.equal(store.remembered('https://photos.example/a.jpg'), undefined);
});
