import type { Database } from 'better-sqlite3';

/**
 * engagementLines gathers the reader-engagement lines `show` prints for a piece (views, comment counts), as
 * "Label: value" pairs. This build stores no views or comments, so there are none yet; stores that add them
 * append their lines here.
 */
export function engagementLines(_db: Database, _articleId: number): [label: string, value: string][] {
  return [];
}
