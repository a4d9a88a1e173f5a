import type { NextFunction, Request, Response } from 'express';
import { cacheControl } from '../cache-control.js';
import { cardName } from '../media/recipe.js';
import type { MediaStore } from '../media/store.js';

const mediaPath = /^\/media\/([^/]+)\/([^/]+)$/;

/**
 * serveMedia answers /media/<key>/<variant> from the media store with a year of immutable caching: the key is
 * the hash of the source's bytes and the recipe, so a URL's bytes never change. The type comes from the
 * extension, which the store only ever writes for the format it encoded; anything else goes on to the 404.
 * A missing share card (card.jpg) is first handed to drawCard, which draws it only if some piece has that key.
 */
export function serveMedia(store: MediaStore, drawCard: (key: string) => Promise<unknown>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = mediaPath.exec(req.path);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const [, key, name] = match as unknown as [string, string, string];
    // A generated share card an import left undrawn is drawn by its first request (publishing/share-cards.ts).
    if (name === cardName && !store.file(key, name)) await drawCard(key);
    const file = store.file(key, name);
    if (!file) return next();
    res.setHeader('Cache-Control', cacheControl.asset);
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny', immutable: false });
  };
}
