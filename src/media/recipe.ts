/**
 * The processing recipe: what the pipeline makes of every source image. Its version is part of each stored
 * image's key, so changing anything here (widths, formats, qualities, the card) means bumping recipeVersion,
 * and the next import processes every image again instead of serving variants made the old way.
 */
export const recipeVersion = 1;

/** The formats a variant is written in: AVIF and WebP for browsers that take them, JPEG or PNG for the rest. */
export type VariantFormat = 'avif' | 'webp' | 'jpeg' | 'png';

/**
 * variantWidths fit the layout (public/css/site.css, view-models/picture.ts pictureSizes): a card's picture is
 * at most 24rem (384 px, 768 on a 2x screen), the article's lead at most 40rem (640 px, 1280 at 2x). Nothing
 * on the site shows an image wider than 1280 device pixels, so a wider variant would only cost encoding time.
 */
export const variantWidths: readonly number[] = [320, 640, 960, 1280];

/** The share card's size: what Facebook, LinkedIn and X (summary_large_image) all crop to, 1.91:1. */
export const cardSize = { width: 1200, height: 630 } as const;

/** cardName is the share card's file name in its image's folder. */
export const cardName = 'card.jpg';

/** widthsFor returns the widths made from a source this wide: every standard width below it, and its own if narrower than the widest. */
export function widthsFor(sourceWidth: number): number[] {
  const below = variantWidths.filter((w) => w < sourceWidth);
  const widest = variantWidths[variantWidths.length - 1]!;
  return sourceWidth <= widest && !below.includes(sourceWidth) ? [...below, sourceWidth] : below.length > 0 ? below : [sourceWidth];
}

/** formatsFor lists a variant's formats, best first: PNG keeps transparency where JPEG would paint it black. */
export function formatsFor(hasAlpha: boolean): VariantFormat[] {
  return ['avif', 'webp', hasAlpha ? 'png' : 'jpeg'];
}

/** extensionOf is a variant file's extension. */
export function extensionOf(format: VariantFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

// Qualities chosen by eye on photographs at 2x (eleventy-img and Squoosh use similar ones); AVIF effort is kept
// low because at import it costs seconds per image for a few per cent of bytes.
export const encoderOptions = {
  avif: { quality: 50, effort: 2 },
  webp: { quality: 75, effort: 4 },
  jpeg: { quality: 78, mozjpeg: true, progressive: true },
  png: { compressionLevel: 9, adaptiveFiltering: true },
} as const;
