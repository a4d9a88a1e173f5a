import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { listArticleImageKeys } from '../db/article-images.js';
import { cardName } from '../media/recipe.js';
import { mediaUrl, openMediaStore } from '../media/store.js';

/**
 * imageLines are the lines `show` prints about a piece's lead image (issue 19): what image.src says, where
 * its processed variants are served, and each format's widths; or that it is a site file served as it is,
 * or not processed yet.
 */
export function imageLines(db: Database, config: Config, article: { id: number; imageSrc: string | null }): [string, string][] {
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

function kilobytes(n: number): string {
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
