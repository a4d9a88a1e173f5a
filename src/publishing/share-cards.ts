import type { Database } from 'better-sqlite3';
import { listCardSources, upsertArticleCard } from '../db/article-cards.js';
import { renderShareCard, shareCardSvg } from '../media/share-card.js';
import { imageKey, type MediaStore } from '../media/store.js';
import { kickerFor } from '../view-models/format.js';

/**
 * makeShareCards draws the share card of every piece without a lead image whose card text changed (or
 * which has none yet): the SVG is built for each, which costs microseconds, and drawn only when its hash is
 * not the key the piece already has, so an unchanged import draws nothing. Returns the slugs drawn.
 */
export async function makeShareCards(db: Database, store: MediaStore, siteName: string): Promise<string[]> {
  const drawn: string[] = [];
  for (const piece of listCardSources(db)) {
    const byline = piece.authors.length > 0 ? `By ${listNames(piece.authors)}` : '';
    const svg = shareCardSvg({ kicker: kickerFor(piece.type), headline: piece.title, byline, siteName });
    const key = imageKey(Buffer.from(svg));
    const stored = store.find(key);
    if (key === piece.cardKey && stored) continue;
    if (!stored) store.save(key, await renderShareCard(svg));
    upsertArticleCard(db, piece.id, key);
    drawn.push(piece.slug);
  }
  return drawn;
}

// "A", "A and B", "A, B and C": the byline as the page prints it.
function listNames(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
