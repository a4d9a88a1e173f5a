import type { Database } from 'better-sqlite3';
import { listArticleImageKeys, listBodyImageKeys } from '../db/article-images.js';
import { listPortraitKeys } from '../db/author-photos.js';
import type { ArticleSummary } from '../db/articles.js';
import type { MediaStore, StoredImage } from '../media/store.js';
import { toCardView, type CardView } from '../view-models/article.js';

/**
 * leadImages gathers, for a handler, the processed lead image of each of these pieces that has one: the key
 * from the database, the description from the media store. A piece whose image is missing from the store
 * (a media folder not restored with a backup) simply has none, and its page is as calm as one without.
 */
export function leadImages(db: Database, media: MediaStore, articleIds: readonly number[]): Map<number, StoredImage> {
  return fromStore(media, listArticleImageKeys(db, articleIds));
}

/** bodyImages gathers the processed images of each of these pieces' bodies, by the reference the body names. */
export function bodyImages(db: Database, media: MediaStore, articleIds: readonly number[]): Map<number, Map<string, StoredImage>> {
  const found = new Map<number, Map<string, StoredImage>>();
  for (const [id, keys] of listBodyImageKeys(db, articleIds)) found.set(id, fromStore(media, keys));
  return found;
}

/** portraits gathers the processed portraits of these authors, by slug (issue 19). */
export function portraits(db: Database, media: MediaStore, slugs: readonly string[]): Map<string, StoredImage> {
  return fromStore(media, listPortraitKeys(db, slugs));
}

// The stored images for these keys; one missing from the store is left out, and its page shows none.
function fromStore<K>(media: MediaStore, keys: ReadonlyMap<K, string>): Map<K, StoredImage> {
  const found = new Map<K, StoredImage>();
  for (const [owner, key] of keys) {
    const image = media.find(key);
    if (image) found.set(owner, image);
  }
  return found;
}

/** cardViews prepares index cards for these pieces, each with its lead image's small variants when it has one. */
export function cardViews(db: Database, media: MediaStore, timeZone: string, articles: readonly ArticleSummary[]): CardView[] {
  const images = leadImages(db, media, articles.map((a) => a.id));
  return articles.map((a) => toCardView(a, timeZone, images.get(a.id)));
}
