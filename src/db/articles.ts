import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** A byline entry, enough to link to the author's page. */
export interface BylineAuthor {
  slug: string;
  name: string;
}

/** What an index card shows: a published piece without its body. */
export interface ArticleSummary {
  id: number;
  slug: string;
  type: string;
  title: string;
  dek: string;
  summary: string;
  section: string;
  publishedAt: string;
  publishedTs: number;
  readingMinutes: number;
  sourcePublication: string | null;
  authors: BylineAuthor[];
}

/** A whole article as stored, with its body HTML. */
export interface Article extends ArticleSummary {
  bodyHtml: string;
  excerptHtml: string | null;
  updatedAt: string | null;
  updatedTs: number | null;
  draft: boolean;
  authorNote: string;
  disclosure: string;
  imageSrc: string | null;
  imageAlt: string | null;
  imageCaption: string | null;
  imageCredit: string | null;
  sourceSection: string | null;
  sourceUrl: string | null;
  sourceDate: string | null;
  sourceLicence: string | null;
  sourceDisplay: 'full' | 'excerpt' | null;
  canonicalUrl: string | null;
  commentsOpen: boolean;
  wordCount: number;
}

export interface Correction {
  correctedAt: string;
  text: string;
}

export interface Tag {
  id: number;
  slug: string;
  name: string;
}

/** One page of a listing plus what pagination needs. */
export interface ArticlePage {
  articles: ArticleSummary[];
  total: number;
}

type SummaryRow = Omit<ArticleSummary, 'authors'> & { authorsJson: string };
type ArticleRow = Omit<Article, 'authors' | 'draft' | 'commentsOpen'> & { authorsJson: string; draft: number; commentsOpen: number };

const authorsJson = `(SELECT json_group_array(json_object('slug', au.slug, 'name', au.name) ORDER BY aa.position)
   FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id) AS authorsJson`;

const summaryColumns = `a.id, a.slug, a.type, a.title, a.dek, a.summary, a.section, a.published_at AS publishedAt,
  a.published_ts AS publishedTs, a.reading_minutes AS readingMinutes, a.source_publication AS sourcePublication,
  ${authorsJson}`;

const articleColumns = `${summaryColumns}, a.body_html AS bodyHtml, a.excerpt_html AS excerptHtml,
  a.updated_at AS updatedAt, a.updated_ts AS updatedTs, a.draft, a.author_note AS authorNote, a.disclosure,
  a.image_src AS imageSrc, a.image_alt AS imageAlt, a.image_caption AS imageCaption, a.image_credit AS imageCredit,
  a.source_section AS sourceSection, a.source_url AS sourceUrl, a.source_date AS sourceDate,
  a.source_licence AS sourceLicence, a.source_display AS sourceDisplay, a.canonical_url AS canonicalUrl,
  a.comments_open AS commentsOpen, a.word_count AS wordCount`;

function toSummary({ authorsJson: json, ...row }: SummaryRow): ArticleSummary {
  return { ...row, authors: JSON.parse(json) as BylineAuthor[] };
}

function toArticle({ authorsJson: json, draft, commentsOpen, ...row }: ArticleRow): Article {
  return { ...row, authors: JSON.parse(json) as BylineAuthor[], draft: draft === 1, commentsOpen: commentsOpen === 1 };
}

/** findPublishedArticle returns the article with that slug if it is public at `now`: not a draft, not scheduled. */
export function findPublishedArticle(db: Database, slug: string, now: number): Article | undefined {
  const row = statement<[string, number], ArticleRow>(
    db,
    `SELECT ${articleColumns} FROM articles a WHERE a.slug = ? AND a.draft = 0 AND a.published_ts <= ?`,
  ).get(slug, now);
  return row && toArticle(row);
}

/** findArticleBySlug returns an article whatever its status, for editors' tools. */
export function findArticleBySlug(db: Database, slug: string): Article | undefined {
  const row = statement<[string], ArticleRow>(db, `SELECT ${articleColumns} FROM articles a WHERE a.slug = ?`).get(slug);
  return row && toArticle(row);
}

