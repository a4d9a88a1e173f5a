import type { IncomingMessage } from 'node:http';
import type { LiveFragment } from '../http/page-cache.js';
import { edgeFragmentUrl } from '../urls.js';
import { esiInclude, type EdgeVariant } from './surrogate.js';

/**
 * viaEdge wraps an article page's live visit counter: for a cache that assembles ESI it prints an include of
 * /_edge/<name>/<slug> instead, which the cache fetches (edge-fragments.ts answers it with what the fragment
 * itself would print). The page around it is then the same for everyone; a view counted at the origin is
 * counted when the include is fetched, not here.
 */
export function viaEdge(name: 'visits', variant: (req: IncomingMessage) => EdgeVariant, fragment: LiveFragment): LiveFragment {
  return (req, page) => (variant(req) === 'esi' ? esiInclude(edgeFragmentUrl(name, String(page.context.slug))) : fragment(req, page));
}
