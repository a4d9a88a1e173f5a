import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, NextFunction } from 'express';

/** Fingerprinted names for the files in public/, computed once at start-up. */
export interface AssetManifest {
  /** url maps /css/site.css to /css/site.1a2b3c4d5e.css; unknown or external paths are returned as given. */
  url(publicPath: string): string;
  /** file returns the real file behind a fingerprinted URL, or undefined. */
  file(fingerprintedPath: string): string | undefined;
}

/** buildAssetManifest hashes every file under publicDir so each URL changes exactly when its bytes do. */
export function buildAssetManifest(publicDir: string): AssetManifest {
  const byPublic = new Map<string, string>();
  const byFingerprint = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const publicPath = `/${path.relative(publicDir, full).split(path.sep).join('/')}`;
        const hash = createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 10);
        const ext = path.extname(publicPath);
        const fingerprinted = `${publicPath.slice(0, publicPath.length - ext.length)}.${hash}${ext}`;
        byPublic.set(publicPath, fingerprinted);
        byFingerprint.set(fingerprinted, full);
      }
    }
  };
  if (fs.existsSync(publicDir)) walk(publicDir);
  return {
    url: (publicPath) => byPublic.get(publicPath) ?? publicPath,
    file: (fingerprinted) => byFingerprint.get(fingerprinted),
  };
}

/**
 * serveFingerprinted answers fingerprinted asset URLs with a year of immutable caching: the name changes
 * whenever the content does, so browsers never need to revalidate.
 */
export function serveFingerprinted(manifest: AssetManifest) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = manifest.file(req.path);
    if (!file) return next();
    res.sendFile(file, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
  };
}
