import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** A sitemap line for an article: where it lives, whether its canonical copy is elsewhere, and when it changed. */
export interface SitemapArticle {
  slug: string;
  canonicalUrl: string | null;
  modifiedTs: number;
}

/** A sitemap line for an author or tag page, dated by the latest change among its public pieces. */
export interface SitemapListing {
  slug: string;
  modifiedTs: number;
}

/** A Google News sitemap line: one of our own pieces from the last 48 hours. */
export interface NewsArticle {
  slug: string;
  canonicalUrl: string | null;
  title: string;
  publishedAt: string;
}

// The one honest "last changed" instant as epoch ms, for sitemaps.
const modifiedTs = `max(a.published_ts, coalesce(a.updated_ts, 0),
  coalesce((SELECT max(c.corrected_ts) FROM corrections c WHERE c.article_id = a.id), 0))`;

/** countSitemapEntries counts the public articles, and the authors and tags with at least one public piece. */
export function countSitemapEntries(db: Database, now: number): { articles: number; authors: number; tags: number } {
  return statement<[number, number, number], { articles: number; authors: number; tags: number }>(
    db,
    `SELECT
       (SELECT count(*) FROM articles WHERE draft = 0 AND published_ts <= ?) AS articles,
       (SELECT count(DISTINCT author_id) FROM article_authors WHERE draft = 0 AND published_ts <= ?) AS authors,
       (SELECT count(DISTINCT tag_id) FROM article_tags WHERE draft = 0 AND published_ts <= ?) AS tags`,
  ).get(now, now, now)!;
}

/** listSitemapArticles returns one slice of the public articles, newest first, with their last change. */
export function listSitemapArticles(db: Database, offset: number, limit: number, now: number): SitemapArticle[] {
  return statement<[number, number, number], SitemapArticle>(
    db,
    `SELECT a.slug, a.canonical_url AS canonicalUrl, ${modifiedTs} AS modifiedTs
     FROM articles a WHERE a.draft = 0 AND a.published_ts <= ?
     ORDER BY a.published_ts DESC, a.id DESC LIMIT ? OFFSET ?`,
  ).all(now, limit, offset);
}

/** listSitemapAuthors returns one slice of the authors with public pieces, by id, dated by their latest change. */
export function listSitemapAuthors(db: Database, offset: number, limit: number, now: number): SitemapListing[] {
  return statement<[number, number, number], SitemapListing>(
    db,
    `SELECT au.slug, max(${modifiedTs}) AS modifiedTs
     FROM article_authors j JOIN authors au ON au.id = j.author_id JOIN articles a ON a.id = j.article_id
     WHERE j.draft = 0 AND j.published_ts <= ?
     GROUP BY j.author_id ORDER BY j.author_id LIMIT ? OFFSET ?`,
  ).all(now, limit, offset);
}

/** listSitemapTags returns one slice of the tags with public pieces, by id, dated by their latest change. */
export function listSitemapTags(db: Database, offset: number, limit: number, now: number): SitemapListing[] {
  return statement<[number, number, number], SitemapListing>(
    db,
    `SELECT t.slug, max(${modifiedTs}) AS modifiedTs
     FROM article_tags j JOIN tags t ON t.id = j.tag_id JOIN articles a ON a.id = j.article_id
     WHERE j.draft = 0 AND j.published_ts <= ?
     GROUP BY j.tag_id ORDER BY j.tag_id LIMIT ? OFFSET ?`,
  ).all(now, limit, offset);
}

/** findLatestChange returns the latest "modified" instant of any public piece, or undefined when none is public. */
export function findLatestChange(db: Database, now: number): number | undefined {
  // Corrections and editor's updates are never earlier than publication, so the newest few pieces by
  // date plus the newest correction and update bound the answer without scanning every article.
  const row = statement<[number, number, number], { ts: number | null }>(
    db,
    `SELECT max(
       (SELECT max(published_ts) FROM articles WHERE draft = 0 AND published_ts <= ?),
       coalesce((SELECT max(a.updated_ts) FROM articles a WHERE a.draft = 0 AND a.published_ts <= ?), 0),
       coalesce((SELECT max(c.corrected_ts) FROM corrections c JOIN articles a ON a.id = c.article_id
                 WHERE a.draft = 0 AND a.published_ts <= ?), 0)) AS ts`,
  ).get(now, now, now);
  return row?.ts ?? undefined;
}

/**
 * listNewsArticles returns our own pieces published in the 48 hours before now, newest first, at most
 * 1,000 (Google News' limit per sitemap). Pieces with a source are syndicated copies and left out; the
 * caller drops those whose canonical URL points off the site.
 */
export function listNewsArticles(db: Database, now: number): NewsArticle[] {
  return statement<[number, number], NewsArticle>(
    db,
    `SELECT a.slug, a.canonical_url AS canonicalUrl, a.title, a.published_at AS publishedAt FROM articles a
     WHERE a.draft = 0 AND a.published_ts > ? AND a.published_ts <= ? AND a.source_url IS NULL
     ORDER BY a.published_ts DESC, a.id DESC LIMIT 1000`,
  ).all(now - 48 * 60 * 60 * 1000, now);
}

/** The kinds of page a sitemap file can list, apart from the fixed pages (home, corrections). */
export type SitemapKind = 'articles' | 'authors' | 'tags';

/**
 * listSitemapFileDates returns, for each file of `perFile` entries of a kind (in the order the list
 * functions above use), the latest change among its entries: the lastmod of that file in a sitemap index.
 */
export function listSitemapFileDates(db: Database, kind: SitemapKind, perFile: number, now: number): number[] {
  const ranked = {
    articles: `SELECT row_number() OVER (ORDER BY a.published_ts DESC, a.id DESC) AS n, ${modifiedTs} AS ts
      FROM articles a WHERE a.draft = 0 AND a.published_ts <= @now`,
    authors: `SELECT row_number() OVER (ORDER BY j.author_id) AS n, max(${modifiedTs}) AS ts
      FROM article_authors j JOIN articles a ON a.id = j.article_id
      WHERE j.draft = 0 AND j.published_ts <= @now GROUP BY j.author_id`,
    tags: `SELECT row_number() OVER (ORDER BY j.tag_id) AS n, max(${modifiedTs}) AS ts
      FROM article_tags j JOIN articles a ON a.id = j.article_id
      WHERE j.draft = 0 AND j.published_ts <= @now GROUP BY j.tag_id`,
  }[kind];
  return statement<[{ now: number; perFile: number }], { ts: number }>(
    db,
    `SELECT (n - 1) / CAST(@perFile AS INTEGER) AS file, max(ts) AS ts FROM (${ranked}) GROUP BY file ORDER BY file`,
  )
    .all({ now, perFile })
    .map((row) => row.ts);
}

/** findLatestCorrection returns when the newest correction to a public piece was made, or undefined. */
export function findLatestCorrection(db: Database, now: number): number | undefined {
  return (
    statement<[number], { ts: number }>(
      db,
      `SELECT c.corrected_ts AS ts FROM corrections c JOIN articles a ON a.id = c.article_id
       WHERE a.draft = 0 AND a.published_ts <= ? ORDER BY c.corrected_ts DESC LIMIT 1`,
    ).get(now)?.ts ?? undefined
  );
}
