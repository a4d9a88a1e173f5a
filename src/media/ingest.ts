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
  /** Fetch addresses refused on an earlier import now rather than after a day (import --retry-images). */
  retryRefused?: boolean;
  /** The clock, for the refusal memory. */
  now?: () => number;
}

/** How long an address whose image was refused is not fetched again, unless the editor asks (--retry-images). */
export const refusalMemoryMs = 24 * 60 * 60 * 1000;

/** refusedRecently is the earlier refusal of an address when it is recent enough not to fetch it again. */
export function refusedRecently(store: MediaStore, url: string, now: number, retryRefused = false): { message: string; at: number } | undefined {
  const earlier = store.refusal(url);
  return earlier && !retryRefused && now - earlier.at < refusalMemoryMs ? earlier : undefined;
}

/** refusedEarlierMessage says when and why an address was refused, and how to have it fetched now. */
export function refusedEarlierMessage(earlier: { message: string; at: number }): string {
  const when = new Date(earlier.at).toISOString().slice(0, 16).replace('T', ' ');
  return `was refused at ${when} UTC (${earlier.message}); not fetched again for a day (import --retry-images tries now)`;
}

/** RefusedEarlier is the refusal of an address refused on an earlier import and not fetched again this time. */
export class RefusedEarlier extends ContentError {}

/**
 * ingestImage is the one way an image enters the store. A file is read and hashed; when its key is stored,
 * nothing more is done. A URL fetched before is not fetched again (the store remembers which key it gave), so
 * re-importing an unchanged piece does no image work and no network request; a new URL is fetched, then its
 * bytes go the way a file's do. A URL whose image was refused is not fetched again for a day (a dead address
 * would otherwise cost its whole timeout on every import) unless `retryRefused` is set. Problems are
 * ContentErrors naming origin.file and origin.field.
 */
export async function ingestImage(source: Exclude<ImageSource, { kind: 'site' }>, origin: ImageOrigin, deps: IngestDeps): Promise<{ image: StoredImage; outcome: IngestOutcome }> {
  const limits = deps.limits ?? deps.fetch?.limits ?? mediaLimits;
  if (source.kind === 'file') {
    const { image, made } = await storeBytes(readImageFile(source.path, origin, limits), origin, limits, deps);
    return { image, outcome: made ? 'processed' : 'reused' };
  }
  const known = deps.store.remembered(source.url);
  if (known) return { image: deps.store.find(known)!, outcome: 'reused' };
  const now = (deps.now ?? Date.now)();
  const earlier = refusedRecently(deps.store, source.url, now, deps.retryRefused);
  if (earlier) throw new RefusedEarlier([{ ...origin, message: refusedEarlierMessage(earlier), value: source.url }]);
  try {
    const bytes = await fetchImage(source.url, origin, { ...deps.fetch, limits });
    const { image } = await storeBytes(bytes, origin, limits, deps);
    deps.store.remember(source.url, image.key);
    // A fetch is reported as one even when its bytes were stored already: the network was used.
    return { image, outcome: 'fetched' };
  } catch (error) {
    if (error instanceof ContentError) deps.store.refuse(source.url, error.problems.map((problem) => problem.message).join('; '), now);
    throw error;
  }
}

// The bytes' key; processed and saved unless stored already or being processed for another piece of this run.
async function storeBytes(bytes: Uint8Array, origin: ImageOrigin, limits: MediaLimits, deps: IngestDeps): Promise<{ image: StoredImage; made: boolean }> {
  const key = imageKey(bytes);
  const stored = deps.store.find(key);
  if (stored) return { image: stored, made: false };
  const running = deps.inFlight?.get(key);
  if (running) return { image: await running, made: false };
  const made = deps.process(bytes, origin, { limits }).then((processed) => deps.store.save(key, processed));
  deps.inFlight?.set(key, made);
  try {
    return { image: await made, made: true };
  } finally {
    deps.inFlight?.delete(key);
  }
}
/** readImageFile reads an image file within the size limit, or refuses it as `file: field: problem`. */
export function readImageFile(file: string, origin: ImageOrigin, limits: MediaLimits): Uint8Array {
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
