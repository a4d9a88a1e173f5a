import type { Database } from 'better-sqlite3';
import { createImagePool } from '../media/image-pool.js';
import { openMediaStore } from '../media/store.js';
import { makeArticleImages } from '../publishing/article-images.js';
import { drawAtImportUpTo, type ShareCardReport } from '../publishing/share-cards.js';
import { exitCodes, printProblems, type CliContext } from './output.js';

/**
 * importImages is the import's last step (issue 19): it brings in the lead and body images of the pieces just
 * imported (fetched, processed on every core, or reused) and prints one line of counts, then any refusal as
 * `file: field: problem`. The pieces are imported either way; a refusal makes the exit code 1 so a
 * script notices. With nothing to do it prints nothing and starts no worker.
 */
export async function importImages(ctx: CliContext, db: Database, options: { retryRefused?: boolean } = {}): Promise<number> {
  const pool = createImagePool();
  try {
    const { config } = ctx;
    const report = await makeArticleImages(db, {
      store: openMediaStore(config.mediaDir),
      process: pool.process,
      contentDir: config.contentDir,
      siteName: config.siteName,
      retryRefused: options.retryRefused,
      fetchRemote: config.imageFetch,
      now: ctx.now,
    });
    const { fetched, processed, reused, refused, notRetried, notFetched, cards } = report;
    if (fetched.length + processed.length + reused.length + refused.length + notFetched.length + cards.changed.length === 0) return exitCodes.ok;
    const earlier = notRetried > 0 ? ` (${notRetried} refused on an earlier import, not fetched again)` : '';
    const off = notFetched.length > 0 ? `, ${notFetched.length} left as links (IMAGE_FETCH=off)` : '';
    ctx.print(`Images: ${fetched.length} fetched, ${processed.length} processed, ${reused.length} reused, ${refused.length} refused${earlier}${off}; ${cardsLine(cards)}.`);
    if (refused.length === 0) return exitCodes.ok;
    printProblems(ctx.printError, refused, 'those pieces were imported without those images.');
    return exitCodes.invalidInput;
  } finally {
    await pool.close();
  }
}

// "3 share cards drawn", or for a migration "5000 share cards set, to be drawn on first request".
function cardsLine({ changed, drawn }: ShareCardReport): string {
  const count = `${changed.length} share card${changed.length === 1 ? '' : 's'}`;
  return drawn === changed.length ? `${count} drawn` : `${count} set, to be drawn on first request (more than ${drawAtImportUpTo})`;
}
