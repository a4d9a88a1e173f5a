import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ContentError, type Problem } from '../content/content-error.js';
import { listLeadImageSources, upsertArticleImage } from '../db/article-images.js';
import type { FetchOptions } from '../media/fetch-image.js';
import type { ImageProcessor } from '../media/image-pool.js';
import { resolveImageSource } from '../media/image-source.js';
import { ingestImage } from '../media/ingest.js';
import type { MediaStore } from '../media/store.js';
import { makeShareCards } from './share-cards.js';

/** What the image step did: the pieces whose images were fetched, processed or reused, and every refusal. */
export interface ImageReport {
  fetched: string[];
  processed: string[];
  reused: string[];
  refused: Problem[];
  /** Pieces without a lead image whose generated share card was drawn (publishing/share-cards.ts). */
  cards: string[];
}

/** What the image step needs: the store, a processor (the pool on the CLI), the content folder, fetch rules. */
export interface ArticleImageDeps {
  store: MediaStore;
  process: ImageProcessor;
  contentDir: string;
  /** The site's name, printed on generated share cards. */
  siteName: string;
  fetch?: FetchOptions;
  /** Images in flight at once: enough to keep every worker busy while others wait on the network. */
  concurrency?: number;
}

/**
 * makeArticleImages runs after an import commits: for each piece whose image.src names a file or an address
 * that no stored processed image was made from, it brings the image in (media/ingest.ts) and
 * records its key, which puts it on the piece's page, its cards and its share card. Pieces an import left
 * unchanged are not looked at. A refused image leaves its piece without a processed picture and is reported
 * as `file: image.src: problem`; the pieces themselves are already published. Then every piece without a
 * lead image gets its generated share card, drawn again only when its text changed.
 */
export async function makeArticleImages(db: Database, deps: ArticleImageDeps): Promise<ImageReport> {
  const report: ImageReport = { fetched: [], processed: [], reused: [], refused: [], cards: [] };
  // New pieces, pieces whose image.src changed, and pieces whose image is gone from the store (a database
  // restored without its media folder). An unchanged piece costs one small file read and no image work.
  const queue = listLeadImageSources(db).filter((p) => p.madeFrom !== p.imageSrc || !p.imageKey || !deps.store.find(p.imageKey));
  const ingestDeps = { ...deps, inFlight: new Map() };
  const work = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const file = item.sourceFile ?? item.slug;
      const origin = { file, field: 'image.src' };
      const source = resolveImageSource(item.imageSrc, path.resolve(file), deps.contentDir);
      if (!source || source.kind === 'site') {
        report.refused.push({ ...origin, message: 'names a file outside the content folder', value: item.imageSrc });
        continue;
      }
      try {
        const { image, outcome } = await ingestImage(source, origin, ingestDeps);
        upsertArticleImage(db, item.id, item.imageSrc, image.key);
        report[outcome].push(item.slug);
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        report.refused.push(...error.problems);
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? 8 }, work));
  report.cards = await makeShareCards(db, deps.store, deps.siteName);
  return report;
}
