import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeKind, LoggedChange } from '../../../src/db/freshness.js';
import { purgeKeys, type FilingLookups } from '../../../src/edge-cache/changes.js';

// A small archive as the lookups see it after the writes: piece 1 by ada and ben, tagged budgets.
const lookups: FilingLookups = {
  filingOf: (id) => (id === 1 ? { authorSlugs: ['ada', 'ben'], tagSlugs: ['budgets'] } : { authorSlugs: [], tagSlugs: [] }),
  articlesUnder: (kind, id) => (kind === 'author' && id === 10 ? ['one', 'two'] : kind === 'tag' && id === 20 ? ['one'] : []),
};

const rows = (...changes: [ChangeKind, number, string][]): LoggedChange[] =>
  changes.map(([kind, id, slug], index) => ({ version: index + 1, kind, id, slug }));

const site = ['feeds', 'home', 'not-found', 'sitemaps'];

describe('purgeKeys: change-log rows to surrogate keys (issue 16)', () => {
  const cases: [string, LoggedChange[], string[]][] = [
    ['nothing logged purges nothing', [], []],
    ['a changed piece purges it, its authors and tags now, and the site lists', rows(['article', 1, 'one']), ['article-one', 'author-ada', 'author-ben', ...site, 'tag-budgets'].sort()],
    ['a deleted piece purges it and the site lists; its links name its pages', rows(['article', 9, 'gone'], ['author-link', 10, 'ada'], ['tag-link', 20, 'budgets']), ['article-gone', 'author-ada', ...site, 'tag-budgets'].sort()],
    ['a renamed piece purges the old slug and the new', rows(['article', 9, 'new'], ['article', 9, 'old']), ['article-new', 'article-old', ...site].sort()],
    ['a byline change purges the old author and the new, nothing else', rows(['author-link', 10, 'ada'], ['author-link', 11, 'cy']), ['author-ada', 'author-cy']],
    ['a renamed author purges their pages, 404s and every piece filed under them', rows(['author', 10, 'ada']), ['article-one', 'article-two', 'author-ada', 'not-found']],
    ['a renamed tag purges its pages, 404s and every piece filed under it', rows(['tag', 20, 'budgets']), ['article-one', 'not-found', 'tag-budgets']],
    ['comment moderation purges the comment list only', rows(['comments', 1, 'one'], ['comments', 1, 'one']), ['comments-one']],
  ];
  for (const [name, changes, expected] of cases) {
    it(name, () => assert.deepEqual(purgeKeys(changes, lookups), expected));
  }

  it('looks a piece logged many times up once', () => {
    let lookedUp = 0;
    const counting: FilingLookups = { ...lookups, filingOf: (id) => (lookedUp++, lookups.filingOf(id)) };
    purgeKeys(rows(['article', 1, 'one'], ['article', 1, 'one'], ['article', 1, 'one']), counting);
    assert.equal(lookedUp, 1);
  });
});
