import type { NextFunction, Request, Response } from 'express';
import { cacheControl } from '../cache-control.js';
import type { MediaStore } from '../media/store.js';

const mediaPath = /^\/media\/([^/]+)\/([^/]+)$/;

/**
 * serveMedia answers /media/<key>/<variant> from the media store with a year of immutable caching: the key is
 * the hash of the source's bytes and the recipe, so a URL's bytes never change. The type comes from the
 * extension, which the store only ever writes for the format it encoded; anything else goes on to the 404.
 */
export function serveMedia(store: MediaStore) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = mediaPath.exec(req.path);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const file = store.file(match[1]!, match[2]!);
    if (!file) return next();
    res.setHeader('Cache-Control', cacheControl.asset);
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny', immutable: false });
  };
}
