import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ContentError, type Problem } from '../content/content-error.js';
import { bodyImageRefs } from '../content/body-images.js';
import { forgetBodyImages, listBodyImageSources, listLeadImageSources, upsertArticleImage, upsertBodyImage } from '../db/article-images.js';
import { listPortraitSources, upsertAuthorPhoto } from '../db/author-photos.js';
import type { FetchOptions } from '../media/fetch-image.js';
import type { ImageProcessor } from '../media/image-pool.js';
import { resolveImageSource, type ImageSource } from '../media/image-source.js';
import { ingestImage, RefusedEarlier } from '../media/ingest.js';
import type { MediaStore } from '../media/store.js';
import { makeShareCards, type ShareCardReport } from './share-cards.js';

/** An image the step brings in: who names it (a piece's slug, or "author <slug>"), where, and how to record it. */
interface Wanted {
  name: string;
  file: string;
  field: string;
  ref: string;
  /** Where the reference leads; undefined when it leaves the content folder or names another scheme. */
  source: Exclude<ImageSource, { kind: 'site' }> | undefined;
  record: (key: string) => void;
}

/** What the image step did: the pieces whose images were fetched, processed or reused, and every refusal. */
export interface ImageReport {
  fetched: string[];
  processed: string[];
  reused: string[];
  refused: Problem[];
  /** Of the refusals, addresses refused on an earlier import and not fetched again (media/ingest.ts). */
  notRetried: number;
  /** Pieces naming an address that was not fetched because fetching is off (IMAGE_FETCH=off). */
  notFetched: string[];
  /** Pieces without a lead image whose generated share card changed, and how many were drawn now (publishing/share-cards.ts). */
  cards: ShareCardReport;
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
  /** Fetch addresses refused on an earlier import now (import --retry-images). */
  retryRefused?: boolean;
  /** False when the site fetches nothing (IMAGE_FETCH=off): addresses stay links to the original. */
  fetchRemote?: boolean;
  /** The clock, for the memory of refused addresses. */
  now?: () => number;
}

/**
 * makeArticleImages runs after an import commits: each lead image, body image and author's portrait whose
 * reference (a file or an address) no stored processed image was made from is brought in (media/ingest.ts)
 * and its key recorded, which puts it on the piece's page, its cards, feeds and share card. A reference named
 * by several pieces is brought in once. Pieces an import left unchanged cost a lookup and no image work. A
 * refused image leaves its piece without a processed picture and is reported as `file: field: problem`; the
 * pieces themselves are already published. Then every piece without a lead image gets its generated share
 * card, set again only when its text changed (and drawn now, or on first request after a large migration).
 */
export async function makeArticleImages(db: Database, deps: ArticleImageDeps): Promise<ImageReport> {
  const report: ImageReport = { fetched: [], processed: [], reused: [], refused: [], notRetried: 0, notFetched: [], cards: { changed: [], drawn: 0 } };
  const ingestDeps = { ...deps, inFlight: new Map() };
  const bySource = new Map<string, { source: Exclude<ImageSource, { kind: 'site' }>; wanted: Wanted[] }>();
  for (const item of wantedImages(db, deps)) {
    if (!item.source) {
      report.refused.push({ file: item.file, field: item.field, message: 'names a file outside the content folder, or an address that is not http(s)', value: item.ref });
      continue;
    }
    if (item.source.kind === 'url' && deps.fetchRemote === false) {
      report.notFetched.push(item.name);
      continue;
    }
    const id = item.source.kind === 'url' ? item.source.url : item.source.path;
    const entry = bySource.get(id) ?? { source: item.source, wanted: [] };
    bySource.set(id, entry);
    entry.wanted.push(item);
  }
  const queue = [...bySource.values()];
  const work = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [first] = next.wanted;
      try {
        const { image, outcome } = await ingestImage(next.source, { file: first!.file, field: first!.field }, ingestDeps);
        // One fetch or processing served them all: the first piece is charged with it, the others reused it.
        next.wanted.forEach((item, index) => {
          item.record(image.key);
          report[index === 0 ? outcome : 'reused'].push(item.name);
        });
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        if (error instanceof RefusedEarlier) report.notRetried += next.wanted.length;
        // Every piece that names the refused image hears of it, each under its own file and field, with the
        // reference as its writer typed it.
        for (const item of next.wanted) report.refused.push(...error.problems.map((problem) => ({ ...problem, file: item.file, field: item.field, value: item.ref })));
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? 8 }, work));
  report.cards = await makeShareCards(db, deps.store, deps.siteName);
  return report;
}

/**
 * wantedImages lists the images no stored processed image was made from: new pieces, changed references, files
 * with new bytes (their size or time changed), and images gone from the store (a database restored without its
 * media folder). Body images whose reference a body no longer names lose their rows here, so the table holds
 * what the bodies show. Site paths (public/) are served as they are and never wanted.
 */
function wantedImages(db: Database, deps: ArticleImageDeps): Wanted[] {
  const wanted: Wanted[] = [];
  const want = (name: string, file: string, field: string, ref: string, made: { from?: string | null; key?: string | null; stamp?: string | null }, record: (key: string, stamp: string | null) => void) => {
    const source = resolveImageSource(ref, path.resolve(file), deps.contentDir);
    if (source?.kind === 'site') return;
    const stamp = source?.kind === 'file' ? fileStamp(source.path) : null;
    if (made.from === ref && made.key && (made.stamp ?? null) === stamp && deps.store.find(made.key)) return;
    wanted.push({ name, file, field, ref, source, record: (key) => record(key, stamp) });
  };
  for (const p of listLeadImageSources(db)) {
    want(p.slug, p.sourceFile ?? p.slug, 'image.src', p.imageSrc, { from: p.madeFrom, key: p.imageKey, stamp: p.stamp }, (key, stamp) => upsertArticleImage(db, p.id, p.imageSrc, key, stamp));
  }
  for (const p of listBodyImageSources(db)) {
    const refs = bodyImageRefs(p.bodyHtml);
    if ([...p.made.keys()].some((ref) => !refs.includes(ref))) forgetBodyImages(db, p.id, refs);
    for (const ref of refs) {
      const made = p.made.get(ref);
      want(p.slug, p.sourceFile ?? p.slug, 'body image', ref, { from: made && ref, ...made }, (key, stamp) => upsertBodyImage(db, p.id, ref, key, stamp));
    }
  }
  const registry = path.join(deps.contentDir, 'authors.yaml');
  for (const a of listPortraitSources(db)) {
    want(`author ${a.slug}`, registry, `${a.slug}.photo`, a.photo, { from: a.madeFrom, key: a.imageKey, stamp: a.stamp }, (key, stamp) => upsertAuthorPhoto(db, a.id, a.photo, key, stamp));
  }
  return wanted;
}

// A file's size and modification time: what tells new bytes behind an unchanged name without reading them.
function fileStamp(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${Math.trunc(stat.mtimeMs)}`;
  } catch {
    return null;
  }
}
