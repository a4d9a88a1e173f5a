import type { Server } from 'node:http';
import type { Logger } from '../log.js';

/** One thing to do on the way out, after requests have finished: flush a counter, close the database. */
export interface CloseStep {
  readonly name: string;
  readonly run: () => void | Promise<void>;
}

/** What gracefulShutdown needs: the server to drain, the close steps in order, and how to leave. */
export interface ShutdownOptions {
  readonly server: Server;
  /** Steps run in order once no request is in flight; a failing step is logged and the rest still run. */
  readonly steps: readonly CloseStep[];
  /** How long in-flight requests may take before their connections are closed under them. */
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly exit: (code: number) => void;
}

/**
 * gracefulShutdown returns the signal handler that stops Broadsheet cleanly: stop accepting connections,
 * let in-flight requests finish (up to the deadline), run the close steps in order, then exit 0, or 1 if
 * a step failed. A second signal while this runs exits at once with 1; SQLite's WAL keeps the file
 * consistent even then.
 */
export function gracefulShutdown({ server, steps, deadlineMs, logger, exit }: ShutdownOptions): (signal: string) => Promise<void> {
  let started = false;
  return async (signal) => {
    if (started) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    started = true;
    const began = Date.now();
    logger.info({ signal, deadlineMs }, 'shutting down: no new connections, finishing requests in flight');
    // Responses still being written tell keep-alive clients not to send another request on this connection.
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() drops the connections idle right now; one busy now turns idle when its response ends and
    // would otherwise wait out the keep-alive timeout, so sweep again until everything has drained.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    if ((await Promise.race([drained, deadline])) === 'deadline') {
      logger.warn({ deadlineMs }, 'shutdown deadline passed: closing connections still open');
      server.closeAllConnections();
      await drained;
    }
    clearTimeout(timer);
    clearInterval(sweep);
    let failed = false;
    for (const step of steps) {
      try {
        await step.run();
        logger.info({ step: step.name }, 'shutdown step done');
      } catch (error) {
        failed = true;
        logger.error({ step: step.name, err: error }, 'shutdown step failed');
      }
    }
    logger.info({ ms: Date.now() - began, exitCode: failed ? 1 : 0 }, 'shutdown complete');
    exit(failed ? 1 : 0);
  };
}
