import type { Database } from 'better-sqlite3';
import { findRenamedArticle } from './old-slugs.js';
import { statement } from './statements.js';

/** Everything the importer stores for one article, already validated and rendered. */
export interface ArticleRecord {
  slug: string;
  type: string;
  title: string;
  dek: string;
  summary: string;
  section: string;
  bodyMarkdown: string;
  bodyHtml: string;
  excerptHtml: string | null;
  publishedAt: string;
  publishedTs: number;
  updatedAt: string | null;
  updatedTs: number | null;
  draft: number;
  authorNote: string;
  disclosure: string;
  imageSrc: string | null;
  imageAlt: string | null;
  imageCaption: string | null;
  imageCredit: string | null;
  sourcePublication: string | null;
  sourceSection: string | null;
  sourceUrl: string | null;
  sourceDate: string | null;
  sourceLicence: string | null;
  sourceDisplay: string | null;
  canonicalUrl: string | null;
  commentsOpen: number;
  wordCount: number;
  readingMinutes: number;
  contentHash: string;
  sourceFile: string | null;
  inputJson: string;
  /** Plain text of what readers see of the body, for the search index. */
  searchBody: string;
  authorSlugs: string[];
  tags: { slug: string; name: string }[];
  corrections: { correctedAt: string; correctedTs: number; text: string }[];
  aliases: string[];
}

