import type { Database } from 'better-sqlite3';
import { listArticleFingerprints, listAuthorFingerprints, listTagFingerprints, type ArticleFingerprint } from '../db/fingerprints.js';
import { findPageVersion, listPageInvalidationsSince } from '../db/freshness.js';
import { surrogateKeys } from './surrogate.js';

/** A before-picture of what readers can see, taken before a write; keys() says what the write changed. */
export interface ChangeTracker {
  /** keys lists the surrogate keys of every cached response the writes since the picture made stale. */
  keys(): string[];
}

interface Picture {
  version: number;
  articles: Map<string, ArticleFingerprint>;
  authors: Map<string, string>;
  tags: Map<string, string>;
}

function takePicture(db: Database): Picture {
  return {
    version: findPageVersion(db),
    articles: new Map(listArticleFingerprints(db).map((a) => [a.slug, a])),
    authors: new Map(listAuthorFingerprints(db).map((a) => [a.slug, a.fingerprint])),
    tags: new Map(listTagFingerprints(db).map((t) => [t.slug, t.fingerprint])),
  };
}

const commentedPage = /^\/opinion\/([^/?]+)$/;

/**
 * trackChanges pictures the public content of db now; keys() compares it with the content then and lists
 * exactly what to purge, whichever command made the change (import, publish, unpublish, delete, restore,
 * an author's edit, comment moderation). Comment changes come from the page invalidation log (migration
 * 0005), which names the article; content changes from comparing pictures, since that log only says
 * "every page" for them. An unchanged log means nothing changed, and costs one query.
 *
 * What a changed article affects: its page (and every listing and feed showing its card, which carry its
 * key), the home page, the site feeds and sitemaps, its authors' and tags' pages and feeds before and
 * after (it may have joined or left them), and cached 404s (it may have just appeared). A draft or
 * scheduled piece that stays unpublic affects nothing. A changed author or tag name affects their pages
 * and every article filed under them.
 */
export function trackChanges(db: Database, now: () => number = Date.now): ChangeTracker {
  const before = takePicture(db);
  return {
    keys() {
      const version = findPageVersion(db);
      if (version === before.version) return [];
      const keys = new Set<string>();
      for (const row of listPageInvalidationsSince(db, before.version)) {
        const slug = row.path && commentedPage.exec(row.path)?.[1];
        if (slug) keys.add(surrogateKeys.comments(slug));
      }
      const after = takePicture(db);
      const at = now();
      const isPublic = (a: ArticleFingerprint | undefined) => a !== undefined && !a.draft && a.publishedTs <= at;
      const touchArticle = (slug: string) => {
        keys.add(surrogateKeys.article(slug));
        for (const side of [before.articles.get(slug), after.articles.get(slug)]) {
          for (const author of side?.authorSlugs ?? []) keys.add(surrogateKeys.author(author));
          for (const tag of side?.tagSlugs ?? []) keys.add(surrogateKeys.tag(tag));
        }
        keys.add(surrogateKeys.home);
        keys.add(surrogateKeys.feeds);
        keys.add(surrogateKeys.sitemaps);
        keys.add(surrogateKeys.notFound);
      };
      for (const slug of new Set([...before.articles.keys(), ...after.articles.keys()])) {
        const was = before.articles.get(slug);
        const is = after.articles.get(slug);
        if (!isPublic(was) && !isPublic(is)) continue;
        if (was?.fingerprint !== is?.fingerprint || isPublic(was) !== isPublic(is)) touchArticle(slug);
      }
      const filedUnder = (slug: string, field: 'authorSlugs' | 'tagSlugs') =>
        [...after.articles.values()].filter((a) => isPublic(a) && a[field].includes(slug)).map((a) => a.slug);
      for (const [picture, key, field] of [
        ['authors', surrogateKeys.author, 'authorSlugs'],
        ['tags', surrogateKeys.tag, 'tagSlugs'],
      ] as const) {
        for (const slug of new Set([...before[picture].keys(), ...after[picture].keys()])) {
          if (before[picture].get(slug) === after[picture].get(slug)) continue;
          keys.add(key(slug));
          keys.add(surrogateKeys.notFound);
          for (const article of filedUnder(slug, field)) keys.add(surrogateKeys.article(article));
        }
      }
      return [...keys].sort();
    },
  };
}
