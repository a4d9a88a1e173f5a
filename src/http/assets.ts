import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, NextFunction } from 'express';
import mime from 'mime-types';
import { cacheControl } from '../cache-control.js';
import { createRepresentation, sendRepresentation, type Representation } from './representation.js';

/** Fingerprinted names for the files in public/, computed once at start-up. */
export interface AssetManifest {
  /** url maps /css/site.css to /css/site.1a2b3c4d5e.css; unknown or external paths are returned as given. */
  url(publicPath: string): string;
  /** file returns the real file behind a fingerprinted URL, or undefined. */
  file(fingerprintedPath: string): string | undefined;
  /** prepared returns the in-memory body of a small fingerprinted file, or undefined (then it is streamed). */
  prepared(fingerprintedPath: string): Representation | undefined;
}

// Files small enough to keep in memory with their compressed variants; anything larger is streamed.
const maxInMemoryBytes = 512 * 1024;

/** buildAssetManifest hashes every file under publicDir so each URL changes exactly when its bytes do. */
export function buildAssetManifest(publicDir: string): AssetManifest {
  const byPublic = new Map<string, string>();
  const byFingerprint = new Map<string, string>();
  const inMemory = new Map<string, Representation>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const publicPath = `/${path.relative(publicDir, full).split(path.sep).join('/')}`;
        const bytes = fs.readFileSync(full);
        const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
        const ext = path.extname(publicPath);
        const fingerprinted = `${publicPath.slice(0, publicPath.length - ext.length)}.${hash}${ext}`;
        byPublic.set(publicPath, fingerprinted);
        byFingerprint.set(fingerprinted, full);
        // The same table express.static and res.sendFile use (mime-types, through send), so a file's type is
        // the same whether it is sent from memory or streamed; text types get "; charset=utf-8", images none.
        const type = mime.contentType(ext);
        if (type && bytes.length <= maxInMemoryBytes) {
          // Compressed once at the best brotli quality, on first request: these bytes are sent for a year.
          inMemory.set(fingerprinted, createRepresentation(bytes, { type, cacheControl: cacheControl.asset, brotliQuality: 11 }));
        }
      }
    }
  };
  if (fs.existsSync(publicDir)) walk(publicDir);
  return {
    url: (publicPath) => byPublic.get(publicPath) ?? publicPath,
    file: (fingerprinted) => byFingerprint.get(fingerprinted),
    prepared: (fingerprinted) => inMemory.get(fingerprinted),
  };
}

/**
 * serveFingerprinted answers fingerprinted asset URLs with a year of immutable caching: the name changes
 * whenever the content does, so browsers never need to revalidate. Small files come from memory, already
 * compressed; larger ones are streamed from disk.
 */
export function serveFingerprinted(manifest: AssetManifest) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const prepared = manifest.prepared(req.path);
    if (prepared) return sendRepresentation(req, res, prepared);
    const file = manifest.file(req.path);
    if (!file) return next();
    res.setHeader('Cache-Control', cacheControl.asset);
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny' });
  };
}
