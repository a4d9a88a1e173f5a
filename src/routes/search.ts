import type { Request, Response, NextFunction } from 'express';
import { createRateLimiter } from '../comments/rate-limit.js';
import { maxCandidates, searchArticles } from '../db/search.js';
import { HttpError } from '../http-error.js';
import { createSearchBudget } from '../search/budget.js';
import { parseSearchQuery } from '../search/query.js';
import { utilitySeo } from '../seo/page-meta.js';
import { parsePageParam } from '../view-models/pagination.js';
import { searchUrl } from '../urls.js';
import { searchPaginationView, toSearchResultView } from '../view-models/search.js';
import { cacheControl } from '../cache-control.js';
import { clientKey } from '../client-network.js';
import type { RouteDeps } from './deps.js';

/**
 * searchRoutes serves /search?q=: full-text search over public pieces. Whatever q holds, the answer is a
 * results page or a page that says what to try instead; a malformed page number is a 400, a client that
 * searches too often gets a 429, and a process whose search budget is spent a 503.
 */
export function searchRoutes({ db, config, now, searchPages, commentSecret }: RouteDeps) {
  const limiter = createRateLimiter({ limit: config.searchRateLimit, windowMs: 60_000, now });
  // Searches may take at most a quarter of each second of this process: pages keep the rest.
  const budget = createSearchBudget({ msPerSecond: 250, burstMs: 500 });
  const lastPage = Math.ceil(maxCandidates / config.pageSize);

  return {
    show(req: Request, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      const query = parseSearchQuery(req.query.q);
      // No search ranks more than maxCandidates pieces, so no page lies beyond them.
      if (page > lastPage) return next();
      // One spelling per search: a reordered or recased query is sent to the canonical one, so it is one
      // stored page and not a fresh search. A query that was simplified is answered as it is, with the notes.
      const typed = Array.isArray(req.query.q) ? req.query.q[0] : req.query.q;
      if (query.match && !query.truncated && query.notes.length === 0 && typed !== query.text) {
        res.setHeader('Cache-Control', cacheControl.private);
        return res.redirect(302, searchUrl(query.text, page));
      }
      const locals = {
        title: query.text ? `Search: ${query.text}` : 'Search',
        description: `Search the opinion pages of ${config.siteName}.`,
        canonicalPath: undefined,
        seo: utilitySeo('noindex, follow'),
        query: query.text,
        truncated: query.truncated,
        notes: query.notes,
        capped: false,
      };
      if (!query.match) {
        return res.render('pages/search', {
          ...locals,
          message: query.text
            ? 'Your search had no words we could look for. Try a word or a phrase from a headline or a piece.'
            : 'Type a word or a phrase to search headlines, standfirsts, pieces, authors and topics.',
          results: [],
          total: 0,
          pagination: undefined,
        });
      }
      // Only searches that run count: stored answers never reach here. Keyed by a hash, as comments are.
      const rate = limiter.hit(clientKey(commentSecret, req.ip));
      if (!rate.allowed) {
        res.set('Retry-After', String(rate.retryAfterSeconds));
        throw new HttpError(429, 'You have run a lot of searches in a short time. Please wait a minute, then search again.');
      }
      if (!budget.allows()) throw new HttpError(503, 'Search is very busy just now. Please try again in a minute; the rest of the site is working.');
      const started = performance.now();
      const found = searchArticles(db, query.groups, (page - 1) * config.pageSize, config.pageSize, now());
      budget.spend(performance.now() - started);
      if (found && found.hits.length === 0 && page > 1) return next();
      const key = searchUrl(query.text, page);
      return searchPages.render(req, res, 'pages/search', {
        ...locals,
        notes: [...query.notes, ...(found?.notes ?? [])],
        capped: found?.capped ?? false,
        maxCandidates,
        message: !found
          ? 'We could not understand that search. Try fewer symbols, or put a phrase in double quotes.'
          : found.total === 0
            ? 'Nothing matched. Check the spelling, try fewer words, or end a word with * to match its beginning.'
            : undefined,
        results: found ? found.hits.map((hit) => toSearchResultView(hit, config.timeZone)) : [],
        total: found?.total ?? 0,
        firstNumber: (page - 1) * config.pageSize + 1,
        pagination: found ? searchPaginationView(query.text, page, found.total, config.pageSize) : undefined,
      }, {
        // Kept here by the canonical URL; any other spelling of it is answered but not stored.
        key,
        // Kept here, not at the edge: results carry no surrogate keys, so no purge could reach a shared copy.
        policy: cacheControl.private,
      });
    },
  };
}
