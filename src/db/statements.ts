import type { Database, Statement } from 'better-sqlite3';

// Statements are compiled once per connection and reused: preparing is far costlier than running.
const cache = new WeakMap<Database, Map<string, Statement>>();

/** statement returns the prepared statement for sql on db, preparing it on first use only. */
export function statement<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database,
  sql: string,
): Statement<Params, Row> {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let prepared = byText.get(sql);
  if (!prepared) byText.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Statement<Params, Row>;
}
