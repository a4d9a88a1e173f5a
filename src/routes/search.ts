import type { Request, Response, NextFunction } from 'express';
import { searchArticles } from '../db/search.js';
import { parseSearchQuery } from '../search/query.js';
import { utilitySeo } from '../seo/page-meta.js';
import { parsePageParam } from '../view-models/pagination.js';
import { searchPaginationView, toSearchResultView } from '../view-models/search.js';
import { cacheControl } from '../http/cache-control.js';
import type { RouteDeps } from './deps.js';

/**
 * searchRoutes serves /search?q=: full-text search over public pieces. Whatever q holds, the answer is a
 * results page or a page that says what to try instead; only a malformed page number is a 400.
 */
export function searchRoutes({ db, config, now, searchPages }: RouteDeps) {
  return {
    show(req: Request, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      const query = parseSearchQuery(req.query.q);
      const locals = {
        title: query.text ? `Search: ${query.text}` : 'Search',
        description: `Search the opinion pages of ${config.siteName}.`,
        canonicalPath: undefined,
        seo: utilitySeo('noindex, follow'),
        query: query.text,
        truncated: query.truncated,
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
      const found = searchArticles(db, query.match, (page - 1) * config.pageSize, config.pageSize, now());
      if (found && found.hits.length === 0 && page > 1) return next();
      // A common word ranks thousands of matches, so a results page is kept like any other page, keyed by
      // the query as parsed; any other spelling of the URL is answered but not stored.
      const key = `/search?${new URLSearchParams(page === 1 ? { q: query.text } : { q: query.text, page: String(page) })}`;
      return searchPages.render(req, res, 'pages/search', {
        ...locals,
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
        key,
        // Kept here, not at the edge: results carry no surrogate keys, so no purge could reach a shared copy.
        policy: cacheControl.private,
      });
    },
  };
}
