import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import type { Purger } from '../edge-cache/purge.js';
import type { PageCache } from '../http/page-cache.js';
import type { MediaStore } from '../media/store.js';
import type { VisitCounter } from '../visits/counter.js';

/** What every route factory is given: nothing is imported as a singleton. */
export interface RouteDeps {
  readonly db: Database;
  readonly config: Config;
  /** The clock, injectable so tests can publish scheduled pieces or move to a new day. */
  readonly now: () => number;
  /** Maps a public path such as /img/a.svg to its fingerprinted URL. */
  readonly asset: (path: string) => string;
  /** The processed images (MEDIA_DIR): handlers read lead images' descriptions from it. */
  readonly media: MediaStore;
  /** Counts article views in memory and flushes them in batches (issue 4). */
  readonly visits: VisitCounter;
  /** The rendered-page cache: handlers send public pages through pages.render (http/page-cache.ts). */
  readonly pages: PageCache;
  /** The cache for search result pages, with a budget of its own. */
  readonly searchPages: PageCache;
  /** The site secret: signs comment form tokens and preview links, each under a label of its own. */
  readonly commentSecret: string;
  /** Tells the edge cache in front (PURGE_URL) what a write made stale; does nothing without one. */
  readonly purger: Purger;
}
