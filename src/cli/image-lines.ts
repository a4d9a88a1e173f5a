import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { bodyImageRefs } from '../content/body-images.js';
import { listArticleImageKeys, listBodyImageKeys } from '../db/article-images.js';
import { cardName } from '../media/recipe.js';
import { mediaUrl, openMediaStore } from '../media/store.js';

/**
 * imageLines are the lines `show` prints about a piece's images (issue 19): for the lead image, what image.src
 * says, where its processed variants are served, and each format's widths; for each body image, what it names
 * and what was made of it; or that an image is a site file served as it is, or not processed yet.
 */
export function imageLines(db: Database, config: Config, article: { id: number; imageSrc: string | null; bodyHtml?: string }): [string, string][] {
  return [...leadImageLines(db, config, article), ...bodyImageLines(db, config, article)];
}

function leadImageLines(db: Database, config: Config, article: { id: number; imageSrc: string | null }): [string, string][] {
  if (!article.imageSrc) return [];
  if (article.imageSrc.startsWith('/')) return [['Image', `${article.imageSrc} (a file of public/, served as it is)`]];
  const key = listArticleImageKeys(db, [article.id]).get(article.id);
  const image = key ? openMediaStore(config.mediaDir).find(key) : undefined;
  if (!image) return [['Image', `${article.imageSrc} (not processed: import the piece again to see why)`]];
  const formats = [...new Set(image.variants.filter((v) => v.name !== cardName).map((v) => v.format))];
  const bytes = image.variants.reduce((sum, v) => sum + v.bytes, 0);
  return [
    ['Image', `${article.imageSrc} (${image.source}, ${image.width}×${image.height}) at ${mediaUrl(image.key, '')}`],
    ...formats.map((format): [string, string] => [
      `Image ${format}`,
      image.variants.filter((v) => v.format === format && v.name !== cardName).map((v) => `${v.width}w ${kilobytes(v.bytes)}`).join(', '),
    ]),
    ['Share card', `${cardName} 1200×630, ${kilobytes(image.variants.find((v) => v.name === cardName)?.bytes ?? 0)}; ${kilobytes(bytes)} in all`],
  ];
}

// One line per image of the body: what it names, and what was made of it.
function bodyImageLines(db: Database, config: Config, article: { id: number; bodyHtml?: string }): [string, string][] {
  const refs = bodyImageRefs(article.bodyHtml ?? '');
  if (refs.length === 0) return [];
  const keys = listBodyImageKeys(db, [article.id]).get(article.id) ?? new Map<string, string>();
  const store = openMediaStore(config.mediaDir);
  return refs.map((ref): [string, string] => {
    if (ref.startsWith('/')) return ['Body image', `${ref} (a file of public/, served as it is)`];
    const key = keys.get(ref);
    const image = key ? store.find(key) : undefined;
    if (!image) return ['Body image', `${ref} (not processed: shown as its alt text or a link; import again to see why)`];
    const variants = image.variants.filter((v) => v.name !== cardName);
    const bytes = variants.reduce((sum, v) => sum + v.bytes, 0);
    const formats = new Set(variants.map((v) => v.format)).size;
    return ['Body image', `${ref} (${image.source}, ${image.width}×${image.height}) at ${mediaUrl(image.key, '')}, ${variants.length} variants in ${formats} formats, ${kilobytes(bytes)}`];
  });
}

function kilobytes(n: number): string {
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
