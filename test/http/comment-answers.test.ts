import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertComment, updateCommentStatus, type CommentStatus } from '../../src/db/comments.js';
import { bodyHash } from '../../src/comments/submit.js';
import { browserAgent as browser } from '../helpers/comment-traffic.js';
import { startSite, type TestSite } from '../helpers/site.js';

// A reader whose comments are on the page: the attacker knows the name and the text, and guesses the email.
const victim = { name: 'Vera Victim', email: 'vera.victim@example.org' };
const publishedText = 'Vera says the tram plan is sound.';
const pendingText = 'Vera waits for a moderator here.';

/** seedComment stores a comment as if the victim had posted it earlier. */
function seedComment(site: TestSite, body: string, status: CommentStatus, author = victim): number {
  const articleId = (site.db.prepare(`SELECT id FROM articles WHERE slug = 'full-piece'`).get() as { id: number }).id;
  return insertComment(site.db, {
    articleId,
    parentId: null,
    status,
    authorName: author.name,
    authorEmail: author.email,
    authorUrl: null,
    body,
    bodyHash: bodyHash(body),
    linkCount: 0,
    tokenNonce: `seed-${body}`,
    createdAt: new Date(site.clock.now).toISOString(),
    createdTs: site.clock.now,
  });
}

/** The parts of an answer a poster can observe, with the per-request ones (date, request id) taken out. */
interface Answer {
  status: number;
  location: string | null;
  headers: Record<string, string>;
  body: string;
}

/** submit opens the form like a browser, waits like a person, posts the fields and reads the whole answer. */
async function submit(site: TestSite, fields: Record<string, string>): Promise<Answer> {
  const page = await site.get('/opinion/full-piece', { headers: { 'user-agent': browser } });
  const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(token, 'the page has a comment form');
  site.clock.now += 10_000;
  const response = await site.get('/opinion/full-piece/comments', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.config.siteUrl, 'user-agent': browser, accept: 'text/html' },
    body: new URLSearchParams({ token, website: '', ...fields }).toString(),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id'));
  return { status: response.status, location: response.headers.get('location'), headers, body: await response.text() };
}

function count(site: TestSite): number {
  return (site.db.prepare(`SELECT count(*) AS n FROM comments`).get() as { n: number }).n;
}

describe('comment answers do not confirm who wrote what (issue 17)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { COMMENT_RATE_LIMIT: '1000' } });
    seedComment(site, publishedText, 'approved');
    seedComment(site, pendingText, 'pending');
  });
  after(() => site.close());

  it('answers a repeat of a published or a pending comment exactly as it answers a new one, or a bot', async () => {
    const answers: [string, Answer][] = [
      ['a new comment', await submit(site, { ...victim, comment: 'A brand new thought.' })],
      ['a repeat of the published comment, right email', await submit(site, { ...victim, comment: publishedText })],
      ['a repeat of the published comment, wrong email', await submit(site, { name: victim.name, email: 'guess@example.org', comment: publishedText })],
      ['a repeat of the pending comment, right email', await submit(site, { ...victim, comment: pendingText })],
      ['a repeat of the pending comment, wrong email', await submit(site, { name: victim.name, email: 'guess@example.org', comment: pendingText })],
      ['the same repeat with other case and spacing', await submit(site, { ...victim, comment: `  ${publishedText.toUpperCase()}  ` })],
      ['a filled honeypot', await submit(site, { ...victim, comment: 'Bot text.', fax: 'x' })],
      ['a comment with many links', await submit(site, { ...victim, comment: 'https://a.example https://b.example https://c.example' })],
    ];
    const [, first] = answers[0]!;
    assert.equal(first.status, 303);
    assert.equal(first.location, '/opinion/full-piece?comment=pending#comment-notice');
    for (const [label, answer] of answers) assert.deepEqual(answer, first, label);
  });

  it('shows the same page and the same notice after each of those answers', async () => {
    const page = await (await site.get('/opinion/full-piece?comment=pending')).text();
    assert.match(page, /<p class="comments__notice" id="comment-notice" role="status">Thank you\. Your comment has been received/);
    assert.match(page, /<h2 class="comments__title" id="comments-title">1 comment<\/h2>/);
    assert.equal((await (await site.get('/opinion/full-piece?comment=duplicate')).text()).includes('not posted twice'), false);
  });

  it('checks the reply before anything else: a repeat with a bad parent is refused like any bad parent', async () => {
    const hidden = seedComment(site, 'A comment a moderator rejected.', 'rejected', { name: 'Someone', email: 'someone@example.org' });
    const right = await submit(site, { ...victim, comment: publishedText, parent: String(hidden) });
    const wrong = await submit(site, { name: victim.name, email: 'guess@example.org', comment: publishedText, parent: String(hidden) });
    assert.equal(right.status, 400);
    assert.match(right.body, /no longer available/);
    // The form comes back filled in, so the echoed email changes the length and the ETag; nothing else may differ.
    const fixed = (answer: Answer) => ({ ...answer, body: '', headers: { ...answer.headers, 'content-length': '', etag: '' } });
    assert.deepEqual(fixed(right), fixed(wrong));
    // Per-request parts: the fresh form token and the live view counter.
    const page = (answer: Answer) => answer.body.replace(/name="token" value="[^"]+"/, '').replace(/<p class="visit-counter">[^<]*<\/p>/, '');
    assert.equal(page(right), page(wrong).replace('guess@example.org', victim.email));
  });
});

