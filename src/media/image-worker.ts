// Worker-thread entry of ImagePool: processes one image per message with the same function as the main thread.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { ContentError } from '../content/content-error.js';
import { processImage } from './process.js';
import type { ImageJob, ImageReply } from './image-pool.js';

// One libvips thread per worker: the pool already runs one worker per core, and more threads would only contend.
sharp.concurrency(1);

parentPort!.on('message', async ({ id, bytes, origin, limits }: ImageJob) => {
  try {
    const image = await processImage(bytes, origin, { limits });
    const transfer = image.variants.map((v) => v.bytes.buffer as ArrayBuffer);
    parentPort!.postMessage({ id, image } satisfies ImageReply, transfer);
  } catch (error) {
    const problems = error instanceof ContentError ? error.problems : [{ ...origin, message: `could not be processed (${(error as Error).message})` }];
    parentPort!.postMessage({ id, problems } satisfies ImageReply);
  }
});