const columns = [
  'slug', 'type', 'title', 'dek', 'summary', 'section', 'body_markdown', 'body_html', 'excerpt_html', 'published_at',
  'published_ts', 'updated_at', 'updated_ts', 'draft', 'author_note', 'disclosure', 'image_src', 'image_alt',
  'image_caption', 'image_credit', 'source_publication', 'source_section', 'source_url', 'source_date',
  'source_licence', 'source_display', 'canonical_url', 'comments_open', 'word_count', 'reading_minutes',
  'content_hash', 'source_file', 'input_json', 'search_body',
];
const param = (column: string) => `@${column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
const insertSql = `INSERT INTO articles (${columns.join(', ')}) VALUES (${columns.map(param).join(', ')})`;
const updateSql = `UPDATE articles SET ${columns.map((c) => `${c} = ${param(c)}`).join(', ')} WHERE id = @id`;

/** findArticleHash returns the id and content hash stored for a slug, to decide whether an import changes it. */
export function findArticleHash(db: Database, slug: string): { id: number; contentHash: string } | undefined {
  return statement<[string], { id: number; contentHash: string }>(
    db,
    `SELECT id, content_hash AS contentHash FROM articles WHERE slug = ?`,
  ).get(slug);
}

/** What an import needs to know about a stored article to plan a change and keep the replaced version. */
export interface StoredArticle {
  id: number;
  slug: string;
  title: string;
  contentHash: string;
  sourceFile: string | null;
  inputJson: string | null;
}

/** findStoredArticle returns the hash, source and validated input stored for a slug, or undefined. */
export function findStoredArticle(db: Database, slug: string): StoredArticle | undefined {
  return statement<[string], StoredArticle>(
    db,
    `SELECT id, slug, title, content_hash AS contentHash, source_file AS sourceFile, input_json AS inputJson
     FROM articles WHERE slug = ?`,
  ).get(slug);
}

/** updateInputJson records the validated input of a row stored before inputs were kept; nothing else changes. */
export function updateInputJson(db: Database, id: number, inputJson: string): void {
  statement(db, `UPDATE articles SET input_json = ? WHERE id = ?`).run(inputJson, id);
}

/** updateSourceFile records a new source file for an article whose content is unchanged. */
export function updateSourceFile(db: Database, id: number, sourceFile: string): void {
  statement(db, `UPDATE articles SET source_file = ? WHERE id = ?`).run(sourceFile, id);
}

/** deleteArticle removes an article and (by cascade) its bylines, tags, corrections and aliases. */
export function deleteArticle(db: Database, slug: string): boolean {
  return statement(db, `DELETE FROM articles WHERE slug = ?`).run(slug).changes > 0;
}

/** findAliasOwner returns the slug of the article that owns an alias (or the slug itself), if any. */
export function findAliasOwner(db: Database, alias: string): string | undefined {
  return statement<[string, string], { slug: string }>(
    db,
    `SELECT a.slug FROM article_aliases al JOIN articles a ON a.id = al.article_id WHERE al.slug = ?
     UNION ALL SELECT slug FROM articles WHERE slug = ?`,
  ).get(alias, alias)?.slug;
}

/**
 * upsertArticle writes one article and its authors, tags, corrections and aliases by slug. Call it inside a
 * transaction; it writes nothing when the stored content hash already matches.
 */
export function upsertArticle(db: Database, record: ArticleRecord): 'created' | 'updated' | 'unchanged' {
  // A file whose slug changed updates its own row (keeping its id); a trigger records the old slug.
  const existing = findArticleHash(db, record.slug) ?? findRenamedArticle(db, record.sourceFile, record.slug);
  if (existing?.contentHash === record.contentHash) return 'unchanged';
  const { authorSlugs, tags, corrections, aliases, ...row } = record;
  let id: number;
  if (existing) {
    id = existing.id;
    statement(db, updateSql).run({ ...row, id });
    for (const table of ['article_authors', 'article_tags', 'corrections', 'article_aliases']) {
      statement(db, `DELETE FROM ${table} WHERE article_id = ?`).run(id);
    }
  } else {
    id = Number(statement(db, insertSql).run(row).lastInsertRowid);
  }
  authorSlugs.forEach((slug, position) => {
    statement(
      db,
      `INSERT INTO article_authors (article_id, author_id, position, draft, published_ts)
       SELECT ?, id, ?, ?, ? FROM authors WHERE slug = ?`,
    ).run(id, position, row.draft, row.publishedTs, slug);
  });
  tags.forEach((tag, position) => {
    statement(db, `INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`).run(tag.slug, tag.name);
    statement(
      db,
      `INSERT INTO article_tags (article_id, tag_id, position, draft, published_ts)
       SELECT ?, id, ?, ?, ? FROM tags WHERE slug = ?`,
    ).run(id, position, row.draft, row.publishedTs, tag.slug);
  });
  corrections.forEach((correction, position) => {
    statement(
      db,
      `INSERT INTO corrections (article_id, position, corrected_at, corrected_ts, text) VALUES (?, ?, ?, ?, ?)`,
    ).run(id, position, correction.correctedAt, correction.correctedTs, correction.text);
  });
  for (const alias of aliases) statement(db, `INSERT INTO article_aliases (slug, article_id) VALUES (?, ?)`).run(alias, id);
  replaceSearchEntry(db, id);
  return existing ? 'updated' : 'created';
}

/**
 * replaceSearchEntry writes an article's search entry from its row, bylines and tags, once per write (see
 * migration 0006 for why this is not a row trigger).
 */
function replaceSearchEntry(db: Database, id: number): void {
  statement(db, `DELETE FROM article_search WHERE rowid = ?`).run(id);
  statement(
    db,
    `INSERT INTO article_search (rowid, title, dek, body, authors, tags)
     SELECT a.id, a.title, a.dek, a.search_body,
       coalesce((SELECT group_concat(au.name, ' ') FROM article_authors x JOIN authors au ON au.id = x.author_id
                 WHERE x.article_id = a.id ORDER BY x.position), ''),
       coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id
                 WHERE x.article_id = a.id ORDER BY x.position), '')
     FROM articles a WHERE a.id = ?`,
  ).run(id);
}

/**
 * renumberListPositions gives every non-draft article its 1-based rank, newest first, and clears drafts'.
 * Only rows whose rank moved are written. Call inside the import transaction after any article changed.
 */
export function renumberListPositions(db: Database): void {
  statement(db, `UPDATE articles SET list_position = NULL WHERE draft = 1 AND list_position IS NOT NULL`).run();
  statement(
    db,
    `WITH ranked AS (
       SELECT id, row_number() OVER (ORDER BY published_ts DESC, id DESC) AS position FROM articles WHERE draft = 0
     )
     UPDATE articles SET list_position = ranked.position FROM ranked
     WHERE articles.id = ranked.id AND articles.list_position IS NOT ranked.position`,
  ).run();
}