describe('auto-approval trusts no name or email (issue 17)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ env: { COMMENTS_AUTO_APPROVE: 'true', COMMENT_MAX_LINKS: '1', COMMENT_RATE_LIMIT: '1000' } });
    seedComment(site, publishedText, 'approved');
  });
  after(() => site.close());

  /** shape keeps what tells one outcome from another: the status and the Location without its comment id. */
  const shape = (answer: Answer) => ({ status: answer.status, location: answer.location?.replace(/#comment-\d+$/, '#comment-ID') });

  it('treats a known name and email exactly like a stranger, whatever the comment', async () => {
    const stranger = { name: 'Sam Stranger', email: 'sam@example.org' };
    const guessed = { name: victim.name, email: 'guess@example.org' };
    // Each poster writes their own words (a repeat of another's text is held, whoever sends it), except in
    // the last case, where all three copy the victim's published comment.
    const cases: [string, (who: string) => string][] = [
      ['plain text', (who) => `Plain words from ${who}, nothing else.`],
      ['many links', (who) => `${who} says see https://a.example and https://b.example now.`],
      ['the text of the published comment', () => publishedText],
    ];
    for (const [label, comment] of cases) {
      const asVictim = await submit(site, { ...victim, comment: comment('one') });
      const asGuess = await submit(site, { ...guessed, comment: comment('two') });
      const asStranger = await submit(site, { ...stranger, comment: comment('three') });
      assert.deepEqual(shape(asVictim), shape(asStranger), `${label}: known name and email vs a stranger`);
      assert.deepEqual(shape(asGuess), shape(asStranger), `${label}: known name, guessed email vs a stranger`);
    }
    assert.match(shape((await submit(site, { ...stranger, comment: 'Plain words again.' }))).location ?? '', /comment=published/);
  });

  it('publishes what passes the spam rules and holds the rest, for everyone', async () => {
    const rows = site.db.prepare(`SELECT author_name AS name, status, body FROM comments ORDER BY id`).all() as { name: string; status: string; body: string }[];
    const statuses = (pattern: RegExp) => rows.filter((r) => pattern.test(r.body)).map((r) => r.status);
    assert.deepEqual(statuses(/^Plain words from/), ['approved', 'approved', 'approved']);
    assert.deepEqual(statuses(/says see https/), ['pending', 'pending', 'pending']);
    // The published comment's text again: the victim's own repeat is dropped, the others wait for a moderator.
    assert.deepEqual(statuses(new RegExp(`^${publishedText}$`)), ['approved', 'pending', 'pending']);
    assert.equal(count(site), 1 + 3 + 3 + 2 + 1);
  });
});
