import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** A name and slug pair: an author or a tag as feeds and sitemaps need them. */
export interface NamedSlug {
  slug: string;
  name: string;
}

/**
 * The three dates a piece can change on. Its one honest "modified" date is the latest of them (see
 * latestChange in src/seo/dates.ts).
 */
export interface ChangeDates {
  publishedAt: string;
  publishedTs: number;
  updatedAt: string | null;
  updatedTs: number | null;
  correctedAt: string | null;
  correctedTs: number | null;
}

/** A public piece with everything a feed entry carries. */
export interface FeedArticle extends ChangeDates {
  id: number;
  slug: string;
  type: string;
  title: string;
  dek: string;
  summary: string;
  section: string;
  bodyHtml: string;
  excerptHtml: string | null;
  sourceDisplay: 'full' | 'excerpt' | null;
  sourcePublication: string | null;
  sourceUrl: string | null;
  canonicalUrl: string | null;
  imageSrc: string | null;
  imageAlt: string | null;
  authors: NamedSlug[];
  tags: NamedSlug[];
}

/** Which pieces a feed carries: the whole site's, one author's or one tag's. */
export type FeedScope = { kind: 'site' } | { kind: 'author'; authorId: number } | { kind: 'tag'; tagId: number };

// The latest correction of article a, by date. corrections(article_id, position) is the lookup index.
const correctionColumns = `
  (SELECT c.corrected_at FROM corrections c WHERE c.article_id = a.id
     AND c.corrected_ts = (SELECT max(m.corrected_ts) FROM corrections m WHERE m.article_id = a.id) LIMIT 1) AS correctedAt,
  (SELECT max(c.corrected_ts) FROM corrections c WHERE c.article_id = a.id) AS correctedTs`;

const feedColumns = `a.id, a.slug, a.type, a.title, a.dek, a.summary, a.section, a.body_html AS bodyHtml,
  a.excerpt_html AS excerptHtml, a.source_display AS sourceDisplay, a.source_publication AS sourcePublication,
  a.source_url AS sourceUrl, a.canonical_url AS canonicalUrl, a.image_src AS imageSrc, a.image_alt AS imageAlt,
  a.published_at AS publishedAt, a.published_ts AS publishedTs, a.updated_at AS updatedAt, a.updated_ts AS updatedTs,
  ${correctionColumns},
  (SELECT json_group_array(json_object('slug', au.slug, 'name', au.name) ORDER BY x.position)
     FROM article_authors x JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id) AS authorsJson,
  (SELECT json_group_array(json_object('slug', t.slug, 'name', t.name) ORDER BY x.position)
     FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id) AS tagsJson`;

type FeedRow = Omit<FeedArticle, 'authors' | 'tags'> & { authorsJson: string; tagsJson: string };

function toFeedArticle({ authorsJson, tagsJson, ...row }: FeedRow): FeedArticle {
  return { ...row, authors: JSON.parse(authorsJson) as NamedSlug[], tags: JSON.parse(tagsJson) as NamedSlug[] };
}

/**
 * listFeedArticles returns the newest `limit` public pieces in scope, newest first, with bodies, bylines
 * and tags. Each scope reads one index in order (articles_by_date, or the author or tag join index).
 */
export function listFeedArticles(db: Database, scope: FeedScope, limit: number, now: number): FeedArticle[] {
  let rows: FeedRow[];
  if (scope.kind === 'author') {
    rows = statement<[number, number, number], FeedRow>(
      db,
      `SELECT ${feedColumns} FROM article_authors j JOIN articles a ON a.id = j.article_id
       WHERE j.author_id = ? AND j.draft = 0 AND j.published_ts <= ?
       ORDER BY j.published_ts DESC, j.article_id DESC LIMIT ?`,
    ).all(scope.authorId, now, limit);
  } else if (scope.kind === 'tag') {
    rows = statement<[number, number, number], FeedRow>(
      db,
      `SELECT ${feedColumns} FROM article_tags j JOIN articles a ON a.id = j.article_id
       WHERE j.tag_id = ? AND j.draft = 0 AND j.published_ts <= ?
       ORDER BY j.published_ts DESC, j.article_id DESC LIMIT ?`,
    ).all(scope.tagId, now, limit);
  } else {
    rows = statement<[number, number], FeedRow>(
      db,
      `SELECT ${feedColumns} FROM articles a WHERE a.draft = 0 AND a.published_ts <= ?
       ORDER BY a.published_ts DESC, a.id DESC LIMIT ?`,
    ).all(now, limit);
  }
  return rows.map(toFeedArticle);
}
