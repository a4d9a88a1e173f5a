import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/db/open.js';
import { searchArticles } from '../src/db/search.js';
import { parseSearchQuery } from '../src/search/query.js';
import { findAuthor } from '../src/db/authors.js';
import { findTag, listArticlesByAuthor, listArticlesByTag, listPublishedArticles } from '../src/db/articles.js';
import type { Corpus } from './corpus.js';

/** How long one listing query takes on its first page and on a deep one, with no page cache in front. */
export interface QueryTiming {
  listing: string;
  firstPageUs: number;
  deepPage: number;
  deepPageUs: number;
}

/** timePairUs times a and b alternately, so a busy machine slows both alike; returns the median µs of each. */
function timePairUs(a: () => unknown, b: () => unknown, runs = 400): [number, number] {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs + 40; i += 1) {
    for (const [k, fn] of [a, b].entries()) {
      const started = process.hrtime.bigint();
      fn();
      if (i >= 40) times[k]!.push(Number(process.hrtime.bigint() - started) / 1000);
    }
  }
  const median = (list: number[]) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
  return [median(times[0]), median(times[1])];
}

/**
 * measureQueries times the real listing queries (src/db/articles.ts) on the benchmark database, read-only:
 * the home page by keyset on list_position, and the tag and author pages, page 1 against a deep page.
 */
export async function measureQueries(databasePath: string, _root: string, corpus: Corpus): Promise<QueryTiming[]> {
  const db = new BetterSqlite3(databasePath, { readonly: true });
  try {
    const now = Date.now();
    const size = 12;
    // The last full page: a shorter final page would flatter the deep query.
    const pages = (total: number) => Math.max(1, Math.floor(total / size));
    const home = listPublishedArticles(db, 1, size, now);
    const homeDeep = Math.min(1000, pages(home.total));
    const tag = findTag(db, corpus.sampleTag)!;
    const tagDeep = pages(listArticlesByTag(db, tag.id, 1, size, now).total);
    const author = findAuthor(db, corpus.sampleAuthor)!;
    const authorDeep = pages(listArticlesByAuthor(db, author.id, 1, size, now).total);
    const timing = (listing: string, deepPage: number, page: (n: number) => unknown): QueryTiming => {
      const [firstPageUs, deepPageUs] = timePairUs(() => page(1), () => page(deepPage));
      return { listing, firstPageUs, deepPage, deepPageUs };
    };
    return [
      timing('home (keyset on list_position)', homeDeep, (n) => listPublishedArticles(db, n, size, now)),
      timing('tag (last full page, LIMIT/OFFSET on its index)', tagDeep, (n) => listArticlesByTag(db, tag.id, n, size, now)),
      timing('author (last full page, LIMIT/OFFSET on its index)', authorDeep, (n) => listArticlesByAuthor(db, author.id, n, size, now)),
    ];
  } finally {
    db.close();
  }
}

/** How long the costliest search we could construct takes, directly against the database (no cache). */
export interface SearchTiming {
  query: string;
  medianMs: number;
  maxMs: number;
  ranked: number;
}

/**
 * worstSearchQueries are the shapes that used to cost seconds (issue 17): one-letter prefixes joined by OR
 * or side by side, prefixes of common beginnings, phrases of common words, many common terms. Distinct
 * suffixes are not needed here: the database is asked directly, with no results cache in front.
 */
export const worstSearchQueries = [
  Array.from('abcdefghijkl', (c) => `${c}*`).join(' OR '),
  Array.from('abcdefghijkl', (c) => `${c}*`).join(' '),
  'the* OR tax* OR cit* OR har* OR pro* OR qui* OR cos* OR sch*',
  'the* tax* cit* har* pro* qui* cos* sch*',
  '"the the the the"',
  '"the quiet" OR "the costly" OR "the public" OR "the local"',
  'the and so but because while since until',
  'harbour',
];

/** measureWorstSearch times each worst-shape query through the real search code; the bench reports the worst. */
export function measureWorstSearch(databasePath: string, root: string, runs = 15): SearchTiming[] {
  // openDatabase migrates, so a database kept in --workdir by an older run gets the search prefix index.
  const db = openDatabase(databasePath, path.join(root, 'migrations'));
  try {
    const now = Date.now();
    return worstSearchQueries.map((query) => {
      const { groups } = parseSearchQuery(query);
      const times: number[] = [];
      let ranked = 0;
      for (let i = 0; i < runs + 2; i += 1) {
        const started = performance.now();
        ranked = searchArticles(db, groups, 0, 12, now)?.total ?? 0;
        if (i >= 2) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { query, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)!, ranked };
    });
  } finally {
    db.close();
  }
}
