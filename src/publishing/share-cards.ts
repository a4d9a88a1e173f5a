import { availableParallelism } from 'node:os';
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
  const waiting: { id: number; slug: string; key: string; svg?: string }[] = [];
  for (const piece of listCardSources(db)) {
    const byline = piece.authors.length > 0 ? `By ${listNames(piece.authors)}` : '';
    const svg = shareCardSvg({ kicker: kickerFor(piece.type), headline: piece.title, byline, siteName });
    const key = imageKey(Buffer.from(svg));
    const stored = store.find(key);
    if (key === piece.cardKey && stored) continue;
    waiting.push({ id: piece.id, slug: piece.slug, key, ...(!stored && { svg }) });
  }
  // libvips draws on its own threads: a few cards at once keep every core busy during a large migration.
  for (let start = 0; start < waiting.length; start += cardsAtOnce) {
    const batch = waiting.slice(start, start + cardsAtOnce);
    const images = await Promise.all(batch.map((card) => (card.svg ? renderShareCard(card.svg) : undefined)));
    batch.forEach((card, index) => {
      const image = images[index];
      if (image && !store.find(card.key)) store.save(card.key, image);
      upsertArticleCard(db, card.id, card.key);
      drawn.push(card.slug);
    });
  }
  return drawn;
}

const cardsAtOnce = Math.max(2, availableParallelism() * 2);

// "A", "A and B", "A, B and C": the byline as the page prints it.
function listNames(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
