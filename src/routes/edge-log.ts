import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { cacheControl } from '../cache-control.js';
import { deleteEdgeLogSeenBefore, insertEdgeLogSeen } from '../db/edge-log.js';
import { edgeLogBodyBytes } from '../http/guards.js';
import { HttpError } from '../http-error.js';
import { createEdgeLogIngest, type BatchCount } from '../visits/edge-log-ingest.js';
import type { RouteDeps } from './deps.js';

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (text: string) => createHash('sha256').update(text).digest();

// A CDN retries a failed push for hours; a week covers it with room to spare.
const seenForMs = 7 * 86_400_000;

/**
 * edgeLogRoutes takes a CDN's request log lines over HTTPS (POST /_edge/log; Fastly's HTTPS logging,
 * Cloudflare Logpush, a relay for CloudFront) and counts them as views, exactly as `visits ingest` does.
 * - Refused (403) unless EDGE_LOG_TOKEN is set and VISITS_FROM=edge-log: without a secret anyone could
 *   count views, and with the origin counting too every view would count twice.
 * - `Authorization: Bearer <EDGE_LOG_TOKEN>`, compared in constant time; otherwise 401.
 * - The body is JSON lines (gzip allowed), at most edgeLogBodyBytes (the guards refuse larger with 413).
 * - Idempotent: an `Idempotency-Key` header names the batch, and a batch seen before is answered without
 *   counting it again; without one, each line's `id` is remembered and a line seen before is skipped.
 */
export function edgeLogRoutes({ db, config, now }: RouteDeps) {
  const ingest = createEdgeLogIngest(db, config, now);
  const expected = config.edgeLogToken === undefined ? undefined : digest(`Bearer ${config.edgeLogToken}`);
  return {
    /** parseBody reads the batch as bytes (inflating gzip), refusing bodies over the limit with 413. */
    parseBody: express.raw({ type: () => true, limit: edgeLogBodyBytes }),

    receive(req: Request, res: Response) {
      if (expected === undefined || config.visitsFrom !== 'edge-log') {
        throw new HttpError(403, 'This site does not take request logs (EDGE_LOG_TOKEN and VISITS_FROM=edge-log are not both set).');
      }
      const given = req.headers.authorization;
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="edge-log"');
        throw new HttpError(401, 'A valid bearer token is required.');
      }
      const batchKey = req.headers['idempotency-key'];
      if (batchKey !== undefined && (typeof batchKey !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(batchKey))) {
        throw new HttpError(400, 'Idempotency-Key must be 1 to 200 visible ASCII characters.');
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const lines = body.toString('utf8').split('\n');
      const at = now();
      const count = db.transaction((): BatchCount | undefined => {
        deleteEdgeLogSeenBefore(db, at - seenForMs);
        if (batchKey !== undefined && !insertEdgeLogSeen(db, `batch:${batchKey}`, at)) return undefined;
        return ingest.countBatch(lines, { dedupeLines: batchKey === undefined });
      })();
      res.setHeader('Cache-Control', cacheControl.private);
      res.json(count === undefined ? { duplicate: true } : count);
    },
  };
}
