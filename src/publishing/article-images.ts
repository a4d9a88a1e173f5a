import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ContentError, type Problem } from '../content/content-error.js';
import { listLeadImageSources, upsertArticleImage } from '../db/article-images.js';
import { listPortraitSources, upsertAuthorPhoto } from '../db/author-photos.js';
import type { FetchOptions } from '../media/fetch-image.js';
import type { ImageProcessor } from '../media/image-pool.js';
import { resolveImageSource } from '../media/image-source.js';
import { ingestImage } from '../media/ingest.js';
import type { MediaStore } from '../media/store.js';
import { makeShareCards } from './share-cards.js';

/** An image the step brings in: who names it (a piece's slug, or "author <slug>"), where, and how to record it. */
interface Wanted {
  name: string;
  file: string;
  field: string;
  ref: string;
  record: (key: string) => void;
}

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
  // Authors' portraits go the same way (issue 19), named in the report as "author <slug>".
  const stale = (made: { madeFrom: string | null; imageKey: string | null }, ref: string) =>
    made.madeFrom !== ref || !made.imageKey || !deps.store.find(made.imageKey);
  const registry = path.join(deps.contentDir, 'authors.yaml');
  const queue: Wanted[] = [
    ...listLeadImageSources(db)
      .filter((p) => stale(p, p.imageSrc))
      .map((p) => ({ name: p.slug, file: p.sourceFile ?? p.slug, field: 'image.src', ref: p.imageSrc, record: (key: string) => upsertArticleImage(db, p.id, p.imageSrc, key) })),
    ...listPortraitSources(db)
      .filter((a) => stale(a, a.photo))
      .map((a) => ({ name: `author ${a.slug}`, file: registry, field: `${a.slug}.photo`, ref: a.photo, record: (key: string) => upsertAuthorPhoto(db, a.id, a.photo, key) })),
  ];
  const ingestDeps = { ...deps, inFlight: new Map() };
  const work = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const origin = { file: item.file, field: item.field };
      const source = resolveImageSource(item.ref, path.resolve(item.file), deps.contentDir);
      if (!source || source.kind === 'site') {
        report.refused.push({ ...origin, message: 'names a file outside the content folder', value: item.ref });
        continue;
      }
      try {
        const { image, outcome } = await ingestImage(source, origin, ingestDeps);
        item.record(image.key);
        report[outcome].push(item.name);
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
