import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import express from 'express';
import type { Config } from '../config.js';
import { formatProblem } from '../content/content-error.js';
import { buildAssetManifest, serveFingerprinted } from '../http/assets.js';
import { securityHeaders, setHeaders } from '../http/security-headers.js';
import { sendPreview } from './answer.js';
import { readFilePreview, type FilePreview } from './source.js';
import { previewLocals } from './view.js';
import { pictureHtml } from '../view-models/picture.js';

/** A writer's preview server: where it listens, and how to stop it. */
export interface LocalPreview {
  url: string;
  close(): Promise<void>;
}

/** How long after the last change to a file it is read again: editors save in several writes. */
const settleMs = 100;

/**
 * startLocalPreview serves one Markdown file on 127.0.0.1:port as its article page will look, with the site's
 * template, styles and security headers, and reads it again each time it is saved (validated as an import
 * would, so the terminal and the page both show what an import would refuse). It never writes the database.
 */
export async function startLocalPreview(options: {
  db: Database;
  config: Config;
  file: string;
  /** The file as the command already read it. */
  initial: FilePreview;
  port: number;
  now: () => number;
  /** Told after every reload: the piece's title, or the problems found. */
  onReload: (preview: FilePreview) => void;
}): Promise<LocalPreview> {
  const { db, config, file, now, onReload } = options;
  let current = options.initial;
  const manifest = buildAssetManifest(path.join(config.rootDir, 'public'));
  const headers = securityHeaders(config);
  const app = express();
  app.disable('x-powered-by');
  app.set('views', path.join(config.rootDir, 'views'));
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  app.locals.site = { name: config.siteName, url: config.siteUrl, description: config.siteDescription };
  app.locals.asset = manifest.url;
  app.locals.pictureHtml = pictureHtml;
  app.use((_req, res, next) => {
    setHeaders(res, headers);
    next();
  });
  app.use(serveFingerprinted(manifest), express.static(path.join(config.rootDir, 'public'), { index: false, redirect: false }));
  app.get('/', (_req, res) => {
    if (current.piece) return sendPreview(res, previewLocals(current.piece, { config, asset: manifest.url, now: now() }));
    res.setHeader('Cache-Control', 'no-store');
    res.status(422).render('pages/error', {
      title: 'This piece has problems',
      status: 422,
      message: 'An import would refuse this file. Fix these and save it again:',
      details: current.problems.map(formatProblem),
      stack: undefined,
    });
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Only the piece is served here: open / instead.\n');
  });

  // The folder is watched rather than the file: many editors save by writing a new file over the old name,
  // which ends a watch on the file itself.
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(path.dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      current = readFilePreview(db, file, now());
      onReload(current);
    }, settleMs);
  });

  const server: Server = app.listen(options.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: unknown) => {
    watcher.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      clearTimeout(timer);
      watcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
