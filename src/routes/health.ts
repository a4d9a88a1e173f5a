import type { Request, Response } from 'express';
import { findDatabaseHealth } from '../db/trouble.js';
import { cacheControl } from '../cache-control.js';
import type { RouteDeps } from './deps.js';

/** healthRoutes answers load balancers: is the process up, the database reachable, and at which migration. */
export function healthRoutes({ db }: RouteDeps) {
  const startedAt = Date.now();
  return {
    show(_req: Request, res: Response) {
      const database = findDatabaseHealth(db);
      const ok = database.reachable && database.problem === undefined;
      // A cached "ok" would keep traffic flowing to a broken instance.
      res.setHeader('Cache-Control', cacheControl.error);
      res.status(ok ? 200 : 503).json({
        status: ok ? 'ok' : 'error',
        database: database.reachable ? (database.problem ? 'degraded' : 'ok') : 'unreachable',
        problem: database.problem,
        migration: database.migration,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
    },
  };
}
