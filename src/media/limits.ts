/** How much one image may cost: bytes read or fetched, pixels decoded, time and redirects for a fetch. */
export interface MediaLimits {
  /** Largest source file, read from disk or fetched. */
  readonly maxBytes: number;
  /** Largest decoded image (width × height), passed to sharp as limitInputPixels so libvips refuses before decoding. */
  readonly maxPixels: number;
  /** Longest a remote fetch may take, redirects included. */
  readonly fetchTimeoutMs: number;
  readonly maxRedirects: number;
}

/**
 * mediaLimits are the defaults: a 50-megapixel camera original (a full-frame sensor's output) is processed;
 * a decompression bomb (a small file claiming gigapixels) is refused before libvips allocates for it.
 */
export const mediaLimits: MediaLimits = Object.freeze({
  maxBytes: 40 * 1024 * 1024,
  maxPixels: 64_000_000,
  fetchTimeoutMs: 15_000,
  maxRedirects: 3,
});
