import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { trackChanges, type ChangeTracker } from './changes.js';
import { stderrLine } from '../log.js';
import { createPurger, type PurgeLog, type Purger } from './purge.js';

/** How long an editor's command waits, at most, for its purges before it exits anyway. */
export const commandPurgeLimitMs = 5000;

/** Purges the edge after one command-line run, whichever command it was. */
export interface CommandPurge {
  /** watch notes where the change log stood when the command found it; call it once, when the database is opened. */
  watch(db: Database): Database;
  /** finish purges what the command changed and waits for the cache's answers, within the limit; never throws. */
  finish(): Promise<void>;
}

/**
 * createCommandPurge purges the edge cache after an editor's command. Nothing is done without PURGE_URL.
 * Purges go out after the command's writes have committed, so a reader refetching at once gets the new
 * version; a cache that does not answer costs the command at most commandPurgeLimitMs and a warning, never
 * its exit code. Outcomes go to log: plain lines on stderr unless the caller passes its own.
 */
export function createCommandPurge(config: Config, purger?: Purger, log: PurgeLog = stderrLine): CommandPurge {
  const edge = purger ?? createPurger({ purgeUrl: config.purgeUrl, log });
  let tracker: ChangeTracker | undefined;
  return {
    watch(db) {
      if (config.purgeUrl !== undefined && !tracker) tracker = trackChanges(db);
      return db;
    },
    async finish() {
      if (!tracker) return;
      let keys: string[];
      try {
        keys = tracker.keys();
      } catch {
        // The log could not be read (the database went or was replaced under us): everything may be stale.
        keys = ['site'];
      }
      edge.purge(keys);
      if (!(await edge.settled(commandPurgeLimitMs))) {
        log('warn', `edge: purges still unanswered after ${commandPurgeLimitMs} ms; cached pages expire by themselves within minutes`);
      }
    },
  };
}
