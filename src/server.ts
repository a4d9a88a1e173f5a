import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ContentError } from './content/content-error.js';
import { importArticles } from './content/import.js';
import { openDatabase } from './db/open.js';
import { checkpointDatabase, describeDatabaseError } from './db/trouble.js';
import { createHttpServer } from './http/server-limits.js';
import { gracefulShutdown, type CloseStep } from './http/shutdown.js';
import { createLogger, type Logger } from './log.js';
import { createVisitCounter } from './visits/counter.js';

/** start opens and migrates the database, imports the content folder, and serves until SIGTERM or SIGINT. */
function start(config: Config, logger: Logger): void {
  const db = openDatabase(config.databasePath, path.join(config.rootDir, 'migrations'));
  try {
    const result = importArticles(db, [config.contentDir]);
    logger.info(
      { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length },
      'content imported',
    );
  } catch (error) {
    // A database that cannot take writes (locked, read-only, full) still holds the last good import, so
    // readers keep getting pages; bad content, on the other hand, must stop the start-up.
    const trouble = describeDatabaseError(error);
    if (!trouble) throw error;
    logger.error({ problem: trouble, code: (error as { code?: string }).code }, 'content import failed; serving what the database already holds');
  }
  const visits = createVisitCounter(db, config);
  const app = createApp({ db, config, logger, visits });
  const server = createHttpServer(app, { logger });
  server.on('error', (error) => {
    logger.fatal({ port: config.port, err: error }, 'could not listen');
    process.exit(1);
  });
  server.listen({ port: config.port, host: config.host }, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ siteUrl: config.siteUrl, port }, 'serving');
  });

  // Run in this order after the last request has finished. Anything holding writes in memory (a visit
  // counter, a queue) flushes here, before the database steps, so nothing accepted is lost.
  const closeSteps: CloseStep[] = [
    { name: 'flush visit counts', run: () => visits.close() },
    // Fold the WAL into the main file so the database is one self-contained file while we are down.
    {
      name: 'checkpoint database',
      run: () => {
        if (checkpointDatabase(db) === 'read-only') logger.warn('database is read-only: checkpoint skipped');
      },
    },
    { name: 'close database', run: () => void db.close() },
  ];
  const shutdown = gracefulShutdown({
    server,
    steps: closeSteps,
    deadlineMs: config.shutdownTimeoutMs,
    logger,
    exit: (code) => process.exit(code),
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

let logger = createLogger();
try {
  const config = loadConfig();
  logger = createLogger({ level: config.logLevel });
  start(config, logger);
} catch (error) {
  if (error instanceof ContentError) {
    logger.fatal({ problems: error.message.split('\n') }, 'could not start: the content folder has problems');
  } else {
    const trouble = describeDatabaseError(error);
    logger.fatal({ problem: trouble ?? (error as Error).message }, 'could not start');
  }
  process.exit(1);
}
