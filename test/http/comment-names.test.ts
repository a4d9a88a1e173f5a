import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bodyHash } from '../../src/comments/submit.js';
import { insertComment, updateCommentStatus } from '../../src/db/comments.js';
import { browserAgent as browser } from '../helpers/comment-traffic.js';
import { assertHtmlPage, startSite, type TestSite } from '../helpers/site.js';

/** submit opens the form like a browser, waits like a person and posts the fields. */
async function submit(site: TestSite, fields: Record<string, string>): Promise<Response> {
  const page = await site.get('/opinion/full-piece', { headers: { 'user-agent': browser } });
  const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(token, 'the page has a comment form');
  site.clock.now += 10_000;
  return site.get('/opinion/full-piece/comments', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.config.siteUrl, 'user-agent': browser },
    body: new URLSearchParams({ token, email: 'reader@example.org', website: '', comment: 'A reader writes.', ...fields }).toString(),
  });
}

const rows = (site: TestSite) => site.db.prepare(`SELECT id, author_name AS name, body FROM comments ORDER BY id`).all() as { id: number; name: string; body: string }[];

describe('commenters cannot pass for a writer (issue 17)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { COMMENT_RATE_LIMIT: '1000' } });
  });
  after(() => site.close());

  it('refuses a writer\'s name from the authors registry, however it is disguised, with a message on the name field', async () => {
    const disguises = [
      'Ada Fixture',
      'ada  fixture',
      '\u202EAda Fixture\u202C',
      '\u202DAda Fixture',
      'Ada \u2067Fixture\u2069',
      'A\u200Dda Fix\u200Cture',
      'Ada\u200B Fixture',
      'A\u0301da Fi\u0336xture',
      '\uFF21\uFF44\uFF41 \uFF26\uFF49\uFF58\uFF54\uFF55\uFF52\uFF45',
      '\u0410d\u0430 Fi\u0445tur\u0435',
      'B\u0435n S\u0430mple',
      'BEN SAMPLE',
    ];
    for (const name of disguises) {
      const response = await submit(site, { name });
      assertHtmlPage(response, 400);
      const html = await response.text();
      assert.match(html, /<li><a href="#comment-name">That is the name of one of our writers\./, JSON.stringify(name));
    }
    assert.equal(rows(site).length, 0);
  });

  it('stores and shows a reader\'s own name without the controls that would reorder it', async () => {
    const response = await submit(site, { name: 'Rosa\u202E\u200B Reader', comment: 'Costs \u202E05$\u202C today, see \u2067https://example.org\u2069.' });
    assert.equal(response.status, 303);
    const [row] = rows(site);
    assert.equal(row!.name, 'Rosa Reader');
    assert.equal(row!.body, 'Costs 05$ today, see https://example.org.');
    updateCommentStatus(site.db, row!.id, 'approved', site.clock.now);
    const html = await (await site.get('/opinion/full-piece')).text();
    assert.match(html, /<bdi class="comment__author">Rosa Reader<\/bdi>/);
    assert.match(html, /<div class="comment__body" dir="auto">\s*<p>Costs 05\$ today/);
  });

  it('shows a name stored before names were cleaned without its overrides, isolated from the text around it', async () => {
    const articleId = (site.db.prepare(`SELECT id FROM articles WHERE slug = 'full-piece'`).get() as { id: number }).id;
    const body = 'An old comment.';
    insertComment(site.db, {
      articleId, parentId: null, status: 'approved', authorName: 'Old \u202Eeman\u202C Reader', authorEmail: 'old@example.org', authorUrl: null,
      body, bodyHash: bodyHash(body), linkCount: 0, tokenNonce: 'old-comment', createdAt: new Date(site.clock.now).toISOString(), createdTs: site.clock.now,
    });
    const html = await (await site.get('/opinion/full-piece')).text();
    assert.match(html, /<bdi class="comment__author">Old eman Reader<\/bdi>/);
    assert.match(html, /Reply to <bdi>Old eman Reader<\/bdi><\/a>/);
    assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069]/);
  });
});
