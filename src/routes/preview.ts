import type { NextFunction, Request, Response } from 'express';
import { findPreviewRevocation } from '../db/preview-revocations.js';
import { findPiecePreview } from '../preview/source.js';
import { verifyPreviewToken } from '../preview/token.js';
import { sendPreview } from '../preview/answer.js';
import { previewLocals } from '../preview/view.js';
import { findArticleBySlug } from '../db/articles.js';
import type { RouteDeps } from './deps.js';
import { bodyImages, leadImages } from './lead-images.js';

/** previewRoutes serves preview links (issue 20): the piece a valid, unrevoked token names, as readers will see it. */
export function previewRoutes({ db, config, now, asset, media, commentSecret }: RouteDeps) {
  return {
    show(req: Request<{ token: string }>, res: Response, next: NextFunction) {
      const at = now();
      // The signature first, before any read: a wrong, altered or expired token is answered by the one 404
      // without touching the database, so no token anyone can make up tells them whether a piece exists.
      const claim = verifyPreviewToken(commentSecret, req.params.token, at);
      if (!claim) return next();
      const revokedTs = findPreviewRevocation(db, claim.slug);
      if (revokedTs !== undefined && claim.issuedTs <= revokedTs) return next();
      const piece = findPiecePreview(db, claim.slug, at);
      if (!piece) return next();
      // The pictures the stored piece already has, where the preview names the same images: a piece not
      // imported yet shows its images as its alt text, as readers would until the image step runs.
      const stored = findArticleBySlug(db, claim.slug);
      const images = stored && {
        lead: stored.imageSrc === piece.record.imageSrc ? leadImages(db, media, [stored.id]).get(stored.id) : undefined,
        body: bodyImages(db, media, [stored.id]).get(stored.id),
      };
      return sendPreview(res, previewLocals(piece, { config, asset, now: at, expiresTs: claim.expiresTs, images }));
    },
  };
}
