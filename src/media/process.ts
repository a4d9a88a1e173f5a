import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { ContentError } from '../content/content-error.js';
import { mediaLimits, type MediaLimits } from './limits.js';
import { cardName, cardSize, encoderOptions, extensionOf, formatsFor, widthsFor, type VariantFormat } from './recipe.js';
import { sniffImage, type ImageKind } from './sniff.js';

/** One file a source image was turned into. */
export interface Variant {
  /** The file's name inside its image's folder: `640.avif`, `card.jpg`. */
  name: string;
  format: VariantFormat;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** What processing one source image made: its displayed size (orientation applied) and every variant. */
export interface ProcessedImage {
  source: ImageKind;
  width: number;
  height: number;
  /** The format of the <img> fallback: png when the image has transparency, else jpeg. */
  fallback: VariantFormat;
  variants: Variant[];
}

/** Where a source image came from, for the `file: field: problem` line a refusal prints. */
export interface ImageOrigin {
  file: string;
  field: string;
}

/** How processing may be bounded (tests pass smaller limits). */
export interface ProcessOptions {
  limits?: MediaLimits;
}

/** notAnImage is the refusal of bytes that are no image format this site reads, whatever they were called. */
export const notAnImage = 'is not an image (JPEG, PNG, GIF, WebP, AVIF, HEIC, TIFF or SVG) whatever its name or type says';

/**
 * processImage turns a source image into its variants: orientation applied, colours converted to sRGB, every
 * piece of metadata (EXIF, GPS, XMP, IPTC, ICC) dropped, at each width in AVIF, WebP and a JPEG or PNG
 * fallback, and the 1200×630 share card (og:image; every image gets one, so the same photo can lead a piece
 * later without processing it again), cropped where libvips' attention strategy finds the subject. The bytes are sniffed first; anything that is not an image, or is too large, is refused with a
 * ContentError naming origin.file and origin.field.
 *
 * An animated GIF (or WebP) gives its first frame: a still is what an article page and a share card show,
 * and animation in every width and format would multiply the bytes readers download. An SVG is rasterised by
 * librsvg, which runs no scripts and, reading from memory, loads no external files: what readers get is
 * pixels, never the markup that came in.
 */
export async function processImage(bytes: Uint8Array, origin: ImageOrigin, options: ProcessOptions = {}): Promise<ProcessedImage> {
  const limits = options.limits ?? mediaLimits;
  const refuse = (message: string, value?: unknown): never => {
    throw new ContentError([{ file: origin.file, field: origin.field, message, value }]);
  };
  if (bytes.length > limits.maxBytes) refuse(`is ${megabytes(bytes.length)}, more than the ${megabytes(limits.maxBytes)} an image may be`);
  const source = sniffImage(bytes);
  if (!source) refuse(notAnImage);

  // Density for SVG only: 144 dpi draws an icon-sized drawing at twice its nominal pixels, crisp on 2x screens.
  const input = { limitInputPixels: limits.maxPixels, failOn: 'error', ...(source === 'svg' ? { density: 144 } : {}) } as const;
  let meta: Metadata;
  try {
    // The header only, without the pixel limit, so an image too large gets our sentence, not libvips'.
    meta = await sharp(bytes, { ...input, limitInputPixels: false }).metadata();
  } catch (error) {
    return refuse(`could not be read as ${source!.toUpperCase()} (${(error as Error).message})`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > limits.maxPixels) {
    refuse(`is ${meta.width}×${meta.height} (${(pixels / 1e6).toFixed(0)} megapixels), more than the ${(limits.maxPixels / 1e6).toFixed(0)} an image may have`);
  }

  // Decode once: orient, convert to sRGB and shrink to the widest variant, then encode every variant from
  // those raw pixels. Nothing of the source's metadata is carried into raw pixels, so none can leak out.
  const widest = widthsFor(meta.autoOrient?.width ?? meta.width ?? 1).at(-1)!;
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, input)
      .autoOrient()
      .resize({ width: widest, withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    return refuse(`could not be decoded (${(error as Error).message})`);
  }
  const raw = () => sharp(decoded.data, { raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels } });
  const hasAlpha = decoded.info.channels === 4 && !(await raw().stats()).isOpaque;
  const base = () => (hasAlpha || decoded.info.channels !== 4 ? raw() : raw().removeAlpha());
  const { width, height } = decoded.info;

  const variants: Variant[] = [];
  for (const w of widthsFor(width)) {
    for (const format of formatsFor(hasAlpha)) {
      const { data, info } = await encode(base().resize({ width: w }), format).toBuffer({ resolveWithObject: true });
      variants.push({ name: `${w}.${extensionOf(format)}`, format, width: info.width, height: info.height, bytes: data });
    }
  }
  // A transparent image is laid on white: a share card has no transparency to show.
  const card = base().flatten({ background: '#ffffff' }).resize({ ...cardSize, fit: 'cover', position: sharp.strategy.attention });
  variants.push({ name: cardName, format: 'jpeg', ...cardSize, bytes: await encode(card, 'jpeg').toBuffer() });
  return { source: source!, width, height, fallback: hasAlpha ? 'png' : 'jpeg', variants };
}

function encode(image: Sharp, format: VariantFormat): Sharp {
  if (format === 'avif') return image.avif(encoderOptions.avif);
  if (format === 'webp') return image.webp(encoderOptions.webp);
  if (format === 'png') return image.png(encoderOptions.png);
  return image.jpeg(encoderOptions.jpeg);
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
