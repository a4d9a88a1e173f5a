import { stderrLine } from '../log.js';
import { surrogateKeyPattern, surrogateKeys } from './surrogate.js';

/** Sends purges to the edge cache in the background. */
export interface Purger {
  /** purge asks the cache to drop every response tagged with any of keys; it never throws or blocks. */
  purge(keys: readonly string[]): void;
  /**
   * settled resolves once every purge queued so far has been accepted or given up on, or after limitMs,
   * whichever comes first; true when nothing is left in flight. A command-line run awaits it before exiting.
   */
  settled(limitMs?: number): Promise<boolean>;
}

/** One line about a purge's outcome; warnings are failures. */
export type PurgeLog = (level: 'info' | 'warn', message: string) => void;

export interface PurgerOptions {
  /** Where to send purges; undefined gives a purger that does nothing. */
  purgeUrl: string | undefined;
  /** Where outcomes are reported: the app passes its logger's; a command-line run prints plain lines (the default). */
  log?: PurgeLog;
  /** Waits before each retry, in ms; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take before it counts as failed. */
  timeoutMs?: number;
}

// A hundred keys stay far inside the 8 kB header limits of Varnish, nginx and the CDNs.
const keysPerRequest = 100;

/**
 * createPurger returns a Purger that sends `PURGE` requests with the keys, space-separated, in a
 * `Surrogate-Key` header (Fastly's format, which the shipped VCL reads) to purgeUrl. A failure (network
 * error, timeout, non-2xx) is retried after each of retryDelaysMs, then logged and dropped: every cached
 * page still expires by itself within its s-maxage, so a failed purge means minutes of staleness, never a
 * failed editor's command.
 */
export function createPurger({
  purgeUrl,
  log = stderrLine,
  retryDelaysMs = [250, 1000, 3000],
  timeoutMs = 2000,
}: PurgerOptions): Purger {
  const pending = new Set<Promise<void>>();

  const attempt = async (keys: readonly string[]): Promise<string | undefined> => {
    try {
      const response = await fetch(purgeUrl!, {
        method: 'PURGE',
        headers: { 'Surrogate-Key': keys.join(' ') },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return cause?.message ?? (error as Error).message;
    }
  };

  const send = async (keys: readonly string[]): Promise<void> => {
    const shown = keys.length > 8 ? `${keys.slice(0, 8).join(' ')} … (${keys.length} keys)` : keys.join(' ');
    for (let tries = 0; ; tries += 1) {
      const problem = await attempt(keys);
      if (problem === undefined) return log('info', `edge: purged ${shown}`);
      const delay = retryDelaysMs[tries];
      if (delay === undefined) {
        return log('warn', `edge: purge failed after ${tries + 1} attempts (${problem}); cached copies expire by themselves within minutes: ${shown}`);
      }
      log('warn', `edge: purge attempt ${tries + 1} failed (${problem}); retrying in ${delay} ms`);
      // Unref'd: a retry alone never keeps a finished command alive; settled() is how a caller waits.
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  };

  return {
    purge(keys) {
      if (purgeUrl === undefined || keys.length === 0) return;
      // Anything outside the key alphabet could not have been sent by us; purging everything is the safe reading.
      const valid = [...new Set(keys.map((key) => (surrogateKeyPattern.test(key) ? key : surrogateKeys.site)))];
      for (let i = 0; i < valid.length; i += keysPerRequest) {
        const job = send(valid.slice(i, i + keysPerRequest));
        pending.add(job);
        void job.finally(() => pending.delete(job));
      }
    },
    async settled(limitMs = Infinity) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        if (Number.isFinite(limitMs)) timer = setTimeout(resolve, limitMs);
      });
      const all = (async () => {
        while (pending.size > 0) await Promise.all(pending);
      })();
      await Promise.race([all, limit]);
      clearTimeout(timer);
      return pending.size === 0;
    },
  };
}
