import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isbot } from 'isbot';
import type { Visitor, VisitCounts } from './counter.js';

/**
 * isPrefetch tells whether the browser is only fetching the page speculatively: Chromium sends
 * Sec-Purpose (https://wicg.github.io/nav-speculation/prefetch.html#sec-purpose-header), older browsers
 * Purpose, X-Purpose or X-Moz. A prefetched page may never be seen, so it is not a visit.
 */
export function isPrefetch(headers: IncomingHttpHeaders): boolean {
  for (const name of ['sec-purpose', 'purpose', 'x-purpose', 'x-moz']) {
    const value = headers[name];
    if (typeof value === 'string' && /prefetch|prerender|preview/i.test(value)) return true;
  }
  return false;
}

// isbot tests one long regular expression, on every view; readers' browsers send few distinct user agents.
const botVerdicts = new Map<string, boolean>();
const maxVerdicts = 1000;

function isBotAgent(userAgent: string): boolean {
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    // A flood of made-up agents only empties the memo; it never grows past its bound.
    if (botVerdicts.size >= maxVerdicts) botVerdicts.clear();
    verdict = isbot(userAgent);
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

/** The client's address as the proxy settings trust it (what Express calls req.ip). */
export type ClientIp = (req: IncomingMessage) => string;

/**
 * isHumanView tells whether a request is a page view by a human browser: a GET (not HEAD), not a prefetch,
 * with a user agent that is not a known bot. The origin asks it of each request it answers, the edge-log
 * ingest of each line a cache logged (visits/edge-log.ts), so both count by the same rules.
 */
export function isHumanView(method: string | undefined, userAgent: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (method !== 'GET') return false;
  // An empty user agent is a script, not a browser.
  return !!userAgent && !isBotAgent(userAgent) && !isPrefetch(headers);
}

/** countableVisitor returns who is viewing when the request is a human page view (isHumanView), else undefined. */
export function countableVisitor(req: IncomingMessage, clientIp: ClientIp): Visitor | undefined {
  return isHumanView(req.method, req.headers['user-agent'], req.headers) ? { ip: clientIp(req) } : undefined;
}

/** The counter line ready to print. */
export interface VisitCounterView {
  views: number;
  today: number;
  text: string;
}

// Thousands separated by commas, as en-GB writes them: a regular expression costs a tenth of
// Intl.NumberFormat, and this runs on every article view.
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** visitCounterView words the counts with correct singular forms: "Visited 1 time, 1 visit today". */
export function visitCounterView({ views, today }: VisitCounts): VisitCounterView {
  const times = `${grouped(views)} ${views === 1 ? 'time' : 'times'}`;
  const visits = `${grouped(today)} ${today === 1 ? 'visit' : 'visits'}`;
  return { views, today, text: `Visited ${times}, ${visits} today` };
}
