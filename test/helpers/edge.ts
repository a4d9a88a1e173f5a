import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import { createCommandPurge } from '../../src/edge-cache/command-purge.js';
import { createPurger, type Purger } from '../../src/edge-cache/purge.js';
import { createVisitCounter, type VisitCounter } from '../../src/visits/counter.js';
import { findVarnishd, startVarnish, type Varnish } from '../../cache-stack/local-stack.js';
import { freePort } from './processes.js';
import { requireTool } from './require-tool.js';
import { findNginx } from '../../cache-stack/nginx.js';
import { fixtureContent, fixturesDir, migrationsDir, tempDir } from './site.js';
import { browserAgent } from './comment-traffic.js';

const closedPiece = path.join(fixturesDir, 'engagement', '2026-10-05-comments-closed.md');

/** The slug of the piece with comments closed that every edge site has. */
export const closedSlug = 'comments-closed';

/** varnishSkip is the skip reason for suites that need varnishd, or false when it is installed (see requireTool). */
export function varnishSkip(): string | false {
  return requireTool('varnishd', findVarnishd() !== undefined, 'varnish');
}

/** nginxSkip is the skip reason for suites that need nginx, or false when it is installed (see requireTool). */
export function nginxSkip(): string | false {
  return requireTool('nginx', findNginx() !== undefined, 'nginx');
}

/** A browser's user agent: the visit counter ignores scripts and bots. */
export const browser = { 'User-Agent': browserAgent };

/** One request as the origin received it through the cache. */
export interface OriginRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The app on a temp database behind a real varnishd running the shipped VCL. */
export interface EdgeSite {
  /** Varnish's address: what readers use. */
  url: string;
  /** The origin's own address, bypassing the cache. */
  originUrl: string;
  db: Database;
  config: Config;
  visits: VisitCounter;
  /** A copy of the fixture content that tests may edit and re-import. */
  contentDir: string;
  varnish: Varnish;
  purger: Purger;
  purgeLog: string[];
  /** Every request the origin has received, in order (health probes included). */
  originRequests: OriginRequest[];
  /** Extra headers the origin adds to responses for a URL, to stand for elapsed time or origin bugs. */
  originExtraHeaders: Map<string, Record<string, string>>;
  get(pathname: string, init?: RequestInit): Promise<Response>;
  direct(pathname: string, init?: RequestInit): Promise<Response>;
  originHits(pathname: string): number;
  /** asEditor runs a write as an editor's command does, purging what it changed before resolving. */
  asEditor<T>(write: () => T): Promise<T>;
  stopOrigin(): Promise<void>;
  close(): Promise<void>;
}

/**
 * startEdgeSite imports a copy of the fixture content into a temp database, serves the real app on an
 * ephemeral loopback port through a thin recording server, and starts varnishd in front of it.
 */
export async function startEdgeSite(env: NodeJS.ProcessEnv = {}): Promise<EdgeSite> {
  const { dir, cleanup } = tempDir('broadsheet-edge-');
  const contentDir = path.join(dir, 'content');
  fs.cpSync(fixtureContent, contentDir, { recursive: true });
  // One piece whose page holds nothing per reader even when rendered whole: its comments are closed.
  fs.copyFileSync(closedPiece, path.join(contentDir, 'articles', path.basename(closedPiece)));
  const varnishPort = await freePort();
  const config = loadConfig({
    SITE_URL: 'http://broadsheet.test',
    DATABASE_PATH: path.join(dir, 'edge.db'),
    PURGE_URL: `http://127.0.0.1:${varnishPort}/`,
    TRUST_PROXY: 'loopback',
    ...env,
  });
  const db = openDatabase(config.databasePath, migrationsDir);
  importArticles(db, [contentDir]);
  const purgeLog: string[] = [];
  const purger = createPurger({ purgeUrl: config.purgeUrl, log: (_level, line) => purgeLog.push(line), retryDelaysMs: [100, 200] });
  const visits = createVisitCounter(db, config);
  const app = createApp({ db, config, visits, purger });
  const originRequests: OriginRequest[] = [];
  const originExtraHeaders = new Map<string, Record<string, string>>();
  const origin: Server = createServer((req, res) => {
    originRequests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    for (const [name, value] of Object.entries(originExtraHeaders.get(req.url ?? '') ?? {})) res.setHeader(name, value);
    app(req, res);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const originPort = (origin.address() as AddressInfo).port;
  let varnish: Varnish;
  try {
    varnish = await startVarnish({ backendPorts: [originPort], port: varnishPort, workDir: path.join(dir, 'varnish'), memory: '32m' });
  } catch (error) {
    origin.close();
    visits.close();
    db.close();
    cleanup();
    throw error;
  }
  let originOpen = true;
  const stopOrigin = async () => {
    if (!originOpen) return;
    originOpen = false;
    origin.closeAllConnections();
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  };
  return {
    url: varnish.url,
    originUrl: `http://127.0.0.1:${originPort}`,
    db,
    config,
    visits,
    contentDir,
    varnish,
    purger,
    purgeLog,
    originRequests,
    originExtraHeaders,
    get: (pathname, init) => fetch(`${varnish.url}${pathname}`, { redirect: 'manual', ...init }),
    direct: (pathname, init) => fetch(`http://127.0.0.1:${originPort}${pathname}`, { redirect: 'manual', ...init }),
    originHits: (pathname) => originRequests.filter((r) => r.url === pathname).length,
    async asEditor(write) {
      // The same code path as the command line's main(): note the log, write, purge, wait.
      const purge = createCommandPurge(config, purger);
      purge.watch(db);
      const result = write();
      await purge.finish();
      return result;
    },
    stopOrigin,
    async close() {
      await varnish.stop();
      await stopOrigin();
      visits.close();
      db.close();
      cleanup();
    },
  };
}

/** visitsIn reads the total from the visit counter's "Visited N times" text. */
export function visitsIn(html: string): number {
  const match = /Visited ([\d,]+) times?/.exec(html);
  if (!match) throw new Error('the page shows no visit count');
  return Number(match[1]!.replace(/,/g, ''));
}

/** withoutPerViewParts blanks what differs on every view (the counts, the form token) to compare pages. */
export function withoutPerViewParts(html: string): string {
  return html
    .replace(/Visited [\d,]+ times?, [\d,]+ visits? today/g, 'Visited N')
    .replace(/name="token" value="[^"]*"/g, 'name="token" value="T"');
}

/** editArticle rewrites one article file in a content folder through replace. */
export function editArticle(contentDir: string, file: string, replace: (text: string) => string): void {
  const full = path.join(contentDir, 'articles', file);
  fs.writeFileSync(full, replace(fs.readFileSync(full, 'utf8')));
}

/** articleId finds an article's id by slug, for seeding comments. */
export function articleId(db: Database, slug: string): number {
  return (db.prepare('SELECT id FROM articles WHERE slug = ?').get(slug) as { id: number }).id;
}
