/** The attributes of an <img> that tell a tracking pixel from a picture. */
export interface ImageAttributes {
  src?: string;
  width?: string;
  height?: string;
}

// Addresses that only ever serve counters or a feed service's own buttons, never a picture of the piece:
// Feedburner's item counter (~r) and FeedFlare buttons (~ff), Medium's and WordPress.com's view counters, and
// the file names analytics tools give a transparent GIF.
const pixelAddresses = [
  /^https?:\/\/feeds\.feedburner\.com\/~(?:r|ff)\//i,
  /^https?:\/\/(?:[a-z0-9-]+\.)?medium\.com\/_\/stat\b/i,
  /^https?:\/\/(?:stats|pixel)\.wp\.com\//i,
  /^https?:\/\/stats\.wordpress\.com\//i,
  /\/(?:pixel|1x1|spacer|blank|transparent|__utm|tracker|beacon)\.(?:gif|png)(?:[?#]|$)/i,
];

/**
 * isTrackingPixel says whether an image is a tracking pixel rather than a picture: a width or height of 2 or
 * less (a 1×1 counter says nothing to a reader), or an address of one of the counters above. These are dropped
 * from imported bodies; every other image is kept (docs/editors-cli.md, "Images from outside sources").
 */
export function isTrackingPixel(image: ImageAttributes): boolean {
  const tiny = [image.width, image.height].some((value) => {
    const size = Number.parseFloat(value ?? '');
    return Number.isFinite(size) && size <= 2;
  });
  const src = (image.src ?? '').trim();
  return tiny || pixelAddresses.some((pattern) => pattern.test(src));
}
