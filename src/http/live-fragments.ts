import type { IncomingMessage } from 'node:http';
import { viaEdge } from '../edge-cache/live.js';
import type { EdgeVariant } from '../edge-cache/surrogate.js';
import type { VisitCounter } from '../visits/counter.js';
import { mostReadFragment } from '../visits/live.js';
import type { LiveFragment } from './page-cache.js';
import { compilePartial } from './partial.js';

export interface LiveFragmentDeps {
  visits: VisitCounter;
  /** The article's counter line, which counts the view (visits/live.ts); /_edge/visits prints it too. */
  counter: LiveFragment;
  viewsDir: string;
  /** Which version of a page a request gets (edge/surrogate.ts). */
  variant: (req: IncomingMessage) => EdgeVariant;
}

/**
 * liveFragments is every name a template may print with liveSlot, and what fills it on each answer of a
 * stored page. With an ESI cache in front (EDGE_INCLUDES=on), the counter becomes an include the cache
 * fetches from /_edge/ (edge/live.ts), and that version of each page is stored apart from the whole one.
 * The comment form's token is not among them: it is the same for every reader (comments/token.ts).
 */
export function liveFragments({ visits, counter, viewsDir, variant }: LiveFragmentDeps): Record<string, LiveFragment> {
  return {
    visits: viaEdge('visits', variant, counter),
    'most-read': mostReadFragment(visits, compilePartial(viewsDir, 'most-read')),
  };
}
