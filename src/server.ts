import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { createApp } from './app.js';
import { runWorkers } from './cluster.js';
import { loadConfig, type Config } from './config.js';
import { ContentError, formatProblem } from './content/content-error.js';
import { createImagePool } from './media/image-pool.js';
import { openMediaStore } from './media/store.js';
import { makeArticleImages } from './publishing/article-images.js';
import { importArticles } from './publishing/import.js';
import { hasArticles } from './db/articles.js';
import { openDatabase } from './db/open.js';
import { checkpointDatabase, describeDatabaseError } from './db/trouble.js';
import { createHttpServer } from './http/server-limits.js';
import { gracefulShutdown, type CloseStep } from './http/shutdown.js';
import { createLogger, type Logger } from './log.js';
import { createVisitCounter } from './visits/counter.js';
import { createCommandPurge } from './edge-cache/command-purge.js';

// Set in the environment of the background process that reconciles the content folder.
const roleVariable = 'BROADSHEET_ROLE';

function open(config: Config): Database {
  return openDatabase(config.databasePath, path.join(config.rootDir, 'migrations'));
}

/** importContent brings the database in line with the content folder, in one transaction. */
function importContent(db: Database, config: Config, logger: Logger): void {
  // What the import changed is purged from the edge cache (PURGE_URL), in the background.
  const purge = createCommandPurge(config, undefined, (level, message) => logger[level](message));
  purge.watch(db);
  const result = importArticles(db, [config.contentDir], { timeZone: config.timeZone });
  void purge.finish();
  logger.info(
    { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length },
    'content imported',
  );
}

/** importContentImages makes the lead images an import left to make (publishing/article-images.ts), on every core. */
async function importContentImages(db: Database, config: Config, logger: Logger): Promise<void> {
  const pool = createImagePool();
  try {
    const report = await makeArticleImages(db, {
      store: openMediaStore(config.mediaDir),
      process: pool.process,
      contentDir: config.contentDir,
      siteName: config.siteName,
      fetchRemote: config.imageFetch,
    });
    const { fetched, processed, reused, refused, cards } = report;
    if (fetched.length + processed.length + reused.length + refused.length + cards.changed.length === 0) return;
    logger.info({ fetched: fetched.length, processed: processed.length, reused: reused.length, refused: refused.length, cards: cards.changed.length, cardsDrawn: cards.drawn }, 'images imported');
    if (refused.length > 0) logger.warn({ problems: refused.map(formatProblem), notRetried: report.notRetried }, 'some images were refused; their pieces show them as text or a link');
  } finally {
    await pool.close();
  }
}

/**
 * prepare migrates the database and, on a first start (no articles yet), imports the content folder before
 * anyone is served, so the first page already shows it. On later starts the site serves what the database
 * holds at once and the folder is reconciled in the background: a restart over a large archive costs no
 * downtime. It returns true, as the reconcile always runs: it also makes the lead images (issue 19).
 */
function prepare(config: Config, logger: Logger): boolean {
  const db = open(config);
  try {
    if (hasArticles(db)) return true;
    importContent(db, config, logger);
    // The lead images are made in the background reconcile (issue 19), so pages are served while they process.
    return true;
  } finally {
    db.close();
  }
}

/** reconcile is the background process: import the content folder and its images, then exit 0, or 1 on a problem. */
async function reconcile(config: Config, logger: Logger): Promise<void> {
  let db: Database | undefined;
  try {
    db = open(config);
    importContent(db, config, logger);
    await importContentImages(db, config, logger);
    process.exitCode = 0;
  } catch (error) {
    // The database still holds the last good import, so readers keep getting pages either way.
    const trouble = describeDatabaseError(error);
    if (error instanceof ContentError) {
      logger.error({ problems: error.message.split('\n') }, 'content folder has problems; serving what the database already holds');
    } else {
      logger.error({ problem: trouble ?? (error as Error).message }, 'content import failed; serving what the database already holds');
    }
    process.exitCode = 1;
  } finally {
    db?.close();
  }
}

let reconciler: ChildProcess | undefined;

/** startReconcile runs reconcile in a child process, so its reads and memory never slow the site. */
function startReconcile(logger: Logger): void {
  reconciler = fork(process.argv[1]!, process.argv.slice(2), {
    env: { ...process.env, [roleVariable]: 'reconcile' },
    stdio: 'inherit',
  });
  reconciler.once('exit', (code) => {
    logger.info({ code }, 'content reconcile finished');
    reconciler = undefined;
  });
  // A transaction that never committed leaves nothing behind, so stopping the reconcile is always safe.
  process.once('exit', () => reconciler?.kill('SIGTERM'));
}

/** serve opens the database and serves until SIGTERM or SIGINT. */
function serve(config: Config, logger: Logger, listening: () => void): void {
  const db = open(config);
  const visits = createVisitCounter(db, config, Date.now, logger);
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
    listening();
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
  if (process.env[roleVariable] === 'reconcile') void reconcile(config, logger);
  else {
    runWorkers({
      workers: config.workers,
      prepare: () => prepare(config, logger),
      serve: (listening) => serve(config, logger, listening),
      afterListening: () => startReconcile(logger),
      log: (message, fields) => logger.info(fields ?? {}, message),
    });
  }
} catch (error) {
  if (error instanceof ContentError) {
    logger.fatal({ problems: error.message.split('\n') }, 'could not start: the content folder has problems');
  } else {
    const trouble = describeDatabaseError(error);
    logger.fatal({ problem: trouble ?? (error as Error).message }, 'could not start');
  }
  process.exit(1);
}
