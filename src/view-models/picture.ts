import { escapeHtml } from '../html-escape.js';
import { cardName, type VariantFormat } from '../media/recipe.js';
import { mediaUrl, type StoredImage } from '../media/store.js';

/** A <picture> ready to print: AVIF and WebP sources, then the <img> with the JPEG or PNG fallback. */
export interface PictureView {
  sources: { type: string; srcset: string }[];
  src: string;
  srcset: string;
  sizes: string;
  width: number;
  height: number;
  alt: string;
  /** eager above the fold (the lead image, the author page's portrait), lazy everywhere else. */
  loading: 'eager' | 'lazy';
  /** high for the lead image only, so the browser fetches it before anything else below the fold. */
  fetchpriority: 'high' | 'auto';
}

/**
 * pictureSizes are the `sizes` of each place a picture appears, read off public/css/site.css: the article's
 * lead spans the measure and its gutters (36rem + 2 × 2rem) or the whole screen below that; a card is a
 * column of the card grid (at most a third of 74rem) or the whole screen on a phone.
 */
export const pictureSizes = {
  lead: '(min-width: 42rem) 40rem, 100vw',
  /** An image in a body: the measure (36rem) on a wide screen, the screen less its gutters on a phone. */
  body: '(min-width: 40rem) 36rem, 100vw',
  card: '(min-width: 48rem) 24rem, 100vw',
  /** An author's round portrait beside the byline, and the larger one on their page (public/css/site.css). */
  portrait: '2.5rem',
  profile: '8rem',
} as const;

const types: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };

/** pictureView prepares a stored image for a <picture>: every width of each format, best format first. */
export function pictureView(image: StoredImage, alt: string, place: keyof typeof pictureSizes): PictureView {
  const srcset = (format: VariantFormat) =>
    image.variants
      .filter((v) => v.format === format && v.name !== cardName)
      .map((v) => `${mediaUrl(image.key, v.name)} ${v.width}w`)
      .join(', ');
  const fallbacks = image.variants.filter((v) => v.format === image.fallback && v.name !== cardName);
  // The <img> src is for browsers without srcset: the width closest to what the layout shows at 1x.
  const src = fallbacks.find((v) => v.width >= (place === 'lead' ? 640 : 320)) ?? fallbacks.at(-1)!;
  return {
    sources: (['avif', 'webp'] as const).map((format) => ({ type: types[format], srcset: srcset(format) })),
    src: mediaUrl(image.key, src.name),
    srcset: srcset(image.fallback),
    sizes: pictureSizes[place],
    width: image.width,
    height: image.height,
    alt,
    // The lead and the author page's portrait are above the fold: loading them lazily would only delay them.
    loading: place === 'lead' || place === 'profile' ? 'eager' : 'lazy',
    fetchpriority: place === 'lead' ? 'high' : 'auto',
  };
}

/** shareCardUrl is the path of a stored image's 1200×630 share card (og:image, twitter:image). */
export function shareCardUrl(image: StoredImage): string {
  return mediaUrl(image.key, cardName);
}

/**
 * pictureHtml prints a prepared picture: the one spelling of the markup, which views/partials/picture.ejs
 * prints too and a body's images are swapped for (view-models/body-pictures.ts).
 */
export function pictureHtml(picture: PictureView, className?: string): string {
  const sources = picture.sources.map((source) => `<source type="${source.type}" srcset="${escapeHtml(source.srcset)}" sizes="${picture.sizes}">`).join('');
  const priority = picture.fetchpriority === 'high' ? ' fetchpriority="high"' : '';
  const classAttribute = className ? ` class="${escapeHtml(className)}"` : '';
  return (
    `<picture>${sources}<img src="${escapeHtml(picture.src)}" srcset="${escapeHtml(picture.srcset)}" sizes="${picture.sizes}" width="${picture.width}" ` +
    `height="${picture.height}" alt="${escapeHtml(picture.alt)}" loading="${picture.loading}" decoding="async"${priority}${classAttribute}></picture>`
  );
}

/** plainImage is one ordinary variant of a stored image for places without <picture> (feeds): the widest up to 1280 px. */
export function plainImage(image: StoredImage): { src: string; width: number; height: number } {
  const fallbacks = image.variants.filter((v) => v.format === image.fallback && v.name !== cardName);
  const chosen = fallbacks.filter((v) => v.width <= 1280).at(-1) ?? fallbacks[0] ?? image.variants[0]!;
  return { src: mediaUrl(image.key, chosen.name), width: chosen.width, height: chosen.height };
}
