import assert from 'node:assert/strict';
import test from 'node:test';
import { ContentError } from '../../../src/content/content-error.js';
import { createImagePool } from '../../../src/media/image-pool.js';
import { processImage } from '../../../src/media/process.js';
import { animatedGif, cmykJpeg, notAJpeg, transparentPng } from '../../helpers/images.js';

const origin = { file: 'a.md', field: 'image.src' };
const shape = (image: Awaited<ReturnType<typeof processImage>>) => ({ ...image, variants: image.variants.map(({ bytes, ...rest }) => ({ ...rest, size: bytes.length })) });

test('the image pool makes on worker threads exactly what processImage makes inline (issue 19)', async (t) => {
  const pool = createImagePool({ size: 2 });
  t.after(() => pool.close());
  const sources = [await cmykJpeg(), await transparentPng(), await animatedGif()];
  const pooled = await Promise.all(sources.map((bytes) => pool.process(bytes, origin)));
  for (const [i, bytes] of sources.entries()) assert.deepEqual(shape(pooled[i]!), shape(await processImage(bytes, origin)));
});

test('a refusal on a worker comes back as the same ContentError (issue 19)', async (t) => {
  const pool = createImagePool({ size: 1 });
  t.after(() => pool.close());
  await assert.rejects(pool.process(notAJpeg, origin), (error: unknown) => error instanceof ContentError && /^a\.md: image\.src: is not an image/.test(error.message));
});
