import type { Response } from 'express';
import { cacheControl } from '../cache-control.js';
import type { PreviewLocals } from './view.js';

/**
 * sendPreview answers with a preview page, for a link (routes/preview.ts) and for a writer's local preview
 * alike: rendered afresh for this request and never through the page cache, kept by no one (private,
 * no-store, which the shipped VCL passes), kept out of search engines, and sending no Referer, so the token
 * in the address does not leak through a link the reader follows.
 */
export function sendPreview(res: Response, locals: PreviewLocals): void {
  res.setHeader('Cache-Control', cacheControl.private);
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.render('pages/article', locals);
}
