import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

/** An author from the registry in content/authors.yaml. */
export interface Author {
  id: number;
  slug: string;
  name: string;
  jobTitle: string;
  affiliation: string;
  bio: string;
  url: string | null;
}

export type AuthorFields = Omit<Author, 'id'>;

const columns = `id, slug, name, job_title AS jobTitle, affiliation, bio, url`;

/** findAuthor returns the author with that slug, or undefined. */
export function findAuthor(db: Database, slug: string): Author | undefined {
  return statement<[string], Author>(db, `SELECT ${columns} FROM authors WHERE slug = ?`).get(slug);
}

/** listAuthors returns every author, by name. */
export function listAuthors(db: Database): Author[] {
  return statement<[], Author>(db, `SELECT ${columns} FROM authors ORDER BY name`).all();
}

/** listAuthorsOfArticle returns an article's authors in byline order. */
export function listAuthorsOfArticle(db: Database, articleId: number): Author[] {
  return statement<[number], Author>(
    db,
    `SELECT a.id, a.slug, a.name, a.job_title AS jobTitle, a.affiliation, a.bio, a.url
     FROM article_authors aa JOIN authors a ON a.id = aa.author_id
     WHERE aa.article_id = ? ORDER BY aa.position`,
  ).all(articleId);
}

/** upsertAuthor inserts or updates an author by slug and reports whether anything changed. */
export function upsertAuthor(db: Database, author: AuthorFields): 'created' | 'updated' | 'unchanged' {
  const existing = findAuthor(db, author.slug);
  if (!existing) {
    statement(
      db,
      `INSERT INTO authors (slug, name, job_title, affiliation, bio, url)
       VALUES (@slug, @name, @jobTitle, @affiliation, @bio, @url)`,
    ).run(author);
    return 'created';
  }
  const same = (Object.keys(author) as (keyof AuthorFields)[]).every((key) => existing[key] === author[key]);
  if (same) return 'unchanged';
  statement(
    db,
    `UPDATE authors SET name = @name, job_title = @jobTitle, affiliation = @affiliation, bio = @bio, url = @url
     WHERE slug = @slug`,
  ).run(author);
  return 'updated';
}
