import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { findPublishedArticleRef } from '../db/article-refs.js';
import { insertEdgeLogSeen } from '../db/edge-log.js';
import { insertVisitTallies } from '../db/visits.js';
import { pageKey } from '../page-key.js';
import { articleUrl } from '../urls.js';
import { dayIn } from './day.js';
import { parseLogLine } from './edge-log-line.js';
import { addView, talliesOf, type Pending } from './pending.js';
import { isHumanView } from './request.js';
import { dailySalt } from './salt.js';

/** What one batch of log lines came to. */
export interface BatchCount {
  /** Lines read (blank lines are not counted as lines). */
  lines: number;
  /** Lines that were a human view of an article's own address answered 200 or 304. */
  views: number;
  /** Lines that were not views: bots, HEAD, prefetches, other statuses, other addresses. */
  ignored: number;
  /** Lines that could not be read, with the first few problems. */
  bad: number;
  problems: string[];
  /** Lines (or the whole batch) already counted by an earlier push. */
  duplicates: number;
}

/** How a batch is counted: whether each line's request id is remembered, and what else to write with it. */
export interface BatchOptions {
  /** Remember each line's id and skip an id seen before (pushes without a batch id). */
  dedupeLines?: boolean;
  /** Runs inside the batch's transaction after the counts are written: a checkpoint, a batch id. */
  alsoWrite?: (count: BatchCount) => void;
}

const articlePath = /^\/opinion\/([^/?#]+)/;
const maxProblems = 5;

/** The counting side of the edge-log ingest; see createEdgeLogIngest. */
export interface EdgeLogIngest {
  /** countBatch counts lines as views and writes them, with options.alsoWrite, in one transaction. */
  countBatch(lines: readonly string[], options?: BatchOptions): BatchCount;
}

/**
 * createEdgeLogIngest counts the lines of a cache's request log by the origin's own rules: a human view
 * (isHumanView: GET, not a bot by isbot, not a prefetch) of an article's own address (tracking parameters
 * aside, as pageKey reads it), published at the line's time, answered 200, or 304 as a revalidation; each
 * added by addView, as the origin's counter adds its views, on the line's day in SITE_TIME_ZONE. A batch is one
 * transaction: its counts and whatever alsoWrite adds (the checkpoint) land together or not at all.
 */
export function createEdgeLogIngest(db: Database, config: Config, now: () => number = Date.now): EdgeLogIngest {
  const saltFor = dailySalt(db);
  const count = (lines: readonly string[], options: BatchOptions): BatchCount => {
    const result: BatchCount = { lines: 0, views: 0, ignored: 0, bad: 0, problems: [], duplicates: 0 };
    const pending: Pending = new Map();
    // One lookup per slug per batch: a viral piece fills whole batches.
    const articles = new Map<string, { id: number; publishedTs: number } | undefined>();
    const seenAt = now();
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      result.lines += 1;
      const request = parseLogLine(line);
      if ('problem' in request) {
        result.bad += 1;
        if (result.problems.length < maxProblems) result.problems.push(`${request.problem}: ${line.slice(0, 120)}`);
        continue;
      }
      if (options.dedupeLines && request.id !== undefined && !insertEdgeLogSeen(db, `line:${request.id}`, seenAt)) {
        result.duplicates += 1;
        continue;
      }
      const slug = articlePath.exec(request.url)?.[1];
      const counted =
        slug !== undefined &&
        (request.status === 200 || request.status === 304) &&
        pageKey(request.url) === articleUrl(slug) &&
        isHumanView(request.method, request.userAgent, request.headers);
      let article = counted ? articles.get(slug) : undefined;
      if (counted && !articles.has(slug)) {
        article = findPublishedArticleRef(db, slug, Number.MAX_SAFE_INTEGER);
        articles.set(slug, article);
      }
      if (!article || article.publishedTs > request.ts) {
        result.ignored += 1;
        continue;
      }
      const day = dayIn(config.timeZone, request.ts);
      addView(db, pending, { articleId: article.id, day, daySalt: saltFor(day), ip: request.client, revalidation: request.status === 304 });
      result.views += 1;
    }
    insertVisitTallies(db, talliesOf(pending));
    options.alsoWrite?.(result);
    return result;
  };
  return {
    countBatch: (lines, options = {}) => db.transaction(() => count(lines, options))(),
  };
}
