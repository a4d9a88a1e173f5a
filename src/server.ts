import { createServer } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ContentError } from './content/content-error.js';
import { importArticles } from './content/import.js';
import { openDatabase } from './db/open.js';
import { createVisitCounter } from './visits/counter.js';

/** start opens and migrates the database, imports the content folder, and serves until SIGTERM or SIGINT. */
function start(config: Config): void {
  const db = openDatabase(config.databasePath, path.join(config.rootDir, 'migrations'));
  const result = importArticles(db, [config.contentDir]);
  console.log(
    `content: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged`,
  );
  const visits = createVisitCounter(db, config);
  const app = createApp({ db, config, visits });
  const server = createServer(app);
  server.on('error', (error) => {
    console.error(`Broadsheet could not listen on port ${config.port}: ${error.message}`);
    process.exit(1);
  });
  server.listen({ port: config.port, host: config.host }, () => {
    console.log(`Broadsheet is serving ${config.siteUrl} (listening on port ${config.port})`);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: finishing requests, then closing the database`);
    server.close(() => {
      visits.close();
      db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error('shutdown deadline passed; closing remaining connections');
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

try {
  start(loadConfig());
} catch (error) {
  if (error instanceof ContentError) {
    console.error(`Broadsheet could not start: the content folder has problems:\n${error.message}`);
  } else {
    console.error(`Broadsheet could not start: ${(error as Error).message}`);
  }
  process.exit(1);
}
