/** The attributes of an <img> that tell a tracking pixel from a picture. */
export interface ImageAttributes {
  src?: string;
  width?: string;
  height?: string;
}

// Addresses that only ever serve counters, a feed service's own buttons or its ads, never a picture of the
// piece: Feedburner's item counter (~r), FeedFlare buttons (~ff) and ads (~a), Medium's and WordPress.com's
// view counters, WordPress.com's comment-count and share buttons, Pheedo's and Feedsportal's share buttons and
// ads, ad servers' event pixels (DoubleClick, BlueKai, The Trade Desk), and the file names analytics tools give
// a transparent GIF. Since images from outside are fetched and shown (issue 19), furniture like this would
// otherwise become pictures in a piece.
const pixelAddresses = [
  /^https?:\/\/feeds\.feedburner\.com\/~(?:r|ff|a)\//i,
  /^https?:\/\/feeds\.wordpress\.com\/1\.0\//i,
  /^https?:\/\/(?:images|ads)\.pheedo\.com\//i,
  /^https?:\/\/(?:[a-z0-9-]+\.)?feedsportal\.com\/(?:social\/|[a-z0-9]+\.img|c\/)/i,
  /^https?:\/\/(?:da|pi)\.feedsportal\.com\//i,
  /^https?:\/\/(?:[a-z0-9-]+\.)*doubleclick\.net\//i,
  /^https?:\/\/tags\.bluekai\.com\//i,
  /^https?:\/\/insight\.adsrvr\.org\//i,
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
