import fs from 'node:fs';
import { ContentError } from '../content/content-error.js';
import { fetchImage, type FetchOptions } from './fetch-image.js';
import type { ImageProcessor } from './image-pool.js';
import { mediaLimits, type MediaLimits } from './limits.js';
import type { ImageOrigin } from './process.js';
import type { ImageSource } from './image-source.js';
import { imageKey, type MediaStore, type StoredImage } from './store.js';

/** What bringing one image in took: processed (new bytes), fetched (and processed), or reused (nothing done). */
export type IngestOutcome = 'processed' | 'fetched' | 'reused';

/** What ingestImage needs: the store, something that processes (the pool, or processImage inline), fetch rules. */
export interface IngestDeps {
  store: MediaStore;
  process: ImageProcessor;
  fetch?: FetchOptions;
  limits?: MediaLimits;
  /**
   * Processing under way in this run, by key: two pieces naming the same new photo, brought in at once, wait
   * for one processing instead of each doing its own.
   */
  inFlight?: Map<string, Promise<StoredImage>>;
}

/**
 * ingestImage is the one way an image enters the store. A file is read and hashed; when its key is stored,
 * nothing more is done. A URL fetched before is not fetched again (the store remembers which key it gave), so
 * re-importing an unchanged piece does no image work and no network request; a new URL is fetched, then its
 * bytes go the way a file's do. Problems are ContentErrors naming origin.file and origin.field.
 */
export async function ingestImage(source: Exclude<ImageSource, { kind: 'site' }>, origin: ImageOrigin, deps: IngestDeps): Promise<{ image: StoredImage; outcome: IngestOutcome }> {
  const limits = deps.limits ?? deps.fetch?.limits ?? mediaLimits;
  let bytes: Uint8Array;
  if (source.kind === 'url') {
    const known = deps.store.remembered(source.url);
    if (known) return { image: deps.store.find(known)!, outcome: 'reused' };
    bytes = await fetchImage(source.url, origin, { ...deps.fetch, limits });
  } else {
    bytes = readImageFile(source.path, origin, limits);
  }
  const key = imageKey(bytes);
  const stored = deps.store.find(key);
  const running = deps.inFlight?.get(key);
  let image: StoredImage;
  if (stored) image = stored;
  else if (running) image = await running;
  else {
    const made = deps.process(bytes, origin, { limits }).then((processed) => deps.store.save(key, processed));
    deps.inFlight?.set(key, made);
    try {
      image = await made;
    } finally {
      deps.inFlight?.delete(key);
    }
  }
  if (source.kind === 'url') deps.store.remember(source.url, key);
  // A fetch is reported as one even when its bytes were stored already: the network was used.
  return { image, outcome: source.kind === 'url' ? 'fetched' : stored || running ? 'reused' : 'processed' };
}

function readImageFile(file: string, origin: ImageOrigin, limits: MediaLimits): Uint8Array {
  const refuse = (message: string): never => {
    throw new ContentError([{ ...origin, message, value: file }]);
  };
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return refuse('names a file that does not exist');
  }
  if (size > limits.maxBytes) refuse(`names a file of ${size} bytes, more than the ${limits.maxBytes} an image may be`);
  return fs.readFileSync(file);
}
