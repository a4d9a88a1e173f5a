import type { LiveFragment } from '../http/page-cache.js';
import { mostReadView } from './most-read.js';
import type { VisitCounter } from './counter.js';
import type { MostRead } from '../db/visits.js';
import { countableVisitor, visitCounterView, type ClientIp } from './request.js';

/**
 * visitsFragment counts the view (when a person made it, at the article's own URL) and prints the article's
 * counter line. It fills the `visits` slot on every request of an article page, cached or not, so the count
 * never goes stale. A 304 is a revalidation: a view only from a visitor not counted for the piece today.
 * With counting false (VISITS_FROM=edge-log) it only prints: the cache's log counts the views, and a cache
 * in front answers most of them without us (visits/edge-log-ingest.ts).
 */
export function visitsFragment(
  visits: VisitCounter,
  render: (locals: Record<string, unknown>) => string,
  clientIp: ClientIp,
  counting = true,
): LiveFragment {
  return (req, page) => {
    const articleId = Number(page.context.articleId);
    // A page without an article has no counter: nothing is counted and nothing printed (issue 17).
    if (!Number.isSafeInteger(articleId) || articleId <= 0) return '';
    // Only the article's own URL is a view: a junk parameter or another spelling shows the page uncounted,
    // so one reader cannot count again and again by varying the address (issue 17).
    const visitor = !counting || page.canonical === false ? undefined : countableVisitor(req, clientIp);
    if (visitor) visits.record(articleId, visitor, page.notModified === true);
    // A 304 sends no body: nothing to print.
    if (page.notModified) return '';
    return render({ visitCounter: visitCounterView(visits.counts(articleId)) });
  };
}

/**
 * mostReadFragment prints the home page's "Most read this week" list. The counter keeps the ranking until
 * its next flush, so the HTML is printed again only when the ranking object changes.
 */
export function mostReadFragment(visits: VisitCounter, render: (locals: Record<string, unknown>) => string, limit = 5): LiveFragment {
  let last: { rows: readonly MostRead[]; html: string } | undefined;
  return () => {
    const rows = visits.mostRead(limit);
    if (last?.rows !== rows) last = { rows, html: render({ mostRead: mostReadView(rows) }) };
    return last.html;
  };
}
