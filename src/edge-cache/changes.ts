import type { Database } from 'better-sqlite3';
import { filingOfArticle, listPublicSlugsFiledUnder } from '../db/filing.js';
import { findChangeTs, findChangeVersion, listChangesSince, type LoggedChange } from '../db/freshness.js';
import { surrogateKeys } from './surrogate.js';

/** What purgeKeys needs to know beyond the log rows: where things are filed now. */
export interface FilingLookups {
  /** The slugs of the authors and tags an article is filed under now. */
  filingOf(articleId: number): { authorSlugs: string[]; tagSlugs: string[] };
  /** The slugs of the public articles filed under an author or tag now. */
  articlesUnder(kind: 'author' | 'tag', id: number): string[];
}

/**
 * purgeKeys turns change-log rows (migration 0008) into the surrogate keys of every cached response they made
 * stale, sorted.
 *
 * A changed article affects its page (and every listing and feed showing its card, which carry its key), the
 * home page, the site feeds and sitemaps, its authors' and tags' pages and feeds (it may have just joined
 * them; those it left have their own link rows), and cached 404s (it may have just appeared). A changed
 * author or tag affects their pages, cached 404s and every public article filed under them. A link row
 * affects the author's or tag's pages only, and a comments row the article's comment list.
 */
export function purgeKeys(changes: readonly LoggedChange[], lookups: FilingLookups): string[] {
  const keys = new Set<string>();
  const articlesSeen = new Set<number>();
  for (const change of changes) {
    switch (change.kind) {
      case 'comments':
        keys.add(surrogateKeys.comments(change.slug));
        break;
      case 'author-link':
        keys.add(surrogateKeys.author(change.slug));
        break;
      case 'tag-link':
        keys.add(surrogateKeys.tag(change.slug));
        break;
      case 'article': {
        keys.add(surrogateKeys.article(change.slug));
        keys.add(surrogateKeys.home);
        keys.add(surrogateKeys.feeds);
        keys.add(surrogateKeys.sitemaps);
        keys.add(surrogateKeys.notFound);
        // An import logs each piece several times (its row, its corrections): look its filing up once.
        if (articlesSeen.has(change.id)) break;
        articlesSeen.add(change.id);
        const { authorSlugs, tagSlugs } = lookups.filingOf(change.id);
        for (const author of authorSlugs) keys.add(surrogateKeys.author(author));
        for (const tag of tagSlugs) keys.add(surrogateKeys.tag(tag));
        break;
      }
      case 'author':
      case 'tag':
        keys.add(surrogateKeys[change.kind](change.slug));
        keys.add(surrogateKeys.notFound);
        for (const article of lookups.articlesUnder(change.kind, change.id)) keys.add(surrogateKeys.article(article));
        break;
    }
  }
  return [...keys].sort();
}

/** Remembers where the change log stood before a write; keys() says what the writes since made stale. */
export interface ChangeTracker {
  /** keys lists the surrogate keys of every cached response the writes since the tracker began made stale. */
  keys(): string[];
}

/**
 * trackChanges notes the change log's version now; keys() reads the rows written since, whichever command
 * wrote them (import, publish, unpublish, delete, restore, an author's edit, comment moderation), and derives
 * the keys from them with purgeKeys. An unchanged log means nothing changed, and costs two queries. A log that
 * went back, has a gap or holds another row under the version it started from (a backup restored over the
 * database) no longer describes the change: everything is purged.
 */
export function trackChanges(db: Database, now: () => number = Date.now): ChangeTracker {
  const before = findChangeVersion(db);
  const beforeTs = findChangeTs(db, before);
  return {
    keys() {
      const version = findChangeVersion(db);
      // The row may have been pruned since (a day old, and newer rows written): that alone is no replacement.
      const afterTs = findChangeTs(db, before);
      if (beforeTs !== undefined && afterTs !== undefined && afterTs !== beforeTs) return [surrogateKeys.site];
      if (version === before) return [];
      const changes = listChangesSince(db, before);
      if (version < before || changes[0]?.version !== before + 1) return [surrogateKeys.site];
      const at = now();
      return purgeKeys(changes, {
        filingOf: (articleId) => filingOfArticle(db, articleId),
        articlesUnder: (kind, id) => listPublicSlugsFiledUnder(db, kind, id, at),
      });
    },
  };
}
