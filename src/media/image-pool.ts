import os from 'node:os';
import type { Worker } from 'node:worker_threads';
// Loaded on the main thread before any worker: sharp's native module must never be unloaded with a worker
// (sharp's documentation, "Worker Threads").
import 'sharp';
import { ContentError, type Problem } from '../content/content-error.js';
import type { MediaLimits } from './limits.js';
import type { ImageOrigin, ProcessedImage } from './process.js';
import { startWorker } from '../worker-thread.js';

/** The messages between the pool and its workers. */
export interface ImageJob {
  id: number;
  bytes: Uint8Array;
  origin: ImageOrigin;
  limits?: MediaLimits;
}
export type ImageReply = { id: number; image: ProcessedImage } | { id: number; problems: readonly Problem[] };

/** A processor of images: processImage's signature, so the import takes either the pool or the function. */
export type ImageProcessor = (bytes: Uint8Array, origin: ImageOrigin, options?: { limits?: MediaLimits }) => Promise<ProcessedImage>;

/** An ImagePool: process() as processImage does, on worker threads; close() stops them. */
export interface ImagePool {
  readonly size: number;
  process: ImageProcessor;
  close(): Promise<void>;
}

interface Waiting {
  worker: Worker;
  resolve: (image: ProcessedImage) => void;
  reject: (error: Error) => void;
}

/**
 * createImagePool processes images on one worker thread per core (the house pattern of
 * publishing/render-pool.ts): encoding AVIF is the slowest step of an import, and each worker runs libvips
 * on one thread, so an import of many images uses every core. Workers start on first use and are unref'd
 * while idle, so a forgotten close() never keeps a process alive.
 */
export function createImagePool({ size = os.availableParallelism() } = {}): ImagePool {
  const workers: Worker[] = [];
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let failure: Error | undefined;

  const start = (): Worker => {
    const worker = startWorker(import.meta.url, 'image-worker');
    worker.on('message', (reply: ImageReply) => {
      const job = waiting.get(reply.id);
      if (!job) return;
      waiting.delete(reply.id);
      if (![...waiting.values()].some((w) => w.worker === worker)) worker.unref();
      if ('problems' in reply) job.reject(new ContentError(reply.problems));
      else job.resolve(reply.image);
    });
    const fail = (error: Error) => {
      failure ??= error;
      for (const [id, job] of waiting) {
        if (job.worker !== worker) continue;
        waiting.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', (error) => fail(new Error(`an image worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`an image worker stopped (exit code ${code})`)));
    worker.unref();
    return worker;
  };

  const leastBusy = (): Worker => {
    if (workers.length === 0) for (let i = 0; i < Math.max(1, size); i += 1) workers.push(start());
    const load = new Map(workers.map((w) => [w, 0]));
    for (const { worker } of waiting.values()) load.set(worker, load.get(worker)! + 1);
    return workers.reduce((best, w) => (load.get(w)! < load.get(best)! ? w : best));
  };

  return {
    size: Math.max(1, size),
    process(bytes, origin, options = {}) {
      if (failure) return Promise.reject(failure);
      const worker = leastBusy();
      const id = (nextId += 1);
      return new Promise<ProcessedImage>((resolve, reject) => {
        waiting.set(id, { worker, resolve, reject });
        worker.ref();
        worker.postMessage({ id, bytes, origin, limits: options.limits } satisfies ImageJob);
      });
    },
    async close() {
      failure ??= new Error('the image pool was closed');
      await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
    },
  };
}
