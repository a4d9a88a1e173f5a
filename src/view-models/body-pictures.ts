import { replaceBodyImages, type BodyImage } from '../content/body-images.js';
import { escapeHtml } from '../html-escape.js';
import type { StoredImage } from '../media/store.js';
import { pictureHtml, pictureView, plainImage } from './picture.js';

/** A body's processed images, by the reference the body names them with. */
export type BodyImages = ReadonlyMap<string, StoredImage>;

/**
 * bodyWithPictures prints a stored body for a page: each image that has been processed becomes a lazy
 * <picture> from this site, sized for the measure, with its width and height so nothing shifts. One not
 * processed (yet, or refused) never becomes a request to another site (the CSP is img-src 'self'): a remote
 * one is a link to the image named by its alt text, a file not brought in yet is its alt text alone, and a
 * path of the site's public/ folder is shown as it is.
 */
export function bodyWithPictures(html: string, images: BodyImages): string {
  return replaceBodyImages(html, (image, inLink) => {
    const stored = images.get(image.src);
    return stored ? pictureHtml(pictureView(stored, image.alt, 'body')) : unprocessed(image, inLink);
  });
}

/**
 * bodyForFeed prints a stored body for a feed entry: a processed image is one <img> of its largest ordinary
 * variant (feed readers do not all read <picture>), with its size; the others go as on the page.
 */
export function bodyForFeed(html: string, images: BodyImages): string {
  return replaceBodyImages(html, (image, inLink) => {
    const stored = images.get(image.src);
    if (!stored) return unprocessed(image, inLink);
    const plain = plainImage(stored);
    return `<img src="${escapeHtml(plain.src)}" width="${plain.width}" height="${plain.height}" alt="${escapeHtml(image.alt)}">`;
  });
}

function unprocessed(image: BodyImage, inLink: boolean): string {
  const alt = escapeHtml(image.alt.trim());
  if (image.src.startsWith('/') && !image.src.startsWith('//')) return `<img src="${escapeHtml(image.src)}" alt="${alt}" loading="lazy" decoding="async">`;
  if (/^https?:\/\//i.test(image.src)) return inLink ? `<span>${alt || 'image'}</span>` : `<a href="${escapeHtml(image.src)}">${alt || 'image'}</a>`;
  return alt ? `<span>${alt}</span>` : '';
}
