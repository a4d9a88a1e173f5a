import type { Request, Response, NextFunction } from 'express';
import { listAllCorrections } from '../db/related.js';
import { articleUrl } from '../urls.js';
import { dateView, kickerFor } from '../view-models/format.js';
import { paginationView, parsePageParam } from '../view-models/pagination.js';
import type { RouteDeps } from './deps.js';

/** How many corrections one page of /corrections lists. */
export const correctionsPageSize = 50;

/** correctionRoutes serves /corrections: every correction to a public piece, newest first, paginated. */
export function correctionRoutes({ db, config, now }: RouteDeps) {
  return {
    list(req: Request, res: Response, next: NextFunction) {
      const page = parsePageParam(req.query.page);
      const { corrections, total } = listAllCorrections(db, (page - 1) * correctionsPageSize, correctionsPageSize, now());
      if (corrections.length === 0 && page > 1) return next();
      res.render('pages/corrections', {
        title: page === 1 ? 'Corrections' : `Corrections, page ${page}`,
        description: `Every correction ${config.siteName} has made to a published piece, newest first.`,
        canonicalPath: page === 1 ? '/corrections' : `/corrections?page=${page}`,
        corrections: corrections.map((c) => ({
          corrected: dateView(c.correctedAt, config.timeZone),
          text: c.text,
          article: { url: `${articleUrl(c.slug)}#corrections`, title: c.title, kicker: kickerFor(c.type) },
        })),
        pagination: paginationView('/corrections', page, total, correctionsPageSize),
      });
    },
  };
}
