import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import test from 'node:test';
import { ingestImage } from '../../../src/media/ingest.js';
import { processImage } from '../../../src/media/process.js';
import { openMediaStore } from '../../../src/media/store.js';
import { tempDir } from '../../helpers/site.js';
import { cmykJpeg } from '../../helpers/images.js';

const origin = { file: 'content/a.md', field: 'image.src' };

test('an image is processed once: the same bytes again, or the same address again, do no image work (issue 19)', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const jpeg = await cmykJpeg();
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.writeHead(200).end(jpeg);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  let processed = 0;
  const deps = {
    store: openMediaStore(path.join(dir, 'media')),
    process: (...args: Parameters<typeof processImage>) => ((processed += 1), processImage(...args)),
    fetch: { allowAddress: () => true },
  };
  const file = path.join(dir, 'photo.jpg');
  fs.writeFileSync(file, jpeg);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`;

  const first = await ingestImage({ kind: 'file', path: file }, origin, deps);
  assert.equal(first.outcome, 'processed');
  assert.equal((await ingestImage({ kind: 'file', path: file }, origin, deps)).outcome, 'reused');
  const fetched = await ingestImage({ kind: 'url', url }, origin, deps);
  assert.deepEqual([fetched.outcome, fetched.image.key], ['fetched', first.image.key], 'same bytes, same stored image');
  assert.equal((await ingestImage({ kind: 'url', url }, origin, deps)).outcome, 'reused');
  assert.deepEqual([processed, requests], [1, 1]);
  await assert.rejects(ingestImage({ kind: 'file', path: path.join(dir, 'gone.jpg') }, origin, deps), /content\/a\.md: image\.src: names a file that does not exist/);
});

test('two pieces bringing in the same new photo at once share one processing (issue 19)', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const jpeg = await cmykJpeg();
  let processed = 0;
  const deps = {
    store: openMediaStore(path.join(dir, 'media')),
    process: (...args: Parameters<typeof processImage>) => ((processed += 1), processImage(...args)),
    inFlight: new Map(),
  };
  fs.writeFileSync(path.join(dir, 'a.jpg'), jpeg);
  fs.writeFileSync(path.join(dir, 'b.jpg'), jpeg);
  const outcomes = await Promise.all(['a.jpg', 'b.jpg'].map((name) => ingestImage({ kind: 'file', path: path.join(dir, name) }, origin, deps)));
  assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['processed', 'reused']);
  assert.equal(processed, 1);
});
