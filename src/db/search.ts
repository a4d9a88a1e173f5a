import type { Database } from 'better-sqlite3';
import type { BylineAuthor } from './articles.js';
import { groupsExpression, termExpression, type SearchTerm } from '../search/query.js';
import { rankScorer, type RankFields } from '../search/rank.js';
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

/** A page of results, how many there are (up to maxCandidates), and what the search left out to stay cheap. */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
  /** True when more pieces matched than maxCandidates: only the most recent ones were ranked. */
  capped: boolean;
  /** Sentences telling the reader how their query was simplified to stay cheap. */
  notes: string[];
}

/**
 * Most matches one search ranks: the most recently added pieces that match. Reading and ranking stop here
 * however common the words, so a search costs about the same on any size of archive.
 */
export const maxCandidates = 300;
/**
 * A word in at least this many pieces is common: a phrase made only of such words would make FTS5 check word
 * positions in every piece holding them all, so it is searched as separate words instead.
 */
export const commonWordPieces = 2000;

interface Candidate extends RankFields {
  id: number;
  publishedTs: number;
}

type HitRow = Omit<SearchHit, 'authors'> & { authorsJson: string };

/** isCommonWord says whether a word is in at least commonWordPieces pieces, reading no more than that many. */
function isCommonWord(db: Database, word: string): boolean {
  const found = statement<[string, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM article_search WHERE article_search MATCH ? LIMIT ?)`,
  ).get(termExpression({ words: [word], prefix: false }), commonWordPieces)!.n;
  return found >= commonWordPieces;
}

/**
 * boundedExpression turns parsed groups into the FTS5 expression actually run: a phrase made only of common
 * words becomes those words, anywhere in the piece, and the reader is told.
 */
export function boundedExpression(db: Database, groups: readonly SearchTerm[][]): { match: string; notes: string[] } {
  const loosened: string[] = [];
  const common = new Map<string, boolean>();
  const isCommon = (word: string) => {
    if (!common.has(word)) common.set(word, isCommonWord(db, word));
    return common.get(word)!;
  };
  const rendered = groups.map((group) =>
    group.map((term) => {
      if (term.words.length < 2 || !term.words.every(isCommon)) return termExpression(term);
      loosened.push(`“${term.words.join(' ')}”`);
      return `(${[...new Set(term.words)].map((word) => termExpression({ words: [word], prefix: false })).join(' AND ')})`;
    }),
  );
  const notes = loosened.length > 0
    ? [`The phrase ${loosened.join(', ')} is made of very common words only, so we looked for ${loosened.length === 1 ? 'its' : 'their'} words anywhere in a piece rather than side by side.`]
    : [];
  return { match: groupsExpression(rendered), notes };
}

/**
 * wordsExpression is every word of the query joined by OR, for highlighting the hits of a query with OR:
 * looked up by rowid, an alternative that fails on that row makes FTS5 read on to the end of its lists (a
 * single word does not). Without OR, every hit matches the whole expression, which then marks phrases whole.
 */
function wordsExpression(groups: readonly SearchTerm[][]): string {
  const words = new Set<string>();
  for (const term of groups.flat()) {
    term.words.forEach((word, i) => words.add(termExpression({ words: [word], prefix: term.prefix && i === term.words.length - 1 })));
  }
  return [...words].join(' OR ');
}

/**
 * searchArticles runs parsed groups (from parseSearchQuery) over public pieces, best first, and returns one
 * page with highlighted titles and body snippets. Its cost is bounded whatever the query: it reads at most
 * maxCandidates matches, newest first, ranks only those, and never lets FTS5 check positions across every
 * piece holding common words. It returns undefined if FTS5 rejects the expression, which parseSearchQuery is
 * built to prevent; the caller then tells the reader, never a 500.
 */
export function searchArticles(db: Database, groups: readonly SearchTerm[][], offset: number, limit: number, now: number): SearchPage | undefined {
  try {
    const { match, notes } = boundedExpression(db, groups);
    // FTS5 hands matches over in rowid order as it reads them, so LIMIT stops the reading itself; CROSS JOIN
    // keeps the full-text index driving. Ranking reads only the short fields, never FTS5's per-match data.
    const candidates = statement<[string, number, number], Candidate>(
      db,
      `SELECT a.id, a.published_ts AS publishedTs, a.title, a.dek,
         coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x JOIN authors au ON au.id = x.author_id
                   WHERE x.article_id = a.id), '') AS authors,
         coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id
                   WHERE x.article_id = a.id), '') AS tags
       FROM article_search s CROSS JOIN articles a ON a.id = s.rowid
       WHERE article_search MATCH ? AND a.draft = 0 AND a.published_ts <= ?
       ORDER BY s.rowid DESC LIMIT ?`,
    ).all(match, now, maxCandidates + 1);
    const capped = candidates.length > maxCandidates;
    if (capped) candidates.pop();
    const score = rankScorer(groups);
    const ranked = candidates
      .map((c) => ({ c, score: score(c) }))
      .sort((x, y) => y.score - x.score || y.c.publishedTs - x.c.publishedTs || y.c.id - x.c.id);
    const ids = ranked.slice(offset, offset + limit).map((r) => r.c.id);
    const found = statement<[string, string, string, string, string, string], HitRow>(
      db,
      `SELECT a.id, a.slug, a.type, a.dek, a.published_at AS publishedAt, a.source_publication AS sourcePublication,
         highlight(article_search, 0, ?, ?) AS markedTitle,
         snippet(article_search, 2, ?, ?, '…', 32) AS markedSnippet,
         (SELECT json_group_array(json_object('slug', au.slug, 'name', au.name) ORDER BY x.position)
            FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id) AS authorsJson
       FROM article_search s CROSS JOIN articles a ON a.id = s.rowid
       WHERE article_search MATCH ? AND s.rowid IN (SELECT value FROM json_each(?))`,
    ).all(matchStart, matchEnd, matchStart, matchEnd, groups.every((group) => group.length === 1) ? match : wordsExpression(groups), JSON.stringify(ids));
    const byId = new Map(found.map((row) => [row.id, row]));
    const rows = ids.map((id) => byId.get(id)).filter((row): row is HitRow => row !== undefined);
    return {
      total: candidates.length,
      capped,
      notes,
      hits: rows.map(({ authorsJson, ...row }) => ({ ...row, authors: JSON.parse(authorsJson) as BylineAuthor[] })),
    };
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
