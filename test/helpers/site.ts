import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Database } from 'better-sqlite3';
import { createApp, type Site } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import type { PageCache } from '../../src/http/page-cache.js';
import { createHttpServer, type ServerLimits } from '../../src/http/server-limits.js';
import type { Logger } from '../../src/log.js';
import { createVisitCounter, type VisitCounter } from '../../src/visits/counter.js';

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');
export const fixtureContent = path.join(fixturesDir, 'content');
export const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');

/** A temporary folder removed by cleanup(). */
export function tempDir(prefix = 'broadsheet-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A running test site: a real SQLite file in a temp folder and the real app on an ephemeral port. */
export interface TestSite {
  url: string;
  db: Database;
  config: Config;
  dir: string;
  clock: { now: number };
  visits: VisitCounter;
  /** The app's rendered-page cache, for its hit and miss counters. */
  pages: PageCache;
  /**
   * With options.expressServer: a second server on the same app's Express chain alone (no hit lane),
   * sharing its caches, so tests can compare the two paths.
   */
  expressUrl: string | undefined;
  /** The site's request listener and its Express app. */
  app: Site;
  get(pathname: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** 2026-11-28T12:00:00Z: after every fixture piece except the one scheduled for 2030. */
export const fixedNow = Date.parse('2026-11-28T12:00:00Z');

/** startSite opens a fresh database, imports content with the real importer, and listens on 127.0.0.1:0. */
export async function startSite(
  options: {
    content?: string[];
    env?: NodeJS.ProcessEnv;
    now?: number;
    logger?: Logger;
    limits?: Partial<ServerLimits>;
    expressServer?: boolean;
  } = {},
): Promise<TestSite> {
  const { dir, cleanup } = tempDir();
  const config = loadConfig({ SITE_URL: 'http://broadsheet.test', DATABASE_PATH: path.join(dir, 'test.db'), ...options.env });
  const db = openDatabase(config.databasePath, migrationsDir);
  importArticles(db, options.content ?? [fixtureContent]);
  const clock = { now: options.now ?? fixedNow };
  const visits = createVisitCounter(db, config, () => clock.now);
  let pages: PageCache | undefined;
  const app = createApp({ db, config, now: () => clock.now, logger: options.logger, visits, onPageCache: (p) => (pages = p) });
  // The same server factory as production, so timeouts and header limits are under test too.
  const server: Server = createHttpServer(app, { limits: options.limits, logger: options.logger });
  const servers = [server];
  if (options.expressServer) servers.push(createHttpServer(app.express, { limits: options.limits, logger: options.logger }));
  for (const each of servers) await new Promise<void>((resolve) => each.listen(0, '127.0.0.1', resolve));
  const [url, expressUrl] = servers.map((each) => `http://127.0.0.1:${(each.address() as AddressInfo).port}`);
  return {
    url: url!,
    db,
    config,
    dir,
    clock,
    visits,
    pages: pages!,
    expressUrl,
    app,
    get: (pathname, init) => fetch(`${url}${pathname}`, { redirect: 'manual', ...init }),
    async close() {
      for (const each of servers) {
        each.closeAllConnections();
        await new Promise<void>((resolve) => each.close(() => resolve()));
      }
      visits.close();
      db.close();
      cleanup();
    },
  };
}

/** assertHtmlPage checks what every HTML response must have: the status, the type and a security header. */
export function assertHtmlPage(response: Response, status = 200): void {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(response.headers.get('x-powered-by'), null);
}
