import type { IncomingMessage } from 'node:http';
import type { LiveFragment } from '../http/page-cache.js';
import { edgeFragmentUrl } from '../urls.js';
import { esiInclude, type EdgeVariant } from './surrogate.js';

/**
 * viaEdge wraps an article page's per-reader live fragment (the visit counter, the comment token): for a
 * cache that assembles ESI it prints an include of /_edge/<name>/<slug> instead, which the cache fetches
 * for each reader (edge-fragments.ts answers it with what the fragment itself would print). The page
 * around it is then the same for everyone, and the view is counted when the include is fetched, not here.
 */
export function viaEdge(name: 'visits' | 'comment-token', variant: (req: IncomingMessage) => EdgeVariant, fragment: LiveFragment): LiveFragment {
  return (req, page) => (variant(req) === 'esi' ? esiInclude(edgeFragmentUrl(name, String(page.context.slug))) : fragment(req, page));
}
