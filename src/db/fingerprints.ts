import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/**
 * One article as far as what readers see of it can change: a fingerprint of its stored version, status and
 * date, and the authors and tags it is filed under (which pages list it).
 */
export interface ArticleFingerprint {
  slug: string;
  draft: boolean;
  publishedTs: number;
  fingerprint: string;
  authorSlugs: string[];
  tagSlugs: string[];
}

/** listArticleFingerprints returns every article, draft or not, with its fingerprint, authors and tags. */
export function listArticleFingerprints(db: Database): ArticleFingerprint[] {
  return statement<[], { slug: string; draft: number; publishedTs: number; fingerprint: string; authors: string | null; tags: string | null }>(
    db,
    `SELECT a.slug, a.draft, a.published_ts AS publishedTs,
       a.content_hash || ' ' || a.draft || ' ' || a.published_ts || ' ' || a.comments_open || ' ' ||
         (SELECT count(*) || ':' || coalesce(max(c.id), 0) FROM corrections c WHERE c.article_id = a.id) AS fingerprint,
       (SELECT group_concat(au.slug, ' ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id
         WHERE aa.article_id = a.id) AS authors,
       (SELECT group_concat(t.slug, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id = a.id) AS tags
     FROM articles a`,
  )
    .all()
    .map((row) => ({
      slug: row.slug,
      draft: row.draft === 1,
      publishedTs: row.publishedTs,
      fingerprint: row.fingerprint,
      authorSlugs: row.authors ? row.authors.split(' ') : [],
      tagSlugs: row.tags ? row.tags.split(' ') : [],
    }));
}

/** listAuthorFingerprints returns each author's slug with everything about them that pages print. */
export function listAuthorFingerprints(db: Database): { slug: string; fingerprint: string }[] {
  return statement<[], { slug: string; fingerprint: string }>(
    db,
    `SELECT slug, json_array(name, job_title, affiliation, bio, url) AS fingerprint FROM authors`,
  ).all();
}

/** listTagFingerprints returns each tag's slug with its name. */
export function listTagFingerprints(db: Database): { slug: string; fingerprint: string }[] {
  return statement<[], { slug: string; fingerprint: string }>(db, `SELECT slug, name AS fingerprint FROM tags`).all();
}
