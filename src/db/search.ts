import type { Database } from 'better-sqlite3';
import type { BylineAuthor } from './articles.js';
import { statement } from './statements.js';

/** Marks around matched words in titles and snippets: control characters no stored text contains. */
export const matchStart = '\u0002';
/** matchEnd closes a run opened by matchStart. */
export const matchEnd = '\u0003';

/** One search result: a public piece with its matches marked by matchStart / matchEnd. */
export interface SearchHit {
  id: number;
  slug: string;
  type: string;
  markedTitle: string;
  dek: string;
  markedSnippet: string;
  publishedAt: string;
  sourcePublication: string | null;
  authors: BylineAuthor[];
}

/** A page of results and how many there are in all. */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
}

// Column weights for bm25, in the table's column order: title, dek, body, authors, tags. A word in the
// headline outweighs any number of mentions in the body (bm25 saturates repeated terms), so title matches
// rank first; authors and tags come next, since a reader typing a name wants that writer's pieces.
const rankExpression = 'bm25(article_search, 10.0, 4.0, 1.0, 6.0, 6.0)';

// CROSS JOIN makes the full-text index drive the query: SQLite would otherwise loop over every public
// article and run the MATCH once for each. Ranking then sorts only the matches, which is unavoidable.
type HitRow = Omit<SearchHit, 'authors'> & { authorsJson: string };

/**
 * searchArticles runs an FTS5 expression (from parseSearchQuery) over public pieces, best first, and
 * returns one page with highlighted titles and body snippets. It returns undefined if FTS5 rejects the
 * expression, which parseSearchQuery is built to prevent; the caller then tells the reader, never a 500.
 */
export function searchArticles(db: Database, match: string, offset: number, limit: number, now: number): SearchPage | undefined {
  try {
    const total = statement<[string, number], { n: number }>(
      db,
      `SELECT count(*) AS n FROM article_search s CROSS JOIN articles a ON a.id = s.rowid
       WHERE article_search MATCH ? AND a.draft = 0 AND a.published_ts <= ?`,
    ).get(match, now)!.n;
    // Rank first, fetching ids only: SQLite computes every selected column before it sorts, and
    // snippet() over every match made deep pages of a common word cost 10 times page 1.
    const ids = statement<[string, number, number, number], { id: number }>(
      db,
      `SELECT a.id FROM article_search s CROSS JOIN articles a ON a.id = s.rowid
       WHERE article_search MATCH ? AND a.draft = 0 AND a.published_ts <= ?
       ORDER BY ${rankExpression}, a.published_ts DESC, a.id DESC LIMIT ? OFFSET ?`,
    )
      .all(match, now, limit, offset)
      .map((row) => row.id);
    const found = statement<[string, string, string, string, string, string], HitRow>(
      db,
      `SELECT a.id, a.slug, a.type, a.dek, a.published_at AS publishedAt, a.source_publication AS sourcePublication,
         highlight(article_search, 0, ?, ?) AS markedTitle,
         snippet(article_search, 2, ?, ?, '…', 32) AS markedSnippet,
         (SELECT json_group_array(json_object('slug', au.slug, 'name', au.name) ORDER BY x.position)
            FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id) AS authorsJson
       FROM article_search s CROSS JOIN articles a ON a.id = s.rowid
       WHERE article_search MATCH ? AND s.rowid IN (SELECT value FROM json_each(?))`,
    ).all(matchStart, matchEnd, matchStart, matchEnd, match, JSON.stringify(ids));
    const byId = new Map(found.map((row) => [row.id, row]));
    const rows = ids.map((id) => byId.get(id)).filter((row): row is HitRow => row !== undefined);
    return { total, hits: rows.map(({ authorsJson, ...row }) => ({ ...row, authors: JSON.parse(authorsJson) as BylineAuthor[] })) };
  } catch (error) {
    if (error instanceof Error && error.name === 'SqliteError' && /fts5|syntax/i.test(error.message)) return undefined;
    throw error;
  }
}

/** findSearchEntry returns what the index holds for an article, to check it stays in step with the row. */
export function findSearchEntry(
  db: Database,
  articleId: number,
): { title: string; dek: string; body: string; authors: string; tags: string } | undefined {
  return statement<[number], { title: string; dek: string; body: string; authors: string; tags: string }>(
    db,
    `SELECT title, dek, body, authors, tags FROM article_search WHERE rowid = ?`,
  ).get(articleId);
}
