import { availableParallelism } from 'node:os';
import type { Database } from 'better-sqlite3';
import { findCardSourceByKey, listCardSources, upsertArticleCard, type CardSource } from '../db/article-cards.js';
import { renderShareCard, shareCardSvg } from '../media/share-card.js';
import { imageKey, type MediaStore, type StoredImage } from '../media/store.js';
import { kickerFor } from '../view-models/format.js';

/** What the import did with generated share cards: the pieces whose card changed, and how many it drew. */
export interface ShareCardReport {
  /** Slugs of pieces whose card text changed (or had none): their pages name the new card from now on. */
  changed: string[];
  /** How many of those cards were drawn now; the rest are drawn on their first request (drawShareCard). */
  drawn: number;
}

/**
 * drawAtImportUpTo is how many changed cards an import draws at once. An editor's import of a few pieces has
 * its cards ready before anyone shares them; a migration of thousands would spend most of its time drawing
 * cards (about 10 ms each) that may never be asked for, so those are drawn on their first request instead.
 */
export const drawAtImportUpTo = 200;

/**
 * makeShareCards sets the share card of every piece without a lead image whose card text changed (or which has
 * none yet): the SVG is built for each, which costs microseconds, and its hash is the card's key, so an
 * unchanged import touches nothing. Up to `drawUpTo` changed cards are drawn now; with more, none are, and
 * each is drawn when first requested, as is a card missing from the store (a media folder not restored).
 */
export async function makeShareCards(db: Database, store: MediaStore, siteName: string, drawUpTo = drawAtImportUpTo): Promise<ShareCardReport> {
  const changed: { id: number; slug: string; key: string; svg: string }[] = [];
  for (const piece of listCardSources(db)) {
    const { svg, key } = cardFor(piece, siteName);
    if (key !== piece.cardKey) changed.push({ id: piece.id, slug: piece.slug, key, svg });
  }
  const draw = changed.length <= drawUpTo ? changed.filter((card) => !store.find(card.key)) : [];
  // libvips draws on its own threads: a few cards at once keep every core busy.
  for (let start = 0; start < draw.length; start += cardsAtOnce) {
    const batch = draw.slice(start, start + cardsAtOnce);
    const images = await Promise.all(batch.map((card) => renderShareCard(card.svg)));
    batch.forEach((card, index) => store.save(card.key, images[index]!));
  }
  for (const card of changed) upsertArticleCard(db, card.id, card.key);
  return { changed: changed.map((card) => card.slug), drawn: draw.length };
}

const drawing = new Map<string, Promise<StoredImage | undefined>>();

/**
 * drawShareCard draws the card with this key on its first request, when the import left it undrawn (or the
 * media folder was lost): only a key some piece has now is drawn, from that piece's text, and only if the text
 * still gives that key, so no request can make the site draw anything else. Requests for the same card while
 * it is being drawn wait for the one drawing.
 */
export function drawShareCard(db: Database, store: MediaStore, siteName: string, key: string): Promise<StoredImage | undefined> {
  const stored = store.find(key);
  if (stored) return Promise.resolve(stored);
  const running = drawing.get(key);
  if (running) return running;
  const piece = findCardSourceByKey(db, key);
  const card = piece && cardFor(piece, siteName);
  if (!card || card.key !== key) return Promise.resolve(undefined);
  const drawn = renderShareCard(card.svg)
    .then((image) => store.save(key, image))
    .finally(() => drawing.delete(key));
  drawing.set(key, drawn);
  return drawn;
}

// A piece's card: its SVG (kicker, headline, byline, site name) and the key that SVG hashes to.
function cardFor(piece: CardSource, siteName: string): { svg: string; key: string } {
  const byline = piece.authors.length > 0 ? `By ${listNames(piece.authors)}` : '';
  const svg = shareCardSvg({ kicker: kickerFor(piece.type), headline: piece.title, byline, siteName });
  return { svg, key: imageKey(Buffer.from(svg)) };
}

const cardsAtOnce = Math.max(2, availableParallelism() * 2);

// "A", "A and B", "A, B and C": the byline as the page prints it.
function listNames(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