/** findSlugForAlias returns the current slug of the published article an old slug points to. */
export function findSlugForAlias(db: Database, alias: string, now: number): string | undefined {
  return statement<[string, number], { slug: string }>(
    db,
    `SELECT a.slug FROM article_aliases al JOIN articles a ON a.id = al.article_id
     WHERE al.slug = ? AND a.draft = 0 AND a.published_ts <= ?`,
  ).get(alias, now)?.slug;
}

/**
 * listPublishedArticles returns page `page` (1-based) of public pieces, newest first. It finds the page by a
 * range on list_position, skipping the scheduled pieces that rank above now, so deep pages cost no more than
 * the first.
 */
export function listPublishedArticles(db: Database, page: number, size: number, now: number): ArticlePage {
  const scheduled = statement<[number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM articles WHERE draft = 0 AND published_ts > ?`,
  ).get(now)!.n;
  // The WHERE lets max() read the end of the partial index; without it SQLite scans the table (issue 6).
  const listed = statement<[], { n: number | null }>(
    db,
    `SELECT max(list_position) AS n FROM articles WHERE list_position IS NOT NULL`,
  ).get()!.n ?? 0;
  const first = scheduled + (page - 1) * size;
  const rows = statement<[number, number], SummaryRow>(
    db,
    `SELECT ${summaryColumns} FROM articles a
     WHERE a.list_position > ? AND a.list_position <= ? ORDER BY a.list_position`,
  ).all(first, first + size);
  return { articles: rows.map(toSummary), total: Math.max(0, listed - scheduled) };
}

/** listArticlesByAuthor returns one page of an author's public pieces, newest first. */
export function listArticlesByAuthor(db: Database, authorId: number, page: number, size: number, now: number): ArticlePage {
  const total = statement<[number, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM article_authors WHERE author_id = ? AND draft = 0 AND published_ts <= ?`,
  ).get(authorId, now)!.n;
  const rows = statement<[number, number, number, number], SummaryRow>(
    db,
    `SELECT ${summaryColumns} FROM article_authors x JOIN articles a ON a.id = x.article_id
     WHERE x.author_id = ? AND x.draft = 0 AND x.published_ts <= ?
     ORDER BY x.published_ts DESC, x.article_id DESC LIMIT ? OFFSET ?`,
  ).all(authorId, now, size, (page - 1) * size);
  return { articles: rows.map(toSummary), total };
}

/** listArticlesByTag returns one page of a tag's public pieces, newest first. */
export function listArticlesByTag(db: Database, tagId: number, page: number, size: number, now: number): ArticlePage {
  const total = statement<[number, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM article_tags WHERE tag_id = ? AND draft = 0 AND published_ts <= ?`,
  ).get(tagId, now)!.n;
  const rows = statement<[number, number, number, number], SummaryRow>(
    db,
    `SELECT ${summaryColumns} FROM article_tags x JOIN articles a ON a.id = x.article_id
     WHERE x.tag_id = ? AND x.draft = 0 AND x.published_ts <= ?
     ORDER BY x.published_ts DESC, x.article_id DESC LIMIT ? OFFSET ?`,
  ).all(tagId, now, size, (page - 1) * size);
  return { articles: rows.map(toSummary), total };
}

/** findTag returns the tag with that slug, or undefined. */
export function findTag(db: Database, slug: string): Tag | undefined {
  return statement<[string], Tag>(db, `SELECT id, slug, name FROM tags WHERE slug = ?`).get(slug);
}

/** listTagsOfArticle returns an article's tags in the order the editor wrote them. */
export function listTagsOfArticle(db: Database, articleId: number): Tag[] {
  return statement<[number], Tag>(
    db,
    `SELECT t.id, t.slug, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ? ORDER BY x.position`,
  ).all(articleId);
}

/** listCorrections returns an article's corrections, oldest first. */
export function listCorrections(db: Database, articleId: number): Correction[] {
  return statement<[number], Correction>(
    db,
    `SELECT corrected_at AS correctedAt, text FROM corrections WHERE article_id = ? ORDER BY position`,
  ).all(articleId);
}

/** hasArticles tells whether the database holds any article at all (a first start has none). */
export function hasArticles(db: Database): boolean {
  return statement<[], { any: number }>(db, `SELECT EXISTS (SELECT 1 FROM articles) AS "any"`).get()!.any === 1;
}
