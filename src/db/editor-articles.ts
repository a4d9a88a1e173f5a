import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** Where a piece stands for readers at a moment: public, scheduled for later, or a draft. */
export type ArticleStatus = 'published' | 'scheduled' | 'draft';

/** A row of the editor's listing: every piece whatever its status. */
export interface EditorArticle {
  id: number;
  slug: string;
  type: string;
  title: string;
  section: string;
  publishedAt: string;
  publishedTs: number;
  updatedAt: string | null;
  draft: boolean;
  status: ArticleStatus;
  authors: string[];
  tags: string[];
  sourceFile: string | null;
  sourcePublication: string | null;
  wordCount: number;
  contentHash: string;
}

/** Filters of the editor's listing; each one left undefined matches everything. */
export interface EditorFilters {
  status?: ArticleStatus;
  author?: string;
  tag?: string;
  sinceTs?: number;
}

type EditorRow = Omit<EditorArticle, 'draft' | 'status' | 'authors' | 'tags'> & {
  draft: number;
  authorsJson: string;
  tagsJson: string;
};

const editorColumns = `a.id, a.slug, a.type, a.title, a.section, a.published_at AS publishedAt, a.published_ts AS publishedTs,
  a.updated_at AS updatedAt, a.draft, a.source_file AS sourceFile, a.source_publication AS sourcePublication,
  a.word_count AS wordCount, a.content_hash AS contentHash,
  (SELECT json_group_array(au.slug ORDER BY aa.position) FROM article_authors aa JOIN authors au ON au.id = aa.author_id
   WHERE aa.article_id = a.id) AS authorsJson,
  (SELECT json_group_array(t.slug ORDER BY x.position) FROM article_tags x JOIN tags t ON t.id = x.tag_id
   WHERE x.article_id = a.id) AS tagsJson`;

function toEditorArticle({ authorsJson, tagsJson, draft, ...row }: EditorRow, now: number): EditorArticle {
  const status: ArticleStatus = draft === 1 ? 'draft' : row.publishedTs > now ? 'scheduled' : 'published';
  return { ...row, draft: draft === 1, status, authors: JSON.parse(authorsJson) as string[], tags: JSON.parse(tagsJson) as string[] };
}

/** listArticlesForEditor returns every piece matching the filters, newest first, drafts included. */
export function listArticlesForEditor(db: Database, filters: EditorFilters, now: number): EditorArticle[] {
  const rows = statement<[Record<string, unknown>], EditorRow>(
    db,
    `SELECT ${editorColumns} FROM articles a
     WHERE (@status IS NULL
            OR (@status = 'draft' AND a.draft = 1)
            OR (@status = 'scheduled' AND a.draft = 0 AND a.published_ts > @now)
            OR (@status = 'published' AND a.draft = 0 AND a.published_ts <= @now))
       AND (@author IS NULL OR EXISTS (SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                                       WHERE aa.article_id = a.id AND au.slug = @author))
       AND (@tag IS NULL OR EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id
                                    WHERE x.article_id = a.id AND t.slug = @tag))
       AND (@sinceTs IS NULL OR a.published_ts >= @sinceTs)
     ORDER BY a.published_ts DESC, a.id DESC`,
  ).all({
    status: filters.status ?? null,
    author: filters.author ?? null,
    tag: filters.tag ?? null,
    sinceTs: filters.sinceTs ?? null,
    now,
  });
  return rows.map((row) => toEditorArticle(row, now));
}

/** findEditorArticle returns one piece as the editor's listing shows it, whatever its status. */
export function findEditorArticle(db: Database, slug: string, now: number): EditorArticle | undefined {
  const row = statement<[string], EditorRow>(db, `SELECT ${editorColumns} FROM articles a WHERE a.slug = ?`).get(slug);
  return row && toEditorArticle(row, now);
}

/** Every stored column of an article plus its relations, for rebuilding input stored before inputs were kept. */
export interface ArticleSnapshot {
  slug: string;
  type: string;
  title: string;
  dek: string;
  summary: string;
  section: string;
  bodyMarkdown: string;
  publishedAt: string;
  updatedAt: string | null;
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
  authors: string[];
  tags: string[];
  corrections: { date: string; text: string }[];
  aliases: string[];
}

/** findArticleSnapshot returns everything stored for a slug, or undefined. */
export function findArticleSnapshot(db: Database, slug: string): ArticleSnapshot | undefined {
  const row = statement<[string], Omit<ArticleSnapshot, 'authors' | 'tags' | 'corrections' | 'aliases'> & { id: number }>(
    db,
    `SELECT id, slug, type, title, dek, summary, section, body_markdown AS bodyMarkdown, published_at AS publishedAt,
       updated_at AS updatedAt, draft, author_note AS authorNote, disclosure, image_src AS imageSrc, image_alt AS imageAlt,
       image_caption AS imageCaption, image_credit AS imageCredit, source_publication AS sourcePublication,
       source_section AS sourceSection, source_url AS sourceUrl, source_date AS sourceDate,
       source_licence AS sourceLicence, source_display AS sourceDisplay, canonical_url AS canonicalUrl,
       comments_open AS commentsOpen
     FROM articles WHERE slug = ?`,
  ).get(slug);
  if (!row) return undefined;
  const { id, ...rest } = row;
  const authors = statement<[number], { slug: string }>(
    db,
    `SELECT au.slug FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ? ORDER BY aa.position`,
  ).all(id);
  const tags = statement<[number], { name: string }>(
    db,
    `SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ? ORDER BY x.position`,
  ).all(id);
  const corrections = statement<[number], { date: string; text: string }>(
    db,
    `SELECT corrected_at AS date, text FROM corrections WHERE article_id = ? ORDER BY position`,
  ).all(id);
  const aliases = statement<[number], { slug: string }>(db, `SELECT slug FROM article_aliases WHERE article_id = ? ORDER BY slug`).all(id);
  return {
    ...rest,
    authors: authors.map((a) => a.slug),
    tags: tags.map((t) => t.name),
    corrections,
    aliases: aliases.map((a) => a.slug),
  };
}

/** findBodyAndLeadImage returns the stored Markdown body and lead image of the piece with this slug, or undefined. */
export function findBodyAndLeadImage(db: Database, slug: string): { body: string; imageSrc: string | null; imageAlt: string | null } | undefined {
  return statement<[string], { body: string; imageSrc: string | null; imageAlt: string | null }>(
    db,
    'SELECT body_markdown AS body, image_src AS imageSrc, image_alt AS imageAlt FROM articles WHERE slug = ?',
  ).get(slug);
}
